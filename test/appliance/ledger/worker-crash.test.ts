import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyEventProof } from '../../../appliance/ledger/outbox/event-proof.js';
import { buildTreeFromLeaves, eventDigest } from '../../../appliance/ledger/outbox/event-tree.js';
import { Outbox } from '../../../appliance/ledger/outbox/outbox.js';
import type { SignedSealEvent } from '../../../appliance/ledger/outbox/seal-event.js';
import { verifyReceipt } from '../../../appliance/ledger/outbox/verify-receipt.js';
import { sealRegistryAbi } from '../../../contracts/seal-registry-abi.js';
import { USER_PIN } from '../../helpers/softhsm.js';
import { openLedger, ORGANISATION, stampInput, type LedgerFixture } from './helpers/ledger.js';
import { seededRandom } from '../../helpers/seeded-random.js';

const CHILD = fileURLToPath(new URL('./helpers/worker-child.ts', import.meta.url));
const EVENTS = 1_000;
const ROUNDS = 22;
const BATCH_SIZE = 10;
/** Workers loading ahead of the one running. */
const PRELOAD = 3;

let ledger: LedgerFixture;
let outbox: Outbox;
const children = new Set<ChildProcess>();
/** Settles when the last worker started has logged in (or died): the next one logs in after it. */
let loginTurn: Promise<unknown> = Promise.resolve();

beforeAll(async () => {
  ledger = await openLedger();
  outbox = Outbox.open(ledger.outboxPath);
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL'); // workers still loading when a round failed
  outbox?.close();
  await ledger?.close();
});


const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface ChildRun {
  loaded: Promise<void>;
  ready: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The step the worker killed itself at (`crash sent 2`), if it did. */
  readonly crashedAt: string | undefined;
  go(): void;
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
      LEDGER_BATCH_SIZE: String(BATCH_SIZE),
      LEDGER_WAIT_FOR_GO: '1',
      ...extra,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const said = (word: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => stdout.split('\n').includes(word) && resolve();
      child.stdout.on('data', check);
      void exited.then(({ code, signal }) => (stdout.split('\n').includes(word) ? resolve() : reject(new Error(`worker exited (${code ?? signal}) before "${word}": ${stderr}`))));
    });
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  const loaded = said('loaded');
  const ready = said('ready');
  const turn = loginTurn;
  loginTurn = loaded.catch(() => undefined);
  child.stdin.on('error', () => undefined); // a worker that died before its turn cannot hear it
  void turn.then(() => child.stdin.write('login\n'));
  // a worker that is never started (the test failed first) must not outlive the test
  loaded.catch(() => undefined);
  ready.catch(() => undefined);
  return {
    loaded,
    ready,
    exited,
    get crashedAt() {
      return /^crash (\w+ \d+)$/m.exec(stdout)?.[1];
    },
    go: () => child.stdin.write('go\n'),
    kill9: () => child.kill('SIGKILL'),
  };
}

describe('ledger worker across kill -9', () => {
  it(`anchors ${EVENTS} events exactly once while the worker is killed at random points in ${ROUNDS} rounds`, { timeout: 180_000 }, async () => {
    const seed = Number(process.env.SEALDESK_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const rnd = seededRandom(seed);
    const context = `seed ${seed} (replay with SEALDESK_CRASH_SEED=${seed})`;
    // Each round one way to die, shuffled: at a step inside anchoring (the batch on disk but not
    // sent; sent, its receipt not yet awaited; final on chain, receipts not stored; receipts
    // stored), at its n-th occurrence in that worker's life, or by SIGKILL from outside at a
    // random moment. A step the worker does not reach in time becomes an outside kill too.
    const ways = [...Array<string>(4).fill('recorded'), ...Array<string>(4).fill('sent'), ...Array<string>(4).fill('final'), ...Array<string>(3).fill('stored'), ...Array<string>(ROUNDS - 15).fill('outside')];
    for (let i = ways.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [ways[i], ways[j]] = [ways[j]!, ways[i]!];
    }
    const plan = ways.map((way) => (way === 'outside' ? { way, delayMs: Math.floor(rnd() * 400) } : { way, at: 1 + Math.floor(rnd() * 3), delayMs: 1_500 }));

    const produced: SignedSealEvent[] = [];
    const produce = async (n: number) => {
      for (let i = 0; i < n && produced.length < EVENTS; i++) {
        produced.push(await outbox.record(stampInput(), ledger.signer));
        if (rnd() < 0.1) await sleep(Math.floor(rnd() * 15)); // bursts and pauses
      }
    };
    const crashEnv = (round: number): Record<string, string> => {
      const step = plan[round]!;
      return step.way === 'outside' ? {} : { LEDGER_CRASH: `${step.way}:${step.at}` };
    };

    // The next workers load (imports, token login) while this one works, each waiting for `go`:
    // the rounds then cost what the kills cost, not process start-ups.
    const workers: ChildRun[] = [];
    const worker = (round: number): ChildRun => {
      for (let i = workers.length; i <= Math.min(round + PRELOAD, ROUNDS); i++) workers.push(startWorker(i < ROUNDS ? crashEnv(i) : { LEDGER_EXIT_WHEN_DRAINED: '1' }));
      return workers[round]!;
    };
    const happened: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const run = worker(round);
      await run.loaded;
      run.go();
      await run.ready;

      const share = Math.ceil((EVENTS - produced.length) / (ROUNDS - round));
      const step = plan[round]!;
      let killedFromOutside = false;
      const outside = async () => {
        await sleep(step.delayMs);
        if (!run.crashedAt) {
          killedFromOutside = true;
          run.kill9();
        }
      };
      // events keep flowing while the worker anchors; an outside kill lands at a random moment in that flow
      if (step.way === 'outside') await Promise.all([produce(share), outside()]);
      else {
        await produce(share);
        await Promise.race([run.exited, outside()]);
      }
      const { signal } = await run.exited;
      expect(signal, `round ${round}: ${context}`).toBe('SIGKILL');
      happened.push(killedFromOutside ? `outside after ${step.delayMs} ms` : run.crashedAt!);
    }
    expect(produced).toHaveLength(EVENTS);

    const last = worker(ROUNDS);
    await last.loaded;
    last.go();
    expect((await last.exited).code, context).toBe(0);
    process.stdout.write(`worker-crash ${context}: ${happened.join('; ')}\n`);
    // the kill points spread over the anchoring steps (each planned 3–4 times; a planned step
    // is missed only if the worker never reached it within its round)
    for (const step of ['recorded', 'sent', 'final']) expect(happened.some((h) => h.startsWith(step)), `${step} in ${happened.join('; ')}: ${context}`).toBe(true);

    // Every event, exactly once, judged by the contract's own logs.
    const rows = outbox.db.prepare('SELECT id, leaf, batch_id FROM events ORDER BY seq').all() as Array<{ id: string; leaf: Hex; batch_id: Hex }>;
    expect(rows.map((r) => r.id)).toEqual(produced.map((e) => e.id));
    const logs = await ledger.admin.public.getContractEvents({ address: ledger.registry, abi: sealRegistryAbi, eventName: 'BatchAnchored', fromBlock: 0n });
    const byBatch = new Map<string, (typeof logs)[number]>();
    for (const log of logs) {
      expect(byBatch.has(log.args.batchId!), `batch ${log.args.batchId} anchored twice: ${context}`).toBe(false);
      byBatch.set(log.args.batchId!, log);
    }
    expect(logs.reduce((sum, log) => sum + log.args.count!, 0), context).toBe(EVENTS); // none left out, none counted twice
    const members = new Map<string, Hex[]>();
    for (const row of rows) members.set(row.batch_id, [...(members.get(row.batch_id) ?? []), row.leaf]);
    expect(new Set(members.keys())).toEqual(new Set(byBatch.keys()));
    for (const [batchId, leaves] of members) {
      // the root on chain is the tree of exactly this batch's events: each event is in one anchored batch
      const log = byBatch.get(batchId)!;
      expect(log.args.count, context).toBe(leaves.length);
      expect(log.args.root, context).toBe(buildTreeFromLeaves(leaves).root);
    }
    const verifiedBatches = new Set<string>();
    for (const event of produced) {
      const receipt = outbox.receipt(event.id);
      expect(receipt, `receipt of ${event.id}: ${context}`).toBeDefined();
      const log = byBatch.get(receipt!.batchId)!;
      expect(receipt!.txHash).toBe(log.transactionHash);
      expect(receipt!.blockNumber).toBe(Number(log.blockNumber));
      expect(receipt!.leaf.value).toBe(eventDigest(event));
      expect(verifyEventProof(log.args.root!, receipt!.leaf.value, receipt!.proof)).toBe(true);
      if (!verifiedBatches.has(receipt!.batchId)) {
        verifiedBatches.add(receipt!.batchId);
        await verifyReceipt(receipt!, ledger.admin.public); // and once per batch, with JSON-RPC reads only
      }
    }
    expect(outbox.status()).toMatchObject({ events: EVENTS, unbatched: 0, batchesPending: 0, receipts: EVENTS });
  });
});
