import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Outbox } from '../../../appliance/ledger/outbox/outbox.js';
import { verifyReceipt } from '../../../appliance/ledger/outbox/verify-receipt.js';
import { sealRegistryAbi } from '../../../contracts/seal-registry-abi.js';
import { USER_PIN } from '../../helpers/softhsm.js';
import { openLedger, ORGANISATION, stampInput, type LedgerFixture } from './helpers/ledger.js';

const CHILD = fileURLToPath(new URL('./helpers/worker-child.ts', import.meta.url));
let ledger: LedgerFixture;
let outbox: Outbox;

beforeAll(async () => {
  ledger = await openLedger();
  outbox = Outbox.open(ledger.outboxPath);
});
afterAll(async () => {
  outbox?.close();
  await ledger?.close();
});

interface ChildRun {
  ready: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill9(): void;
}

function startWorker(extra: Record<string, string>): ChildRun {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: {
      ...process.env,
      SOFTHSM2_CONF: ledger.tokens.hsm.confPath,
      LEDGER_PKCS11_MODULE: ledger.tokens.hsm.modulePath,
      LEDGER_STATE_DIR: ledger.tokens.home,
      LEDGER_PIN: USER_PIN,
      LEDGER_DB: ledger.outboxPath,
      LEDGER_RPC: ledger.chain.anvil.rpcUrl,
      LEDGER_REGISTRY: ledger.registry,
      LEDGER_ORG: ORGANISATION,
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => c.toString().includes('ready') && resolve());
    void exited.then(({ code }) => (code ? reject(new Error(`worker exited ${code}: ${stderr}`)) : resolve()));
  });
  return { ready, exited, kill9: () => child.kill('SIGKILL') };
}

async function recordSome(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await outbox.record(stampInput(), ledger.signer);
}

describe('ledger worker across kill -9', () => {
  it('anchors every event exactly once whatever step the worker dies at', async () => {
    // Each round: events flow while a worker runs and is killed at a chosen step (or at a
    // random moment from outside); the next round's worker picks up what the last one left.
    const rounds = ['recorded:1', 'sent:2', 'final:1', 'outside'];
    for (const crash of rounds) {
      await recordSome(5);
      const run = startWorker(crash === 'outside' ? {} : { LEDGER_CRASH: crash });
      await run.ready;
      await recordSome(4);
      if (crash === 'outside') {
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 150));
        run.kill9();
      }
      const { signal } = await run.exited;
      expect(signal).toBe('SIGKILL');
    }
    const last = startWorker({ LEDGER_EXIT_WHEN_DRAINED: '1' });
    expect((await last.exited).code).toBe(0);

    const events = outbox.db.prepare('SELECT id FROM events ORDER BY seq').all() as Array<{ id: string }>;
    expect(events).toHaveLength(rounds.length * 9);
    const logs = await ledger.admin.public.getContractEvents({ address: ledger.registry, abi: sealRegistryAbi, eventName: 'BatchAnchored', fromBlock: 0n });
    const perBatch = new Map<string, number>();
    for (const log of logs) perBatch.set(log.args.batchId!, (perBatch.get(log.args.batchId!) ?? 0) + 1);
    expect([...perBatch.values()].every((n) => n === 1)).toBe(true); // no batch anchored twice
    expect(logs.reduce((sum, log) => sum + log.args.count!, 0)).toBe(events.length); // no event in two batches, none left out
    for (const { id } of events) {
      const receipt = outbox.receipt(id);
      expect(receipt, `receipt of ${id}`).toBeDefined();
      const log = logs.find((l) => l.args.batchId === receipt!.batchId);
      expect(log?.transactionHash).toBe(receipt!.txHash);
      await verifyReceipt(receipt!, ledger.admin.public);
    }
  });
});
