import { readdirSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyPdf } from '../../../appliance/verification/index.js';
import { USER_PIN } from '../../helpers/softhsm.js';
import { startTestService } from '../../helpers/service.js';
import { scannedDocument } from '../pdf/make-pdf.js';
import { upload } from './helpers/multipart.js';
import { tempDir } from '../../helpers/temp-dir.js';

// Faults around a stamp job: the client that hangs up, the USB key pulled while it signs.
const service = await startTestService();
const seal = service.seals[1]!;
let clerk: Awaited<ReturnType<typeof service.signIn>>;
let big: Buffer;
let dir: string;

const jobsDir = () => join(service.context.workDir, 'stamps', 'jobs');
const outDir = () => join(service.context.workDir, 'stamps', 'out');
const stampedEvents = () => (service.context.events.outbox.db.prepare("SELECT count(*) AS n FROM events WHERE kind = 'stamped'").get() as { n: number }).n;

/** The job of a document as the job file on disk says (what survives the request), once there is one. */
function jobOnDisk(documentId: string): { id: string; status: string } | undefined {
  for (const name of readdirSync(jobsDir()).filter((n) => n.endsWith('.json'))) {
    const job = JSON.parse(readFileSync(join(jobsDir(), name), 'utf8')) as { id: string; status: string; spec: { documentId: string } };
    if (job.spec.documentId === documentId) return job;
  }
  return undefined;
}

async function until<T>(probe: () => T | undefined, what: string, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

beforeAll(async () => {
  dir = await tempDir('faults');
  // ~24 MB: hashing and writing it keeps the job busy for a while after it starts
  big = await readFile(await scannedDocument(dir, 'scan.pdf', 8, 3_000_000));
  clerk = await service.signIn('clerk', service.organisations.own, { grantSeals: [seal] });
}, 120_000);

describe('a stamp job outlives its request', () => {
  it('the client hangs up mid-job: the stamp still completes, and a retry with the key returns it without stamping again', async () => {
    const doc = await upload(service, clerk.headers, big, 'scan.pdf');
    await service.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = service.app.server.address() as AddressInfo;
    const body = JSON.stringify({ documentId: doc.documentId, sealId: seal.id, placement: { kind: 'position', page: 1, x: 380, y: 90 }, pin: USER_PIN });
    const before = stampedEvents();
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/api/stamps', headers: { ...clerk.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'idempotency-key': 'hangup-0001' } });
    const closed = new Promise<string>((resolve) => {
      req.on('response', () => resolve('answered'));
      req.on('error', () => resolve('aborted'));
      req.on('close', () => resolve('aborted'));
    });
    req.end(body);
    const running = await until(() => jobOnDisk(doc.documentId), 'the job to start');
    expect(running.status).toBe('running');
    req.destroy();
    expect(await closed).toBe('aborted');

    // what the clerk's page does after a dropped connection: ask for the job until it is done
    let view = await service.app.inject({ method: 'GET', url: `/api/stamps/${running.id}`, headers: clerk.headers });
    for (const end = Date.now() + 20_000; view.json().status === 'running' && Date.now() < end; await new Promise((r) => setTimeout(r, 20))) {
      view = await service.app.inject({ method: 'GET', url: `/api/stamps/${running.id}`, headers: clerk.headers });
    }
    const done = view.json() as { id: string; status: string; result: { eventId: string } };
    expect(done.status).toBe('done');
    expect(stampedEvents()).toBe(before + 1);
    const event = service.context.events.outbox.event(done.result.eventId);
    expect(event).toMatchObject({ kind: 'stamped', operatorId: clerk.operatorId, documentHash: doc.sha256 });
    const pdf = await service.app.inject({ method: 'GET', url: `/api/stamps/${done.id}/pdf`, headers: clerk.headers });
    await writeFile(join(dir, 'hangup.pdf'), pdf.rawPayload);
    expect((await verifyPdf(join(dir, 'hangup.pdf'), { home: service.context.home })).status).toBe('valid');

    const retry = await service.app.inject({ method: 'POST', url: '/api/stamps', payload: body, headers: { ...clerk.headers, 'content-type': 'application/json', 'idempotency-key': 'hangup-0001' } });
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({ id: done.id, status: 'done', attempts: 1 });
    expect(stampedEvents()).toBe(before + 1);
  });

  it('the USB key pulled mid-job: TOKEN_NOT_PRESENT, no output, no event; after re-insertion the same key stamps', async () => {
    const doc = await upload(service, clerk.headers, big, 'scan-2.pdf');
    const login = await service.app.inject({ method: 'POST', url: `/api/tokens/${service.token.serial}/login`, payload: { pin: USER_PIN }, headers: clerk.headers });
    expect(login.json()).toMatchObject({ loggedIn: true });
    const before = stampedEvents();
    const payload = { documentId: doc.documentId, sealId: seal.id, placement: { kind: 'position', page: 2, x: 380, y: 90 }, pin: USER_PIN };
    const pending = service.app.inject({ method: 'POST', url: '/api/stamps', payload, headers: { ...clerk.headers, 'idempotency-key': 'pulled-0001' } });
    const job = await until(() => jobOnDisk(doc.documentId), 'the job to start');
    await service.fx.hsm.pull('sealdesk-demo');
    try {
      const response = await pending;
      expect([response.statusCode, response.json().code], response.body).toEqual([503, 'TOKEN_NOT_PRESENT']);
      expect(readdirSync(outDir()).filter((f) => f.startsWith(job.id))).toEqual([]);
      expect(stampedEvents()).toBe(before);
      const failed = await service.app.inject({ method: 'GET', url: `/api/stamps/${job.id}`, headers: clerk.headers });
      expect(failed.json()).toMatchObject({ status: 'failed', error: { code: 'TOKEN_NOT_PRESENT' }, result: null });
      // the service keeps serving while the key is out, and says so
      const tokens = await service.app.inject({ method: 'GET', url: '/api/tokens', headers: clerk.headers });
      expect(tokens.statusCode).toBe(200);
      expect((await service.app.inject({ method: 'GET', url: '/health' })).json().token).toBe('degraded');
    } finally {
      await service.fx.hsm.plug('sealdesk-demo');
    }
    // the login went with the key: the retry's PIN logs in again
    const retry = await service.app.inject({ method: 'POST', url: '/api/stamps', payload, headers: { ...clerk.headers, 'idempotency-key': 'pulled-0001' } });
    expect(retry.statusCode, retry.body).toBe(201);
    expect(retry.json()).toMatchObject({ id: job.id, status: 'done', attempts: 2 });
    expect(stampedEvents()).toBe(before + 1);
  });
});
