/**
 * Files attached to records (activities now, incidents later). The bytes live in the database, so
 * a backup holds them and every app server sees them. An owning area declares its owner type in its
 * manifest (`attachmentOwners`) and mounts the upload/list routes with `attachmentRoutes`
 * (attachments.routes.ts).
 */
import { createHash } from 'node:crypto';
import { type Ctx, tx } from '../../context.ts';
import { nowIso } from '../../db/dialect.ts';
import { fieldError, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { detectContentType, safeFileName } from './attachment-files.ts';
import { attachmentOwnerOf } from './attachment-owners.ts';
import * as repo from './attachments.repository.ts';

export type { AttachmentOwner } from './attachment-owners.ts';
const ownerOf = attachmentOwnerOf;

function toAttachment(r: repo.AttachmentMetaRow) {
  return {
    id: String(r.id),
    ownerType: r.owner_type,
    ownerId: String(r.owner_id),
    fileName: r.file_name,
    contentType: r.content_type,
    declaredContentType: r.declared_content_type,
    sizeBytes: r.size_bytes,
    sha256: r.sha256,
    uploadedAt: r.uploaded_at,
    uploadedBy: r.uploaded_by ? String(r.uploaded_by) : null,
    uploadedByName: r.uploaded_by_name,
    downloadUrl: `/api/v1/attachments/${r.id}/download`,
  };
}
export type Attachment = ReturnType<typeof toAttachment>;

export async function getAttachment(ctx: Ctx, id: number): Promise<Attachment> {
  const row = await repo.findMeta(ctx.db, id);
  if (!row) throw notFound();
  await ownerOf(row.owner_type).assertExists(ctx, row.owner_id);
  return toAttachment(row);
}

export async function listAttachments(ctx: Ctx, ownerType: string, ownerId: number): Promise<Attachment[]> {
  await ownerOf(ownerType).assertExists(ctx, ownerId);
  return (await repo.listMeta(ctx.db, ownerType, ownerId)).map(toAttachment);
}

export async function countAttachments(ctx: Ctx, ownerType: string, ownerIds: number[]) {
  return repo.countByOwner(ctx.db, ownerType, ownerIds);
}

export async function addAttachment(ctx: Ctx, input: { ownerType: string; ownerId: number; fileName?: string | null; declaredType?: string | null; data: Buffer }) {
  if (input.data.length === 0) throw fieldError('file', 'file_empty');
  const contentType = await detectContentType(input.data);
  return tx(ctx, async (c) => {
    await ownerOf(input.ownerType).assertExists(c, input.ownerId);
    const id = await repo.insertAttachment(c.db, {
      owner_type: input.ownerType,
      owner_id: input.ownerId,
      file_name: safeFileName(input.fileName),
      content_type: contentType,
      declared_content_type: input.declaredType?.slice(0, 200) ?? null,
      size_bytes: input.data.length,
      sha256: createHash('sha256').update(input.data).digest('hex'),
      data: input.data,
      uploaded_at: nowIso(),
      uploaded_by: c.actor.userId || null,
    });
    const created = await getAttachment(c, id);
    await recordAudit(c, { entityType: input.ownerType, entityId: input.ownerId, action: 'attach', changes: { attachmentId: created.id, fileName: created.fileName, contentType, sizeBytes: created.sizeBytes } });
    return created;
  });
}

/** The file itself, for a download. */
export async function readAttachmentFile(ctx: Ctx, id: number) {
  const row = await repo.findWithData(ctx.db, id);
  if (!row) throw notFound();
  await ownerOf(row.owner_type).assertExists(ctx, row.owner_id);
  return { fileName: row.file_name, contentType: row.content_type, sizeBytes: row.size_bytes, sha256: row.sha256, data: Buffer.from(row.data) };
}

export async function deleteAttachment(ctx: Ctx, id: number) {
  return tx(ctx, async (c) => {
    const meta = await getAttachment(c, id);
    await repo.deleteAttachment(c.db, id);
    await recordAudit(c, { entityType: meta.ownerType, entityId: meta.ownerId, action: 'detach', changes: { attachmentId: meta.id, fileName: meta.fileName, sha256: meta.sha256 } });
  });
}
