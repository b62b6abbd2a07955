import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../../test/harness.ts';
import { activityStatus } from '../activities/activities.fixtures.ts';
import { contentDisposition, detectContentType, MAX_ATTACHMENT_BYTES, safeFileName } from './attachment-files.ts';

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

function multipart(fileName: string, contentType: string, data: Buffer, field = 'file') {
  const boundary = `----atiende${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, data, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('attachment file rules', () => {
  it.each([
    [PNG, 'image/png'],
    [PDF, 'application/pdf'],
    [Buffer.from('Hola, ¿qué tal? ñandú'), 'text/plain'],
    [Buffer.from('<html><script>alert(1)</script></html>'), 'text/plain'],
    [Buffer.from([0, 1, 2, 3, 255, 254]), 'application/octet-stream'],
  ])('detects %#: %s', async (data, type) => {
    expect(await detectContentType(data)).toBe(type);
  });
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\ana\\informe.pdf', 'informe.pdf'],
    ['  .htaccess', 'htaccess'],
    ['a\u0000b\nc.txt', 'abc.txt'],
    ['', 'archivo'],
  ])('safe file name of %j is %j', (input, out) => {
    expect(safeFileName(input)).toBe(out);
  });
  it('keeps the extension of a long name', () => {
    const name = safeFileName(`${'x'.repeat(300)}.pdf`);
    expect(name).toHaveLength(200);
    expect(name.endsWith('.pdf')).toBe(true);
  });
  it('writes an RFC 5987 Content-Disposition with an ASCII fallback', () => {
    expect(contentDisposition('factura "ñ" 2026.pdf')).toBe(`attachment; filename="factura _n_ 2026.pdf"; filename*=UTF-8''factura%20%22%C3%B1%22%202026.pdf`);
  });
});

describe.each(DIALECTS)('activity attachments on %s', (dialect) => {
  let t: TestApp;
  let activityId: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await activityStatus(t, { pending: true, isDefault: true });
    activityId = (await t.admin.post('/activities', { problem: 'Con adjuntos' })).body.id;
  });
  afterAll(() => t.close());

  let session: { cookie: string; csrf: string } | undefined;
  async function upload(id: string, fileName: string, contentType: string, data: Buffer, field = 'file', headers: Record<string, string> = {}) {
    const body = multipart(fileName, contentType, data, field);
    // One session for the file (the login limit counts every login).
    session ??= await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'admin-test-password' } }).then((login) => ({ cookie: String(login.headers['set-cookie']).split(';')[0]!, csrf: login.json().csrfToken as string }));
    const { cookie, csrf } = session!;
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/activities/${id}/attachments`,
      payload: body.payload,
      headers: { ...headers, 'content-type': body.contentType, cookie, 'x-csrf-token': csrf },
    });
    return { status: res.statusCode, body: res.json(), headers: res.headers };
  }

  it('stores the file in the database with the type detected from its content, not the client claim', async () => {
    const res = await upload(activityId, 'foto <rara>.png', 'text/html', PNG);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ ownerType: 'activity', ownerId: activityId, fileName: 'foto <rara>.png', contentType: 'image/png', declaredContentType: 'text/html', sizeBytes: PNG.length });
    const row = await t.database.db.selectFrom('attachments').select(['data']).where('id', '=', Number(res.body.id)).executeTakeFirstOrThrow();
    expect(Buffer.from(row.data).equals(PNG)).toBe(true);
    const list = await t.admin.get(`/activities/${activityId}/attachments`);
    expect(list.body.items.map((a: { id: string }) => a.id)).toContain(res.body.id);
    expect((await t.admin.get(`/activities/${activityId}`)).body.attachmentCount).toBeGreaterThanOrEqual(1);
  });

  it('downloads with headers that never let it render as a page of Atiende', async () => {
    const up = await upload(activityId, 'página.html', 'text/html', Buffer.from('<html><script>alert(document.cookie)</script></html>'));
    expect(up.body.contentType).toBe('text/plain');
    const res = await t.admin.get(`/attachments/${up.body.id}/download`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="pagina.html"; filename*=UTF-8''p%C3%A1gina.html`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(String(res.headers['content-security-policy'])).toMatch(/^sandbox;/);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.text).toContain('<script>');
    const png = await upload(activityId, 'x.png', 'image/png', PNG);
    expect((await t.anonymous.get(`/attachments/${png.body.id}/download`)).status).toBe(401);
  });

  it('refuses a file over the size limit with 413 naming the field, and keeps nothing', async () => {
    const before = (await t.admin.get(`/activities/${activityId}/attachments`)).body.items.length;
    const res = await upload(activityId, 'grande.bin', 'application/octet-stream', Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 7));
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'payload_too_large', errors: [{ field: 'file', code: 'file_too_large' }] });
    expect(res.body.errors[0].message).toContain('10 MB');
    expect((await t.admin.get(`/activities/${activityId}/attachments`)).body.items.length).toBe(before);
    const justRight = await upload(activityId, 'justo.bin', 'application/octet-stream', Buffer.alloc(2 * 1024 * 1024, 7));
    expect(justRight.status).toBe(201);
  });

  it('answers clear errors for a missing file, an empty file, a JSON body and an unknown activity', async () => {
    expect((await upload(activityId, 'vacio.txt', 'text/plain', Buffer.alloc(0))).body.errors[0]).toMatchObject({ field: 'file', code: 'file_empty' });
    expect((await upload(activityId, 'a.txt', 'text/plain', Buffer.from('a'), 'other')).status).toBe(400);
    const json = await t.admin.post(`/activities/${activityId}/attachments`, { file: 'x' });
    expect(json.status).toBe(400);
    expect(json.body.errors[0]).toMatchObject({ field: 'file', code: 'multipart_required' });
    expect((await upload('999999', 'a.txt', 'text/plain', Buffer.from('a'))).status).toBe(404);
    expect((await t.admin.get('/attachments/999999/download')).status).toBe(404);
  });

  it('Idempotency-Key: a retried upload of the same file answers the first answer and stores nothing; another file under the key is a 422', async () => {
    const count = async () => Number((await t.database.db.selectFrom('attachments').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const auditCount = async () => Number((await t.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const key = { 'idempotency-key': `up-${Math.random().toString(36).slice(2)}` };
    const first = await upload(activityId, 'albarán.pdf', 'application/pdf', PDF, 'file', key);
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const [files, audits] = [await count(), await auditCount()];
    // A new boundary each time: the same file, sent again as a client retrying would.
    const again = await upload(activityId, 'albarán.pdf', 'application/pdf', PDF, 'file', key);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect([await count(), await auditCount()]).toEqual([files, audits]);
    // Another file (or the same bytes under another name) with that key: 422, nothing stored.
    for (const [name, data] of [['albarán.pdf', PNG], ['otro.pdf', PDF]] as const) {
      const other = await upload(activityId, name, 'application/pdf', data, 'file', key);
      expect(other.status).toBe(422);
      expect(other.body.code).toBe('idempotency_key_reused');
    }
    expect([await count(), await auditCount()]).toEqual([files, audits]);
    // A refused upload keeps no key: an empty file under a fresh key, then the real one, stores one.
    const fresh = { 'idempotency-key': `up-${Math.random().toString(36).slice(2)}` };
    expect((await upload(activityId, 'vacio.txt', 'text/plain', Buffer.alloc(0), 'file', fresh)).status).toBe(400);
    expect((await upload(activityId, 'lleno.txt', 'text/plain', Buffer.from('lleno'), 'file', fresh)).status).toBe(201);
    expect(await count()).toBe(files + 1);
  });

  it('removes an attachment (recorded in the audit trail)', async () => {
    const up = await upload(activityId, 'borrar.txt', 'text/plain', Buffer.from('borrar'));
    expect((await t.admin.delete(`/attachments/${up.body.id}`)).status).toBe(204);
    expect((await t.admin.get(`/attachments/${up.body.id}`)).status).toBe(404);
    const audit = await t.admin.get(`/audit?entityType=activity&entityId=${activityId}`);
    expect(audit.body.items.map((a: { action: string }) => a.action)).toContain('detach');
  });
});
