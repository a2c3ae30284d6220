/**
 * A ledger worker in a process of its own, for the crash test. It loads (imports, PKCS#11,
 * login), says `loaded`, and waits for `go` on stdin before it opens the outbox, so the test can
 * start the next round's worker while the current one still runs without two workers ever
 * batching at once. Then it says `ready` and runs until told to crash (LEDGER_CRASH=step:n:
 * SIGKILL to itself the n-th time the worker reaches that step, announced on stdout as
 * `crash step n` first), until the parent kills it, or, with LEDGER_EXIT_WHEN_DRAINED, until
 * the outbox is empty.
 */
import { createInterface } from 'node:readline';
import type { Address, Hex } from 'viem';
import { Pkcs11 } from '../../../../drivers/pkcs11/pkcs11.js';
import { ChainClient } from '../../../../appliance/ledger/chain/chain-client.js';
import { tokenAccount } from '../../../../appliance/ledger/chain/token-account.js';
import type { AnchorStep } from '../../../../appliance/ledger/outbox/anchor-batch.js';
import { LedgerWorker } from '../../../../appliance/ledger/outbox/ledger-worker.js';
import { Outbox } from '../../../../appliance/ledger/outbox/outbox.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const [crashStep, crashAt] = (process.env.LEDGER_CRASH ?? ':').split(':');
let seen = 0;
const onStep = (step: AnchorStep) => {
  if (step === crashStep && ++seen === Number(crashAt)) {
    // stdout to a pipe is written synchronously on Linux: the parent reads this line
    process.stdout.write(`crash ${step} ${seen}\n`);
    process.kill(process.pid, 'SIGKILL');
  }
};

const pkcs11 = Pkcs11.open({ modulePaths: [env('LEDGER_PKCS11_MODULE')], stateDir: env('LEDGER_STATE_DIR') });
const token = pkcs11.token({ label: 'terminal' });
// SoftHSM rewrites the token's file at C_Login (its PIN flags); a sibling worker reading it at that
// moment, or killed -9 while writing it, gets CKR_GENERAL_ERROR. A supervisor restarts such a
// worker; this child tries again, as the restarted one would.
for (let attempt = 1; ; attempt++) {
  try {
    await token.login(env('LEDGER_PIN'));
    break;
  } catch (error) {
    if (attempt >= 5 || (error as { code?: string }).code !== 'DEVICE_ERROR') throw error;
    await new Promise((r) => setTimeout(r, 100 * attempt));
  }
}
const account = await tokenAccount(token, 'chain');
process.stdout.write('loaded\n');

if (process.env.LEDGER_WAIT_FOR_GO === '1') {
  const lines = createInterface({ input: process.stdin });
  await new Promise<void>((resolve) => lines.on('line', (line) => line.trim() === 'go' && resolve()));
  lines.close();
}

const outbox = Outbox.open(env('LEDGER_DB'));
const client = await ChainClient.connect({ rpcUrls: [env('LEDGER_RPC')], account, db: outbox.db, pollingIntervalMs: 20 });
const worker = new LedgerWorker({
  outbox,
  client,
  registry: env('LEDGER_REGISTRY') as Address,
  organisation: env('LEDGER_ORG') as Hex,
  batchSize: Number(process.env.LEDGER_BATCH_SIZE ?? 4),
  batchWindowMs: 20,
  onStep,
});
process.stdout.write('ready\n');

const drainedExit = process.env.LEDGER_EXIT_WHEN_DRAINED === '1';
for (;;) {
  await worker.drain(drainedExit);
  if (drainedExit && outbox.unbatchedCount() === 0 && outbox.pendingBatches().length === 0) break;
  await new Promise((r) => setTimeout(r, 10));
}
outbox.close();
pkcs11.close();
