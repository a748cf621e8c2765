import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DOCUMENT_CONTENT_TYPES } from '../src/modules/documents/document-format';
import { bearer, startApp, type AgreementsTestApp } from './helpers';
import { signedFramework, territorialBody, tokensFor, type Tokens } from './fixtures';

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('1 0 obj << /Type /Catalog >> endobj\n'.repeat(50)), Buffer.from('%%EOF\n')]);

describe('agreement documents', () => {
  let t: AgreementsTestApp;
  let tk: Tokens;
  let agreementId: string;

  const upload = (token: string, name: string, body: Buffer, type = 'application/pdf', kind?: string) =>
    t.http
      .post(`/api/v1/agreements/${agreementId}/documents`)
      .query({ name, ...(kind ? { kind } : {}) })
      .set('authorization', bearer(token))
      .set('content-type', type)
      .send(body);

  beforeAll(async () => {
    t = await startApp({}, { DOCUMENT_MAX_BYTES: String(64 * 1024) });
    tk = await tokensFor(t);
    const framework = await signedFramework(t, tk.central);
    const created = await t.http
      .post('/api/v1/agreements')
      .set('authorization', bearer(tk.lazio))
      .send(territorialBody(framework.id, 'TER-DOC-01'))
      .expect(201);
    agreementId = created.body.id;
  });
  afterAll(() => t.close());

  it('stores a document with its SHA-256 and gives back the same bytes', async () => {
    const res = await upload(tk.lazio, 'Protocollo Roma firmato.pdf', PDF, 'application/pdf', 'SIGNED_COPY').expect(201);
    expect(res.body).toMatchObject({ fileName: 'Protocollo Roma firmato.pdf', kind: 'SIGNED_COPY', contentType: 'application/pdf', sizeBytes: PDF.length });
    expect(res.body.sha256).toBe(createHash('sha256').update(PDF).digest('hex'));

    const listed = await t.http.get(`/api/v1/agreements/${agreementId}/documents`).set('authorization', bearer(tk.central)).expect(200);
    expect(listed.body.items.map((d: { id: string }) => d.id)).toContain(res.body.id);

    const file = await t.http
      .get(`/api/v1/agreements/${agreementId}/documents/${res.body.id}`)
      .set('authorization', bearer(tk.operatorCaritasRoma))
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(Buffer.compare(file.body as Buffer, PDF)).toBe(0);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers.etag).toBe(`"${res.body.sha256}"`);
    expect(file.headers['content-disposition']).toContain("filename*=UTF-8''Protocollo%20Roma%20firmato.pdf");
    expect(file.headers['cache-control']).toContain('no-store');
  });

  it('treats the same file uploaded twice as one document', async () => {
    const again = Buffer.concat([PDF, Buffer.from('% second copy\n')]);
    const first = await upload(tk.lazio, 'annex.pdf', again, 'application/pdf', 'ANNEX').expect(201);
    const second = await upload(tk.central, 'annex-copy.pdf', again, 'application/pdf', 'ANNEX').expect(201);
    expect(second.body.id).toBe(first.body.id);
    const [{ n }] = await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM agreement_document WHERE sha256 = $1`, [first.body.sha256]);
    expect(n).toBe(1);
  });

  it('refuses wrong types, disguised content, oversized files and unsafe names, storing nothing', async () => {
    const db = t.app.get(DataSource);
    const before = (await db.query(`SELECT count(*)::int AS n FROM agreement_document`))[0].n;

    const text = await upload(tk.lazio, 'note.txt', Buffer.from('hello'), 'text/plain').expect(415);
    expect(text.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    // The refusal says which types a document may have, not that the body must be JSON.
    const accepted = { field: 'content-type', issue: `text/plain is not accepted; accepted types: ${DOCUMENT_CONTENT_TYPES.join(', ')}` };
    expect(text.body.error).toEqual({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: expect.any(String),
      language: 'it',
      reviewed: true,
      developerMessage: `Documents must be one of: ${DOCUMENT_CONTENT_TYPES.join(', ')}`,
      details: [accepted],
    });
    const untyped = await t.http
      .post(`/api/v1/agreements/${agreementId}/documents`)
      .query({ name: 'note' })
      .set('authorization', bearer(tk.lazio))
      .set('content-type', '')
      .send(Buffer.from('hello'))
      .expect(415);
    expect(untyped.body.error.details).toEqual([
      { field: 'content-type', issue: expect.stringMatching(/^missing is not accepted; accepted types: application\/pdf, /) },
    ]);
    // JSON routes keep their own refusal
    const notJson = await t.http.post('/api/v1/agreements').set('authorization', bearer(tk.lazio)).set('content-type', 'text/plain').send('x').expect(415);
    expect(notJson.body.error.developerMessage).toMatch(/must be JSON/);

    const disguised = await upload(tk.lazio, 'fake.pdf', Buffer.from('<html>not a pdf</html>')).expect(400);
    expect(disguised.body.error.details[0].field).toBe('body');

    const big = await upload(tk.lazio, 'big.pdf', Buffer.concat([PDF, Buffer.alloc(70 * 1024, 0x20)])).expect(413);
    expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');

    for (const name of ['../../etc/passwd', 'a/b.pdf', 'x\r\nSet-Cookie: a=b.pdf', '..\\win.pdf']) {
      const bad = await upload(tk.lazio, name, PDF).expect(400);
      expect(bad.body.error.details[0].field).toBe('name');
    }
    const badKind = await upload(tk.lazio, 'ok.pdf', PDF, 'application/pdf', 'SECRET').expect(400);
    expect(badKind.body.error.details[0].field).toBe('kind');

    expect((await db.query(`SELECT count(*)::int AS n FROM agreement_document`))[0].n).toBe(before);
  });

  it('lets those who manage the agreement upload and those who can see it download, nobody else', async () => {
    await upload(tk.operatorCaritasRoma, 'op.pdf', PDF).expect(403);
    await upload(tk.dg, 'dg.pdf', PDF).expect(403);
    await upload(tk.piemonte, 'to.pdf', PDF).expect(404); // an agreement it cannot see
    const docs = await t.http.get(`/api/v1/agreements/${agreementId}/documents`).set('authorization', bearer(tk.central)).expect(200);
    const id = docs.body.items[0].id as string;
    const other = await t.http.get(`/api/v1/agreements/${agreementId}/documents/${id}`).set('authorization', bearer(tk.operatorOther));
    expect([403, 404]).toContain(other.status);
    await t.http.get(`/api/v1/agreements/${agreementId}/documents/${id}`).expect(401);
  });

  it('keeps stored documents immutable in the database itself', async () => {
    const db = t.app.get(DataSource);
    await expect(db.query(`UPDATE agreement_document SET file_name = 'changed.pdf'`)).rejects.toThrow(/immutable/);
    await expect(db.query(`DELETE FROM agreement_document`)).rejects.toThrow(/immutable/);
  });
});
