/**
 * An OFD at the counter, through the service as the clerk's browser drives it, on a simulated GM
 * USB key (the seal a GB/T 38540 SESeal on an SM2 key): the upload is kept as document.ofd, read
 * back and downloaded stamped as application/ofd under .ofd names, and the bytes are a signed OFD
 * that /api/verify calls valid. A home from before keeps its document.pdf files readable.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { GM_PIN } from '../../helpers/gm-key-home.js';
import { startGmKeyService } from '../../helpers/gm-key-service.js';
import { readInterop } from '../../helpers/interop.js';
import { multipart } from './helpers/multipart.js';

const service = await startGmKeyService();
let clerk: Awaited<ReturnType<typeof service.signIn>>;
let addresses = 0;

async function upload(fileName: string, content: Buffer): Promise<{ documentId: string; fileName: string; format: string }> {
  const body = multipart(fileName, content, 'file', 'application/ofd');
  const response = await service.app.inject({ method: 'POST', url: '/api/documents', payload: body.payload, headers: { ...clerk.headers, ...body.headers } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function stamp(documentId: string, x: number, y: number): Promise<{ id: string; result: { verificationUrl: string } }> {
  const response = await service.app.inject({ method: 'POST', url: '/api/stamps', headers: clerk.headers, payload: { documentId, sealId: service.eseal.id, placement: { kind: 'position', page: 1, x, y }, pin: GM_PIN } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function verify(fileName: string, content: Buffer): Promise<{ status: string; signatures: { status: string; checks: { check: string; status: string }[] }[] }> {
  const body = multipart(fileName, content, 'file', 'application/ofd');
  const response = await service.app.inject({ method: 'POST', url: '/api/verify', payload: body.payload, headers: body.headers, remoteAddress: `10.11.0.${++addresses}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

const documentsDir = () => join(service.context.workDir, 'documents');
const stampsOut = () => join(service.context.workDir, 'stamps', 'out');

beforeAll(async () => {
  clerk = await service.signIn('clerk', [service.eseal]);
}, 240_000);

describe('stored OFD documents keep their .ofd name', { timeout: 240_000 }, () => {
  it('an OFD upload is kept as document.ofd, read back as application/ofd; stamped into <job>.ofd and downloaded as application/ofd, a valid signed OFD', async () => {
    const original = await readInterop('ofdrw/helloworld.ofd');
    const doc = await upload('营业执照.ofd', original);
    expect(doc).toMatchObject({ format: 'ofd', fileName: '营业执照.ofd' });
    expect(existsSync(join(documentsDir(), doc.documentId, 'document.ofd'))).toBe(true);
    expect(existsSync(join(documentsDir(), doc.documentId, 'document.pdf'))).toBe(false);
    const back = await service.app.inject({ method: 'GET', url: `/api/documents/${doc.documentId}/pdf`, headers: clerk.headers });
    expect(back.statusCode).toBe(200);
    expect(back.headers['content-type']).toBe('application/ofd');
    expect(back.headers['content-disposition']).toBe(`inline; filename*=UTF-8''${encodeURIComponent('营业执照.ofd')}`);
    expect(back.rawPayload.equals(original)).toBe(true);

    const job = await stamp(doc.documentId, 100, 100);
    expect(existsSync(join(stampsOut(), `${job.id}.ofd`))).toBe(true);
    expect(existsSync(join(stampsOut(), `${job.id}.pdf`))).toBe(false);
    const download = await service.app.inject({ method: 'GET', url: `/api/stamps/${job.id}/pdf`, headers: clerk.headers });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/ofd');
    expect(download.headers['content-disposition']).toMatch(/filename="stamp-[0-9a-f]{32}\.ofd"$/);
    expect(Object.keys(unzipSync(new Uint8Array(download.rawPayload)))).toEqual(expect.arrayContaining(['OFD.xml', 'Doc_0/Signs/Sign_0/SignedValue.dat']));
    const report = await verify('营业执照.ofd', download.rawPayload);
    expect(report.status).toBe('valid');
    expect(report.signatures).toHaveLength(1);
  });

  it('an upload without a name is document.ofd when it is an OFD', async () => {
    const doc = await upload('', await readInterop('ofdrw/helloworld.ofd'));
    expect(doc.fileName).toBe('document.ofd');
  });

  it('a document kept before (an OFD stored as document.pdf) is still found, read and stamped', async () => {
    const doc = await upload('旧.ofd', await readInterop('ofdrw/helloworld.ofd'));
    const folder = join(documentsDir(), doc.documentId);
    // as a home from before this change holds it: document.pdf whatever the format, no format in the record
    await rename(join(folder, 'document.ofd'), join(folder, 'document.pdf'));
    const record = JSON.parse(await readFile(join(folder, 'record.json'), 'utf8')) as Record<string, unknown>;
    delete record.format;
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'record.json'), JSON.stringify(record));
    const back = await service.app.inject({ method: 'GET', url: `/api/documents/${doc.documentId}/pdf`, headers: clerk.headers });
    expect([back.statusCode, back.headers['content-type']]).toEqual([200, 'application/ofd']);
    const job = await stamp(doc.documentId, 100, 100);
    const download = await service.app.inject({ method: 'GET', url: `/api/stamps/${job.id}/pdf`, headers: clerk.headers });
    expect(download.headers['content-type']).toBe('application/ofd');
    expect((await verify('旧.ofd', download.rawPayload)).status).toBe('valid');
  });
});
