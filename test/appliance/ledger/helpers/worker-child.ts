/**
 * A ledger worker in a process of its own, for the crash test. It loads (imports, PKCS#11; with
 * LEDGER_WAIT_FOR_GO it looks the token up and logs in only after `login` on stdin, so that the test lets one worker at
 * a time rewrite SoftHSM's token file), says `loaded`, and waits for `go` on stdin before it opens the outbox, so the test can
 * start the next round's worker while the current one still runs without two workers ever
 * batching at once. Then it says `ready` and runs until told to crash (LEDGER_CRASH=step:n:
 * SIGKILL to itself the n-th time the worker reaches that step, announced on stdout as
 * `crash step n` first), until the parent kills it, or, with LEDGER_EXIT_WHEN_DRAINED, until
 * the outbox is empty.
 */
import { createInterface } from 'node:readline';
import type { Address, Hex } from 'viem';
// the child's own errors then read as sentences, not as an unregistered code
import '../../../../drivers/pkcs11/errors.js';
import { Pkcs11 } from '../../../../drivers/pkcs11/pkcs11.js';
import type { Token } from '../../../../drivers/pkcs11/token.js';
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

const waitForParent = process.env.LEDGER_WAIT_FOR_GO === '1';
const fromParent: string[] = [];
const waiting = new Map<string, () => void>();
if (waitForParent) {
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const word = line.trim();
    fromParent.push(word);
    waiting.get(word)?.();
    if (word === 'go') {
      // nothing more to hear; stdin must not keep the process alive
      lines.close();
      process.stdin.destroy();
    }
  });
}
const told = (word: string) => (!waitForParent || fromParent.includes(word) ? Promise.resolve() : new Promise<void>((resolve) => waiting.set(word, resolve)));

const pkcs11 = Pkcs11.open({ modulePaths: [env('LEDGER_PKCS11_MODULE')], stateDir: env('LEDGER_STATE_DIR') });
await told('login');
// SoftHSM rewrites the token's file at C_Login (its PIN flags); a sibling process reading it at
// that moment gets CKR_GENERAL_ERROR or does not see the token at all. The test lets one worker
// log in at a time, and a worker looks the token up only in its turn; should another process
// still catch the file mid-write, this child tries again, as a supervisor restarting the worker would.
let token: Token;
for (let attempt = 1; ; attempt++) {
  try {
    token = pkcs11.token({ label: 'terminal' });
    await token.login(env('LEDGER_PIN'));
    break;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (attempt >= 8 || (code !== 'DEVICE_ERROR' && code !== 'TOKEN_NOT_PRESENT')) throw error;
    await new Promise((r) => setTimeout(r, 100 * attempt));
  }
}
const account = await tokenAccount(token, 'chain');
process.stdout.write('loaded\n');

await told('go');

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
