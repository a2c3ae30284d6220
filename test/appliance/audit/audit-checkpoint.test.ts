import { createPublicKey, verify } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordCheckpoint } from '../../../appliance/audit/audit-checkpoint.js';
import { AuditCheckpointer } from '../../../appliance/audit/audit-checkpointer.js';
import { AuditLog } from '../../../appliance/audit/audit-log.js';
import { auditReportText } from '../../../appliance/audit/audit-report.js';
import { chainKeyCheckpointSigner } from '../../../appliance/audit/checkpoint-signer.js';
import { ChainClient } from '../../../appliance/ledger/chain/chain-client.js';
import { outboxPath } from '../../../appliance/ledger/ledger-config.js';
import { signedBytes } from '../../../appliance/ledger/outbox/event-signer.js';
import type { SealSigner } from '../../../drivers/pkcs11/seal-signer.js';
import { LedgerWorker } from '../../../appliance/ledger/outbox/ledger-worker.js';
import { Outbox } from '../../../appliance/ledger/outbox/outbox.js';
import { SealEventLog } from '../../../appliance/ledger/seal-events.js';
import { openLedger, ORGANISATION, type LedgerFixture } from '../ledger/helpers/ledger.js';
import { filledLog, insertForged, recomputeFrom, shiftUp, tamper } from './helpers.js';

// Checkpoints as signed audit-checkpoint events in the real outbox, signed on a real SoftHSM
// token by the terminal's chain key, anchored on a real anvil; and what they catch that the
// chain alone cannot.
let ledger: LedgerFixture;
let root: string;
let signer: SealSigner;

beforeAll(async () => {
  ledger = await openLedger();
  root = await mkdtemp(join(tmpdir(), 'sealdesk-audit-cp-'));
  // the fixture's token is logged in already; no ledger.json: the chain key is 'chain' on the only token
  signer = await chainKeyCheckpointSigner(root, ledger.tokens.pkcs11, async () => undefined);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await ledger?.close();
});

const identity = { terminalId: 'counter-07', operatorId: 'audit' };

async function checkpoint(home: string, log: AuditLog) {
  const events = new SealEventLog(home, identity);
  try {
    return await recordCheckpoint(log, events, signer);
  } finally {
    events.close();
  }
}

function verifyHome(home: string) {
  const log = AuditLog.open(home);
  try {
    return log.verify();
  } finally {
    log.close();
  }
}

describe('audit checkpoints', () => {
  it('records the head as an audit-checkpoint seal event in the outbox, signed by the chain key', async () => {
    const { home, log } = await filledLog(root, 12);
    const cp = await checkpoint(home, log);
    expect(cp).toMatchObject({ seq: 12, hash: log.head().hash, created: true });
    // the head has not moved: nothing new is signed
    expect(await checkpoint(home, log)).toMatchObject({ seq: 12, eventId: cp!.eventId, created: false });
    expect(log.checkpoints()).toHaveLength(1);
    log.close();

    const outbox = Outbox.open(outboxPath(home));
    const event = outbox.event(cp!.eventId)!;
    outbox.close();
    expect(event).toMatchObject({ kind: 'audit-checkpoint', sealId: 'audit:12', documentHash: cp!.hash, terminalId: 'counter-07', signature: { alg: 'ecdsa-sha256', keyId: `chain:${ledger.account.address}` } });
    const { signature, ...unsigned } = event;
    const key = createPublicKey({ key: (await ledger.token.publicKey('chain')).spki, format: 'der', type: 'spki' });
    expect(verify('sha256', signedBytes(unsigned), key, Buffer.from(signature.value, 'base64'))).toBe(true);

    expect(verifyHome(home)).toMatchObject({ ok: true, witnessedUpTo: 12, unwitnessed: 0, checkpoints: [{ seq: 12, status: 'ok', inOutbox: true, anchor: null }] });
  });

  it('reports the anchor (batch, tx, block) once the ledger worker has anchored the checkpoint', async () => {
    const { home, log } = await filledLog(root, 5);
    const cp = (await checkpoint(home, log))!;
    log.close();
    const outbox = Outbox.open(outboxPath(home));
    try {
      const client = await ChainClient.connect({ rpcUrls: [ledger.chain.anvil.rpcUrl], account: ledger.account, db: outbox.db, pollingIntervalMs: 20 });
      expect(await new LedgerWorker({ outbox, client, registry: ledger.registry, organisation: ORGANISATION }).drain(true)).toBe(1);
    } finally {
      outbox.close();
    }
    const result = verifyHome(home);
    expect(result.ok).toBe(true);
    const [status] = result.checkpoints;
    expect(status).toMatchObject({ seq: 5, eventId: cp.eventId, status: 'ok', anchor: { batchId: expect.stringMatching(/^0x[0-9a-f]{64}$/), txHash: expect.stringMatching(/^0x[0-9a-f]{64}$/), blockNumber: expect.any(Number) } });
    expect(auditReportText(result, 'en')).toContain(`anchored: block ${status!.anchor!.blockNumber}`);
    expect(auditReportText(result, 'zh')).toContain(`已上链：区块 ${status!.anchor!.blockNumber}`);
  });

  it("catches a forged row inserted with the whole chain recomputed after it: 'inserted', between the checkpoints", async () => {
    const { home, log } = await filledLog(root, 20);
    await checkpoint(home, log);
    // each entry its own job: two identical entries in one millisecond would make "where did the checkpointed entry go" ambiguous
    for (let i = 0; i < 20; i++) log.append({ action: 'stamp', actor: { id: 'op-1' }, target: `job-${i}`, outcome: 'ok' });
    await checkpoint(home, log);
    for (let i = 0; i < 10; i++) log.append({ action: 'print.receipt', actor: { id: 'op-1' }, target: `job-${i}`, outcome: 'ok' });
    log.close();
    tamper(home, (db) => {
      shiftUp(db, 30);
      insertForged(db, 30);
      recomputeFrom(db, 31);
    });
    const result = verifyHome(home);
    expect(result).toMatchObject({ ok: false, entries: 51, firstBad: { seq: 21, problem: 'inserted', detectedBy: 'checkpoint', witnessSeq: 40 } });
    expect(result.checkpoints.map((c) => c.status)).toEqual(['ok', 'mismatch']);
    expect(auditReportText(result, 'en')).toMatch(/between #21 and #40/);
  });

  it('catches entries cut off after a checkpoint, even with audit.db’s checkpoint rows deleted too (the outbox event is the witness)', async () => {
    const { home, log } = await filledLog(root, 40);
    await checkpoint(home, log);
    log.close();
    tamper(home, (db) => {
      db.prepare('DELETE FROM entries WHERE seq > 30').run();
      db.prepare('DELETE FROM checkpoints').run();
    });
    const result = verifyHome(home);
    expect(result).toMatchObject({ ok: false, entries: 30, firstBad: { seq: 31, problem: 'removed', detectedBy: 'checkpoint', witnessSeq: 40 }, checkpoints: [{ seq: 40, status: 'beyond-end' }] });
    expect(auditReportText(result, 'zh')).toMatch(/第 31 条被删除/);
  });

  it("catches an entry edited with every hash after it recomputed: 'edited'", async () => {
    const { home, log } = await filledLog(root, 30);
    await checkpoint(home, log);
    log.close();
    tamper(home, (db) => {
      db.prepare("UPDATE entries SET target = 'job-other' WHERE seq = 12").run();
      recomputeFrom(db, 12);
    });
    expect(verifyHome(home)).toMatchObject({ ok: false, firstBad: { seq: 1, problem: 'edited', detectedBy: 'checkpoint', witnessSeq: 30 } });
  });

  it('checkpoints periodically, only when the head moved, and on demand', async () => {
    const { home, log } = await filledLog(root, 3);
    const events = new SealEventLog(home, identity);
    const errors: unknown[] = [];
    const checkpointer = new AuditCheckpointer({ log, events, signer: async () => signer, intervalMs: 100, onError: (e) => errors.push(e) });
    try {
      checkpointer.start();
      await new Promise((r) => setTimeout(r, 450));
      expect(log.checkpoints().map((c) => c.seq)).toEqual([3]);
      log.append({ action: 'stamp', actor: { id: 'op-1' }, outcome: 'ok' });
      await new Promise((r) => setTimeout(r, 300));
      expect(log.checkpoints().map((c) => c.seq)).toEqual([3, 4]);
      await checkpointer.stop();
      // on demand (the timer stopped): two callers at once share one signature
      log.append({ action: 'stamp', actor: { id: 'op-1' }, outcome: 'ok' });
      const [a, b] = await Promise.all([checkpointer.checkpoint(), checkpointer.checkpoint()]);
      expect(a).toBe(b);
      expect(errors).toEqual([]);
    } finally {
      await checkpointer.stop();
      events.close();
    }
    expect(log.checkpoints().map((c) => c.seq)).toEqual([3, 4, 5]);
    log.close();
    expect(verifyHome(home)).toMatchObject({ ok: true, witnessedUpTo: 5 });
  });
});
