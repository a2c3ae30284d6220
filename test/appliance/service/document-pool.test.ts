import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DocumentPool } from '../../../appliance/document-pool/document-pool.js';
import { serviceSettings } from '../../../appliance/service/service-settings.js';
import { startTestService } from '../../helpers/service.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { pdfLibDocument } from '../pdf/make-pdf.js';
import { multipart } from './helpers/multipart.js';

// one thread per lane, one job waiting, 5 s and 64 MB a document; the rate limit high enough for
// the other tests, each of which sends from its own address
const settings = serviceSettings({
  port: 0,
  logLevel: 'silent',
  documentPool: { workers: 1, queueLimit: 1, staffQueueLimit: 4, timeLimitMs: 5000, memoryLimitMb: 64 },
  verifyRateLimit: { max: 4, windowMs: 60_000 },
});
// the real jobs, with a verify and an inspect that turn hostile for a file marked so (test/helpers/hostile-jobs.ts)
const documentPool = new DocumentPool(settings.documentPool, new URL('../../helpers/hostile-jobs.ts', import.meta.url));
const service = await startTestService({ parts: { settings, documentPool } });
let pdf: Buffer;
let clerk: Awaited<ReturnType<typeof service.signIn>>;
let addresses = 0;

/** A file that passes the upload's checks and makes its job behave as named. */
const hostile = (behaviour: 'spin' | 'allocate' | 'crash') => Buffer.from(`%HOSTILE ${behaviour}\n%PDF-1.7\n%%EOF\n`, 'latin1');

/** POST /api/verify from one client address (a new one unless given). */
function verify(content: Buffer, remoteAddress = `10.0.0.${++addresses}`) {
  const body = multipart('来件.pdf', content);
  return service.app.inject({ method: 'POST', url: '/api/verify', payload: body.payload, headers: body.headers, remoteAddress });
}

function uploadDocument(content: Buffer) {
  const body = multipart('申请表.pdf', content);
  return service.app.inject({ method: 'POST', url: '/api/documents', payload: body.payload, headers: { ...clerk.headers, ...body.headers } });
}

/** Resolves once the public lane has a job running (its thread booted and busy). */
async function running(): Promise<void> {
  while (documentPool.public.busyThreads === 0) await new Promise((r) => setTimeout(r, 20));
}

const leftovers = () => readdirSync(join(service.context.workDir, 'verify'));

beforeAll(async () => {
  pdf = await readFile(await pdfLibDocument(await tempDir('pool'), 'in.pdf', 2));
  clerk = await service.signIn('clerk');
});

// each ended thread is replaced by one that loads the verification graph again: seconds each, a minute on a crowded machine
describe('documents from outside are worked in the document pool', { timeout: 240_000 }, () => {
  it('a normal file verifies through the pool, and a clerk’s upload is opened there too', async () => {
    const response = await verify(pdf);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ file: '来件.pdf', signatures: [] });
    const uploaded = await uploadDocument(pdf);
    expect([uploaded.statusCode, uploaded.json().pages]).toEqual([201, 2]);
  });

  it('a document past the time limit is ended: 422 DOCUMENT_TOO_COMPLEX; meanwhile /health and the clerk’s routes answer', async () => {
    const bomb = verify(hostile('spin'));
    await running();
    const health = await service.app.inject({ method: 'GET', url: '/health' });
    expect(health.json().token).toBe('ok');
    const stamps = await service.app.inject({ method: 'GET', url: '/api/stamps', headers: clerk.headers });
    expect(stamps.statusCode).toBe(200);
    // the clerk's uploads have their own lane: a bomb in the public one does not hold them up
    const uploaded = await uploadDocument(pdf);
    expect(uploaded.statusCode).toBe(201);
    const refused = await bomb;
    expect([refused.statusCode, refused.json().code, refused.json().details.kind]).toEqual([422, 'DOCUMENT_TOO_COMPLEX', 'time']);
    expect(refused.json().message_zh).toContain('处理时间（毫秒）超出上限 5000');
    expect(leftovers()).toEqual([]);
  });

  it('a document past the memory ceiling is ended the same way (memory), and the next one verifies', async () => {
    const refused = await verify(hostile('allocate'));
    expect([refused.statusCode, refused.json().code, refused.json().details]).toEqual([422, 'DOCUMENT_TOO_COMPLEX', { kind: 'memory', limit: 'memoryLimitMb', limitName: 'memory (MB)', limitNameZh: '内存（MB）', maximum: 64, setting: 'service.documentPool.memoryLimitMb' }]);
    expect((await verify(pdf)).statusCode).toBe(200);
  });

  it('a thread that dies under a document does not take the service down: 500 INTERNAL, then the next one verifies', async () => {
    const crashed = await verify(hostile('crash'));
    expect([crashed.statusCode, crashed.json().code]).toEqual([500, 'INTERNAL']);
    expect((await verify(pdf)).statusCode).toBe(200);
    expect((await service.app.inject({ method: 'GET', url: '/health' })).json().token).toBe('ok');
  });

  it('a clerk’s upload that exceeds a limit is refused typed and nothing is kept', async () => {
    const documents = join(service.context.workDir, 'documents');
    const before = readdirSync(documents, { recursive: true }).length;
    const refused = await uploadDocument(hostile('allocate'));
    expect([refused.statusCode, refused.json().code]).toEqual([422, 'DOCUMENT_TOO_COMPLEX']);
    expect(readdirSync(documents, { recursive: true }).length).toBe(before);
  });

  it('a stamp whose placement makes the document’s parsing exceed a limit is refused typed before any job starts', async () => {
    const stamper = await service.signIn('clerk', service.organisations.own, { grantSeals: [service.seals[0]!] });
    const body = multipart('申请表.pdf', pdf);
    const uploaded = await service.app.inject({ method: 'POST', url: '/api/documents', payload: body.payload, headers: { ...stamper.headers, ...body.headers } });
    const stamp = await service.app.inject({
      method: 'POST',
      url: '/api/stamps',
      headers: stamper.headers,
      payload: { documentId: uploaded.json().documentId, sealId: service.seals[0]!.id, placement: { kind: 'text', text: '%HOSTILE allocate' } },
    });
    expect([stamp.statusCode, stamp.json().code]).toEqual([422, 'DOCUMENT_TOO_COMPLEX']);
    const listed = await service.app.inject({ method: 'GET', url: '/api/stamps', headers: stamper.headers });
    expect(listed.json()).toEqual([]);
  });

  it('when the public lane’s queue is full: 503 SERVICE_BUSY with Retry-After at once, not a wait', async () => {
    const first = verify(hostile('spin'));
    await running();
    const second = verify(hostile('spin'));
    // the second waits in the queue (limit 1): wait until it is there
    while (documentPool.public.waiting === 0) await new Promise((r) => setTimeout(r, 20));
    const busy = await verify(pdf);
    expect([busy.statusCode, busy.json().code]).toEqual([503, 'SERVICE_BUSY']);
    expect(Number(busy.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(busy.json().message_en).toContain(`try again in ${busy.headers['retry-after']} s`);
    expect((await first).statusCode).toBe(422);
    expect((await second).statusCode).toBe(422);
    expect((await verify(pdf)).statusCode).toBe(200);
  });

  it('one client past the rate limit: 429 RATE_LIMITED with Retry-After; another client still verifies', async () => {
    const address = '10.9.9.9';
    for (let i = 0; i < 4; i++) expect((await verify(pdf, address)).statusCode).toBe(200);
    const limited = await verify(pdf, address);
    expect([limited.statusCode, limited.json().code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(limited.json().message_zh).toContain('请求过于频繁');
    expect((await verify(pdf, '10.9.9.10')).statusCode).toBe(200);
  });

  it('closing the service ends every document thread', async () => {
    expect((await verify(pdf)).statusCode).toBe(200);
    expect((await uploadDocument(pdf)).statusCode).toBe(201);
    expect(documentPool.threads).toBe(2);
    await service.close();
    expect(documentPool.threads).toBe(0);
  });
});
