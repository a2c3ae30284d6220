/**
 * ECDSA P-256 signatures per second through drivers/pkcs11 against a raw pkcs11js loop on the
 * same key in the same run (goal: overhead ≤ 10 %), and 8 parallel signers on one token.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pkcs11js from 'pkcs11js';
import { Pkcs11 } from '../../drivers/pkcs11/pkcs11.js';
import { startSoftHsm } from '../../simulator/softhsm/softhsm.js';
import { report } from './report.js';
import { alternatingRounds } from './alternating-rounds.js';

const PIN = '123456';
const ROUNDS = 12;
const SIGNS = 400;

const hsm = await startSoftHsm();
await hsm.initToken('bench', '12345678', PIN);
process.env.SOFTHSM2_CONF = hsm.confPath;
const home = await mkdtemp(join(tmpdir(), 'sealdesk-bench-'));
const pkcs11 = Pkcs11.open({ modulePaths: [hsm.modulePath], stateDir: home });
const token = pkcs11.token({ label: 'bench' });
await token.login(PIN);
await token.generateKey('ec-p256', 'seal');
const digest = createHash('sha256').update('bench').digest();

// The raw peer: the same module and key, a session of its own, pkcs11js' asynchronous C_Sign
// (the form the driver must use so the event loop never waits), the same session kind (R/W), no
// layer in between. ECDSA DER is made on first use, so neither side pays for it here.
const lib = token.module.lib;
const session = lib.C_OpenSession(token.slotId, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
lib.C_FindObjectsInit(session, [
  { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
  { type: pkcs11js.CKA_LABEL, value: 'seal' },
]);
const [key] = lib.C_FindObjects(session, 1);
lib.C_FindObjectsFinal(session);
if (!key) throw new Error('bench key not found');
const out = Buffer.alloc(128);

async function rawLoop(): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < SIGNS; i++) {
    lib.C_SignInit(session, { mechanism: pkcs11js.CKM_ECDSA }, key!);
    await lib.C_SignAsync(session, digest, out);
  }
  return SIGNS / (Number(process.hrtime.bigint() - start) / 1e9);
}

async function driverLoop(): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < SIGNS; i++) await token.signDigest('seal', digest);
  return SIGNS / (Number(process.hrtime.bigint() - start) / 1e9);
}

async function parallel(signers: number): Promise<number> {
  const each = Math.floor(SIGNS / signers);
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: signers }, async () => {
      for (let i = 0; i < each; i++) await token.signDigest('seal', digest);
    }),
  );
  return (each * signers) / (Number(process.hrtime.bigint() - start) / 1e9);
}

// many short rounds in alternating order after a warm-up pair: the drift of a shared machine
// (other work starting and stopping) falls on both sides alike
const [raw, driver] = await alternatingRounds(rawLoop, driverLoop, { rounds: ROUNDS });

report({
  name: 'ECDSA P-256 sign via drivers/pkcs11',
  value: driver,
  unit: 'signs/s',
  peer: { name: 'raw pkcs11js C_Sign loop, same key', value: raw },
  better: 'higher',
  goal: { min: 0.9 },
});

const deadlock = setTimeout(() => {
  console.error('8 parallel signers did not finish within 60 s: deadlock');
  process.exit(1);
}, 60_000);
const eight = await parallel(8);
clearTimeout(deadlock);
report({
  name: '8 parallel signers on one token via drivers/pkcs11 (finished, no deadlock)',
  value: eight,
  unit: 'signs/s',
  peer: { name: 'one signer via drivers/pkcs11', value: driver },
  better: 'higher',
});

lib.C_CloseSession(session);
pkcs11.close();
await hsm.close();
await rm(home, { recursive: true, force: true });
