/**
 * The freshness rule at the counter, through the HTTP API: with no follower ever run on the home (a
 * lone dev appliance, no chain) stamps proceed on the local registry; once a follower keeps a view
 * there, a view older than seals.maxStatusAgeSeconds refuses the stamp with SEAL_STATUS_STALE
 * (503, zh/en naming the age and the chain connection), audited, nothing written; /health says the
 * chain part is degraded and shows admins the follower's lag and last applied block.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureFollowerState, recordApplied } from '../../../appliance/ledger/follower/follower-state.js';
import { USER_PIN } from '../../helpers/softhsm.js';
import { startTestService } from '../../helpers/service.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { pdfLibDocument } from '../pdf/make-pdf.js';
import { upload } from './helpers/multipart.js';

const service = await startTestService();
const business = service.seals[1]!;
let pdf: Buffer;
let clerk: Awaited<ReturnType<typeof service.signIn>>;
let admin: Awaited<ReturnType<typeof service.signIn>>;
const REGISTRY = '0x5FbDB2315678afecb367f032d93F642f64180aa3';

beforeAll(async () => {
  pdf = await readFile(await pdfLibDocument(await tempDir('freshness'), 'in.pdf', 1));
  clerk = await service.signIn('clerk', service.organisations.own, { grantSeals: [business] });
  admin = await service.signIn('admin', service.organisations.district);
});

async function stamp() {
  const doc = await upload(service, clerk.headers, pdf);
  return service.app.inject({ method: 'POST', url: '/api/stamps', headers: clerk.headers, payload: { documentId: doc.documentId, sealId: business.id, placement: { kind: 'position', page: 1, x: 100, y: 100 }, pin: USER_PIN } });
}
const health = async () => (await service.app.inject({ method: 'GET', url: '/health', headers: admin.headers })).json();

describe('the freshness rule before every stamp', () => {
  it('does not apply on a home where no follower ever ran (no chain configured)', async () => {
    const response = await stamp();
    expect(response.statusCode, response.body).toBe(201);
    expect((await health()).details.follower).toBeUndefined();
  });

  it('a view younger than the bound stamps; older is SEAL_STATUS_STALE (503), audited, and /health shows the lag', async () => {
    await writeFile(join(service.context.home, 'config.json'), JSON.stringify({ seals: { maxStatusAgeSeconds: 60 } }));
    const db = service.context.seals.db;
    ensureFollowerState(db, 31337, REGISTRY, new Date(Date.now() - 30_000));
    recordApplied(db, { number: 41, hash: `0x${'ab'.repeat(32)}` }, 42, new Date(Date.now() - 30_000));
    expect((await stamp()).statusCode).toBe(201);

    // the view passes the bound (the follower has not reached the chain for 2 minutes)
    recordApplied(db, { number: 41, hash: `0x${'ab'.repeat(32)}` }, 42, new Date(Date.now() - 120_000));
    const before = service.context.events.outbox.status().events;
    const refused = await stamp();
    expect(refused.statusCode).toBe(503);
    const body = refused.json();
    expect(body.code).toBe('SEAL_STATUS_STALE');
    expect(body.message_en).toMatch(/last checked seal statuses against the chain 1[12]\d s ago \(the limit is 60 s\).*connection to the chain nodes/);
    expect(body.message_zh).toMatch(/已有 1[12]\d 秒未与区块链核对（上限 60 秒）.*区块链节点的网络连接/);
    expect(service.context.events.outbox.status().events).toBe(before);
    expect(service.context.audit.list({ action: 'stamp' }).at(-1)).toMatchObject({ outcome: 'failed', errorCode: 'SEAL_STATUS_STALE' });

    const seen = await health();
    expect(seen.chain).toBe('degraded');
    expect(seen.details.follower).toMatchObject({ ok: false, lastAppliedBlock: 41, lastAppliedBlockHash: `0x${'ab'.repeat(32)}`, headBlock: 42, lagBlocks: 1, maxStatusAgeSeconds: 60 });
    expect(seen.details.follower.lagSeconds).toBeGreaterThanOrEqual(120);
    // the hall can still stamp in principle (tokens): the status code keeps its meaning
    expect(seen.status).toBe('degraded');
  });
});
