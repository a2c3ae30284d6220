/**
 * Host SM2 verification (issue 15: ≥ 0.5× `openssl speed sm2` verify/s in the same run).
 * sealdesk's verifier (drivers/pkcs11/sm2.ts over sm2-curve.ts) is measured twice: a seal's key
 * that recurs (its table made on the second use, as in practice) and a cold key (a pool of keys
 * larger than the key cache, each verified once per pass). The libraries it was chosen
 * against — sm-crypto-v2 and sm-crypto (sealdesk's is the SM2 curve on @noble/curves with window
 * tables for G and for a recurring key) — verify the same OpenSSL-made signature (GM/T 0009's default ID); each is first checked for
 * correctness (accepts OpenSSL's signature, refuses one changed bit).
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { derToRaw } from '../../drivers/pkcs11/ecdsa-signature.js';
import { sm2 } from 'sm-crypto-v2';
import { sm2PublicPoint } from '../../drivers/pkcs11/sm2-public-key.js';
import { DEFAULT_SM2_ID, sm2Digest, sm2Verify } from '../../drivers/pkcs11/sm2.js';
import { report } from './report.js';
import { alternatingRounds } from './alternating-rounds.js';

const SECONDS = 3;
// the goal's rounds: ROUNDS of ROUND_SECONDS each side, alternating (pairedRates)
const ROUNDS = 5;
const ROUND_SECONDS = 1;
const dir = mkdtempSync(join(tmpdir(), 'sealdesk-sm2-bench-'));

// an SM2 key and signature made by OpenSSL, with the standard ID
execFileSync('openssl', ['genpkey', '-algorithm', 'SM2', '-out', join(dir, 'key.pem')]);
execFileSync('openssl', ['req', '-new', '-x509', '-key', join(dir, 'key.pem'), '-sm3', '-sigopt', `distid:${DEFAULT_SM2_ID}`, '-subj', '/CN=bench', '-out', join(dir, 'cert.pem')]);
const message = Buffer.from('sealdesk SM2 verification bench: the DER signed attributes of a CMS are about this long, a few hundred bytes. '.repeat(3));
writeFileSync(join(dir, 'msg'), message);
execFileSync('openssl', ['pkeyutl', '-sign', '-inkey', join(dir, 'key.pem'), '-rawin', '-digest', 'sm3', '-pkeyopt', `distid:${DEFAULT_SM2_ID}`, '-in', join(dir, 'msg'), '-out', join(dir, 'sig')]);
const signature = readFileSync(join(dir, 'sig'));
const point = sm2PublicPoint(new X509Certificate(readFileSync(join(dir, 'cert.pem'))).publicKey)!;
const changed = Buffer.from(message);
changed[5]! ^= 1;

// sm-crypto (0.x) has no types; its verify hashes with the ID itself (hash: true)
const require = createRequire(import.meta.url);
const smCrypto = require('sm-crypto') as { sm2: { doVerifySignature(msg: string, sig: string, pub: string, o: { der: boolean; hash: boolean; userId?: string }): boolean } };
const smCryptoVerify = (m: Buffer) => smCrypto.sm2.doVerifySignature(m.toString('binary'), signature.toString('hex'), point.toString('hex'), { der: true, hash: true, userId: DEFAULT_SM2_ID });

// cold keys: more keys than sealdesk's key cache (64), each verified once per pass, so every
// verification is a key's first (signed here by sm-crypto-v2, checked by sealdesk's verifier)
const COLD_KEYS = 160;
const cold = Array.from({ length: COLD_KEYS }, () => {
  const pair = sm2.generateKeyPairHex();
  const publicKey = Buffer.from(pair.publicKey, 'hex');
  const sig = Buffer.from(sm2.doSignature(sm2Digest(message, publicKey), pair.privateKey, { hash: false, der: true }), 'hex');
  return { publicKey, sig };
});
let coldNext = 0;
function coldVerify(m: Buffer): boolean {
  const { publicKey, sig } = cold[coldNext++ % COLD_KEYS]!;
  return sm2Verify(m, sig, publicKey);
}

const candidates: Array<[string, (m: Buffer) => boolean]> = [
  ['sealdesk (drivers/pkcs11/sm2.ts), a recurring key', (m) => sm2Verify(m, signature, point)],
  ['sealdesk (drivers/pkcs11/sm2.ts), a cold key', coldVerify],
  ['sm-crypto-v2 0.2', (m) => sm2.doVerifySignature(sm2Digest(m, point), derToRaw(signature, 32).toString('hex'), point.toString('hex'), { der: false, hash: false })],
  ['sm-crypto 0.5', smCryptoVerify],
];

/**
 * Verifications per second of this process's user CPU time: what `openssl speed` counts by
 * default (its -elapsed counts the wall clock instead), so that the ratio holds on a machine
 * shared with other work. Node's GC threads count too, which is against sealdesk, not for it.
 */
function rate(verify: (m: Buffer) => boolean, seconds = SECONDS): number {
  // warm the JIT and let the tables be made (G's at the 64th verification, a key's at its 4th)
  const warm = process.cpuUsage().user;
  for (let i = 0; i < 100 && process.cpuUsage().user - warm < 500_000; i++) verify(message);
  let n = 0;
  const start = process.cpuUsage().user;
  let elapsed = 0;
  while (elapsed < seconds) {
    if (!verify(message)) throw new Error('a correct signature failed during the run');
    n++;
    elapsed = (process.cpuUsage().user - start) / 1e6;
  }
  return n / elapsed;
}

/** `openssl speed sm2`'s verify/s, run for `seconds` (it signs for as long first). */
function opensslRate(seconds: number): number {
  const speed = execFileSync('openssl', ['speed', '-seconds', String(seconds), 'sm2'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const row = /SM2 \(CurveSM2\)\s+\S+\s+\S+\s+(\S+)\s+(\S+)/.exec(speed);
  if (!row) throw new Error(`cannot read openssl speed sm2:\n${speed}`);
  return Number(row[2]);
}


/**
 * The goal's two sides in alternating rounds: one 3 s pair on this shared machine gave ratios
 * from 0.38 to 0.98 on the same code, as each side's CPU time per verification moved with the
 * other tenants' load; rounds side by side meet the same load, and their medians are compared.
 */
async function pairedRates(verify: (m: Buffer) => boolean): Promise<{ ours: number; openssl: number }> {
  const [openssl, ours] = await alternatingRounds(() => opensslRate(ROUND_SECONDS), () => rate(verify, ROUND_SECONDS), { rounds: ROUNDS, warm: 0 });
  return { ours, openssl };
}

let ok = true;
let opensslVerify = Number.NaN;
for (const [name, verify] of candidates) {
  // correctness first: OpenSSL's signature with the standard ID, and not a changed message
  // (a cold key's correctness is checked by every call of the run: see rate())
  if (!verify(message) || (verify !== coldVerify && verify(changed))) {
    console.log(`${name}: INCORRECT (accepts OpenSSL's signature: ${verify(message)}, accepts a changed message: ${verify(changed)})`);
    ok = false;
    continue;
  }
  // the goal is the recurring key's (a seal's key verifies every document it stamped); the others are reported
  if (name.includes('a recurring key')) {
    const { ours, openssl } = await pairedRates(verify);
    ok = report({ name: `SM2 verify, ${name}`, value: ours, unit: 'verify/s', peer: { name: `openssl speed sm2 (user CPU time; medians of ${ROUNDS} alternating ${ROUND_SECONDS} s rounds)`, value: openssl }, better: 'higher', goal: { min: 0.5 } }) && ok;
    opensslVerify = openssl;
    continue;
  }
  report({ name: `SM2 verify, ${name}`, value: rate(verify), unit: 'verify/s', peer: { name: 'openssl speed sm2 (user CPU time, the goal’s median)', value: opensslVerify }, better: 'higher' });
}
rmSync(dir, { recursive: true, force: true });
if (!ok) process.exitCode = 1;
