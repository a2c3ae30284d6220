import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { serviceSettings } from '../../../appliance/service/service-settings.js';
import { startTestService } from '../../helpers/service.js';
import { pdfLibDocument } from '../pdf/make-pdf.js';
import { multipart, upload } from './helpers/multipart.js';
import { tempDir } from '../../helpers/temp-dir.js';

const LIMIT = 256 * 1024;
const service = await startTestService({ parts: { settings: serviceSettings({ port: 0, logLevel: 'silent', uploadLimitBytes: LIMIT }) } });
let pdf: Buffer;
let clerk: Awaited<ReturnType<typeof service.signIn>>;

const documentsDir = () => join(service.context.workDir, 'documents');
/** Everything under documents/: kept documents and anything left in incoming/. */
function storedFiles(): string[] {
  return readdirSync(documentsDir(), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

function send(body: { payload: Buffer; headers: Record<string, string> }, headers: Record<string, string> = clerk.headers) {
  return service.app.inject({ method: 'POST', url: '/api/documents', payload: body.payload, headers: { ...headers, ...body.headers } });
}

async function stillServing(): Promise<void> {
  const doc = await upload(service, clerk.headers, pdf, 'ok.pdf');
  expect(doc.pages).toBe(1);
}

beforeAll(async () => {
  const dir = await tempDir('docs');
  pdf = await readFile(await pdfLibDocument(dir, 'in.pdf', 1));
  clerk = await service.signIn('clerk');
});

describe('POST /api/documents', () => {
  it('keeps the clerk’s PDF under an id of ours: pages, SHA-256; the owner reads it back, nobody else', async () => {
    const doc = await upload(service, clerk.headers, pdf, '营业执照申请.pdf');
    expect(doc).toMatchObject({ pages: 1, sha256: (await import('node:crypto')).createHash('sha256').update(pdf).digest('hex'), fileName: '营业执照申请.pdf', size: pdf.length });
    const own = await service.app.inject({ method: 'GET', url: `/api/documents/${doc.documentId}/pdf`, headers: clerk.headers });
    expect(own.statusCode).toBe(200);
    expect(own.rawPayload.equals(pdf)).toBe(true);
    const colleague = await service.signIn('clerk');
    const theirs = await service.app.inject({ method: 'GET', url: `/api/documents/${doc.documentId}/pdf`, headers: colleague.headers });
    expect([theirs.statusCode, theirs.json().code]).toEqual([403, 'FORBIDDEN']);
    const auditor = await service.signIn('auditor');
    expect((await service.app.inject({ method: 'GET', url: `/api/documents/${doc.documentId}/pdf`, headers: auditor.headers })).statusCode).toBe(403);
    expect((await send(multipart('x.pdf', pdf), {})).statusCode).toBe(401);
    const unknown = await service.app.inject({ method: 'GET', url: '/api/documents/00000000-0000-4000-8000-000000000000/pdf', headers: clerk.headers });
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'DOCUMENT_NOT_FOUND']);
  });

  it('an upload over the limit: PAYLOAD_TOO_LARGE, and no partial file is left', async () => {
    const before = storedFiles();
    const tooBig = Buffer.concat([pdf, Buffer.alloc(LIMIT, 0x20)]);
    const response = await send(multipart('big.pdf', tooBig));
    expect([response.statusCode, response.json().code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(response.json().details).toEqual({ limit: LIMIT });
    expect(storedFiles()).toEqual(before);
    await stillServing();
  });

  it('a file name that names a path is FILE_NAME_INVALID, whatever its disguise; nothing is written', async () => {
    const before = storedFiles();
    for (const name of ['../../etc/passwd.pdf', '/etc/passwd', '..\\..\\windows\\win.ini', 'a\\b.pdf', 'C:evil.pdf', '..', 'ok\u0000.pdf', 'docs/../x.pdf']) {
      const response = await send(multipart(name, pdf));
      expect([response.statusCode, response.json().code], JSON.stringify(name)).toEqual([400, 'FILE_NAME_INVALID']);
    }
    expect(storedFiles()).toEqual(before);
    await stillServing();
  });

  it('not a PDF, a broken PDF, no file, a wrong content type: each typed, nothing kept', async () => {
    const before = storedFiles();
    const notPdf = await send(multipart('photo.pdf', Buffer.from('\x89PNG\r\n\x1a\n' + 'x'.repeat(2000), 'latin1')));
    expect([notPdf.statusCode, notPdf.json().code]).toEqual([415, 'DOCUMENT_FORMAT_UNSUPPORTED']);
    const broken = await send(multipart('broken.pdf', Buffer.from('%PDF-1.7\n' + 'garbage\n'.repeat(100))));
    expect([broken.statusCode, broken.json().code]).toEqual([422, 'PDF_MALFORMED']);
    const noFile = await service.app.inject({
      method: 'POST',
      url: '/api/documents',
      payload: '--b\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--b--\r\n',
      headers: { ...clerk.headers, 'content-type': 'multipart/form-data; boundary=b' },
    });
    expect([noFile.statusCode, noFile.json().code]).toEqual([400, 'REQUEST_INVALID']);
    // a body cut with another boundary than its Content-Type names (the fuzz corpus found it answered 500)
    const otherBoundary = await service.app.inject({
      method: 'POST',
      url: '/api/documents',
      payload: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.7\r\n--x--\r\n',
      headers: { ...clerk.headers, 'content-type': 'multipart/form-data; boundary=b' },
    });
    expect([otherBoundary.statusCode, otherBoundary.json().code]).toEqual([400, 'REQUEST_INVALID']);
    const json = await service.app.inject({ method: 'POST', url: '/api/documents', payload: { file: 'x' }, headers: clerk.headers });
    expect([json.statusCode, json.json().code]).toEqual([415, 'MEDIA_TYPE_UNSUPPORTED']);
    const octets = await service.app.inject({ method: 'POST', url: '/api/documents', payload: pdf, headers: { ...clerk.headers, 'content-type': 'application/pdf' } });
    expect([octets.statusCode, octets.json().code]).toEqual([415, 'MEDIA_TYPE_UNSUPPORTED']);
    expect(storedFiles()).toEqual(before);
    await stillServing();
  });
});
