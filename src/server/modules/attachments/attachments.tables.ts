import type { Id } from '../../db/columns.ts';

export type AttachmentsTable = {
  id: Id;
  owner_type: string;
  owner_id: number;
  file_name: string;
  content_type: string;
  declared_content_type: string | null;
  size_bytes: number;
  sha256: string;
  data: Buffer;
  uploaded_at: string;
  uploaded_by: number | null;
};

export type AttachmentsTables = { attachments: AttachmentsTable };
