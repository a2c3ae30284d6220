/**
 * Host SM2 verification (issue 15 item 5: the library chosen by measurement). Three candidates
 * verify the same OpenSSL-made signature (GM/T 0009's default ID) — sm-crypto-v2 through
 * drivers/pkcs11/sm2.ts (what sealdesk uses), sm-crypto, and the SM2 curve put on
 * @noble/curves' Weierstrass arithmetic — each first checked for correctness (accepts OpenSSL's
 * signature, refuses one changed bit). Peer: `openssl speed sm2` verify/s in the same run.
 * Goal for sealdesk's verifier ≥ 0.5×.
 */
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Field } from '@noble/curves/abstract/modular';
import { weierstrassPoints } from '@noble/curves/abstract/weierstrass';
import { derToRaw } from '../../drivers/pkcs11/ecdsa-signature.js';
import { sm2PublicPoint } from '../../drivers/pkcs11/sm2-public-key.js';
import { DEFAULT_SM2_ID, sm2Verify } from '../../drivers/pkcs11/sm2.js';
import { report } from './report.js';

const SECONDS = 3;
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

// GM/T 0003.5's curve on noble's arithmetic, and SM2 verification written out (GM/T 0003.2 §7)
const P = 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn;
const A = P - 3n;
const B = 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n;
const N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;
const GX = 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n;
const GY = 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n;
const { ProjectivePoint } = weierstrassPoints({ a: A, b: B, Fp: Field(P), n: N, Gx: GX, Gy: GY, h: 1n });
const be = (n: bigint) => Buffer.from(n.toString(16).padStart(64, '0'), 'hex');
const id = Buffer.from(DEFAULT_SM2_ID);
const zNoble = createHash('sm3')
  .update(Buffer.from([(id.length * 8) >> 8, (id.length * 8) & 0xff]))
  .update(id)
  .update(Buffer.concat([be(A), be(B), be(GX), be(GY), point.subarray(1)]))
  .digest();
const publicPoint = ProjectivePoint.fromHex(point.toString('hex'));
const [r, s] = ((raw) => [BigInt(`0x${raw.subarray(0, 32).toString('hex')}`), BigInt(`0x${raw.subarray(32).toString('hex')}`)])(derToRaw(signature, 32));
function nobleVerify(m: Buffer): boolean {
  const e = BigInt(`0x${createHash('sm3').update(zNoble).update(m).digest('hex')}`);
  const t = (r + s) % N;
  if (t === 0n) return false;
  const x1 = ProjectivePoint.BASE.multiplyAndAddUnsafe(publicPoint, s, t)?.toAffine().x;
  return x1 !== undefined && (e + x1) % N === r;
}

const candidates: Array<[string, (m: Buffer) => boolean]> = [
  ['sm-crypto-v2 via drivers/pkcs11/sm2.ts (sealdesk)', (m) => sm2Verify(m, signature, point)],
  ['sm-crypto 0.5', smCryptoVerify],
  ['@noble/curves 1.9 with SM2 parameters', nobleVerify],
];

function rate(verify: (m: Buffer) => boolean): number {
  for (let i = 0; i < 20; i++) verify(message); // warm the JIT
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < SECONDS) {
    if (!verify(message)) throw new Error('a correct signature failed during the run');
    n++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  return n / elapsed;
}

const speed = execFileSync('openssl', ['speed', '-seconds', String(SECONDS), 'sm2'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
const row = /SM2 \(CurveSM2\)\s+\S+\s+\S+\s+(\S+)\s+(\S+)/.exec(speed);
if (!row) throw new Error(`cannot read openssl speed sm2:\n${speed}`);
const opensslVerify = Number(row[2]);

let ok = true;
for (const [name, verify] of candidates) {
  // correctness first: OpenSSL's signature with the standard ID, and not a changed message
  if (!verify(message) || verify(changed)) {
    console.log(`${name}: INCORRECT (accepts OpenSSL's signature: ${verify(message)}, accepts a changed message: ${verify(changed)})`);
    ok = false;
    continue;
  }
  const sealdesk = name.includes('sealdesk');
  ok = report({ name: `SM2 verify, ${name}`, value: rate(verify), unit: 'verify/s', peer: { name: 'openssl speed sm2', value: opensslVerify }, better: 'higher', ...(sealdesk ? { goal: { min: 0.5 } } : {}) }) && ok;
}
rmSync(dir, { recursive: true, force: true });
if (!ok) process.exitCode = 1;
