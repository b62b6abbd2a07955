import { createHash } from 'node:crypto';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, fieldError } from '../../errors.ts';
import { type AppInstance, ctxOf, idParams, noContent, toId, route, itemsSchema } from '../../http.ts';
import { attachmentSchema } from '../../../shared/activities.ts';
import type { Permission } from '../../../shared/roles.ts';
import { contentDisposition, MAX_ATTACHMENT_BYTES } from './attachment-files.ts';
import * as service from './attachments.service.ts';

export { attachmentSchema };

const maxLabel = `${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`;

/**
 * Mounts `POST {path}` (multipart upload, field `file`) and `GET {path}` (list) for one owner
 * type, e.g. `/activities/:id/attachments`. Multipart parsing lives in its own scope, so each
 * owning area can mount this without clashing.
 */
export async function attachmentRoutes(app: AppInstance, opts: { path: string; ownerType: string; tag: string; writePermission: Permission }) {
  // operationIds named after the owner: listActivityAttachments, addActivityAttachment…
  const owner = opts.ownerType.replace(/(^|[_-])([a-z])/g, (_m, _s, c: string) => c.toUpperCase());
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 10, parts: 12, fieldSize: 1024 } });
    const s = scope as unknown as AppInstance;

    s.get(opts.path, route('read', { operationId: `list${owner}Attachments`, tags: [opts.tag], summary: 'Attached files (metadata; download each from its downloadUrl)', params: idParams, response: { 200: itemsSchema(attachmentSchema) } }), async (request) => ({ items: await service.listAttachments(ctxOf(request), opts.ownerType, toId(request.params.id)) }));

    s.post(
      opts.path,
      {
        config: { permission: opts.writePermission },
        schema: {
          operationId: `add${owner}Attachment`,
          tags: [opts.tag],
          summary: `Attach a file (multipart/form-data, field "file", at most ${maxLabel}); its type is detected from its content`,
          params: idParams,
          consumes: ['multipart/form-data'],
          response: { 201: attachmentSchema },
        },
        // The file is read before the handler, so Idempotency-Key can tell a retry of the same
        // file (the first answer again, nothing stored) from another file under the same key (422).
        preValidation: async (request) => {
          const upload = await readUpload(request);
          uploads.set(request, upload);
          request.idempotencyInput = { fileName: upload.fileName, declaredType: upload.declaredType, sizeBytes: upload.data.length, sha256: createHash('sha256').update(upload.data).digest('hex') };
        },
      },
      async (request, reply) => {
        const upload = uploads.get(request);
        if (!upload) throw fieldError('file', 'required');
        uploads.delete(request);
        const { fileName, declaredType, data } = upload;
        const created = await service.addAttachment(ctxOf(request), { ownerType: opts.ownerType, ownerId: toId(request.params.id), fileName, declaredType, data });
        return reply.status(201).send(created);
      },
    );
  });
}

type Upload = { fileName: string; declaredType: string; data: Buffer };
const uploads = new WeakMap<FastifyRequest, Upload>();

/** The one part named `file`, read whole (at most MAX_ATTACHMENT_BYTES). */
async function readUpload(request: FastifyRequest): Promise<Upload> {
  let part;
  try {
    part = await request.file();
  } catch (error) {
    throw toUploadError(error);
  }
  if (!part) throw fieldError('file', 'required');
  if (part.fieldname !== 'file') throw fieldError(part.fieldname, 'unknown_field');
  try {
    return { fileName: part.filename, declaredType: part.mimetype, data: await part.toBuffer() };
  } catch (error) {
    throw toUploadError(error);
  }
}

function toUploadError(error: unknown): AppError {
  const e = error as { code?: string };
  if (e?.code === 'FST_REQ_FILE_TOO_LARGE') {
    return new AppError('payload_too_large', { errors: [{ field: 'file', code: 'file_too_large', params: { maximum: maxLabel } }], params: {} });
  }
  if (e?.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return fieldError('file', 'multipart_required');
  if (e?.code === 'FST_FILES_LIMIT' || e?.code === 'FST_PARTS_LIMIT' || e?.code === 'FST_FIELDS_LIMIT') return fieldError('file', 'too_many_items', { maximum: 1 });
  if (error instanceof AppError) return error;
  return fieldError('file', 'invalid_format');
}

/** Download and delete, for every owner type. */
export async function attachmentsRoutes(app: AppInstance) {
  app.get('/attachments/:id', route('read', { operationId: 'getAttachment', tags: ['attachments'], summary: 'An attached file (metadata)', params: idParams, response: { 200: attachmentSchema } }), async (request) => service.getAttachment(ctxOf(request), toId(request.params.id)));

  app.get(
    '/attachments/:id/download',
    route('read', {
      operationId: 'downloadAttachment',
      tags: ['attachments'],
      summary: 'Download an attached file (always as a download, never rendered as a page)',
      params: idParams,
      response: { 200: { description: 'The file, with its own content type', content: { 'application/octet-stream': { schema: z.any().meta({ type: 'string', format: 'binary' }).describe('The file') } } } },
    }),
    async (request, reply) => {
      const file = await service.readAttachmentFile(ctxOf(request), toId(request.params.id));
      return reply
        .header('Content-Type', file.contentType)
        .header('Content-Length', String(file.data.length))
        .header('Content-Disposition', contentDisposition(file.fileName))
        .header('X-Content-Type-Options', 'nosniff')
        // Even if a browser were talked into rendering it, it would be a sandboxed opaque page
        // with no scripts, no forms and no access to Atiende's origin.
        .header('Content-Security-Policy', "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:")
        .header('Cross-Origin-Resource-Policy', 'same-origin')
        .header('Cache-Control', 'private, no-store')
        .header('ETag', `"${file.sha256}"`)
        .send(file.data);
    },
  );

  app.delete('/attachments/:id', route('support.write', { operationId: 'deleteAttachment', tags: ['attachments'], summary: 'Remove an attached file (recorded in the audit trail)', params: idParams, response: { 204: noContent } }), async (request, reply) => {
    await service.deleteAttachment(ctxOf(request), toId(request.params.id));
    return reply.status(204).send(null);
  });
}
