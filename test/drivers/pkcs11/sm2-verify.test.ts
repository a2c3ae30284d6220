/**
 * sealdesk's host SM2 verification (drivers/pkcs11/sm2.ts) against signatures OpenSSL makes:
 * exact before and after the window tables are made (a key's at its 4th use, G's at the 64th
 * verification in the process), with the distinguishing ID the signer used and no other, and
 * false — never a throw — for anything malformed.
 */
import { execFile } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { derToRaw } from '../../../drivers/pkcs11/ecdsa-signature.js';
import { sm2PublicPoint } from '../../../drivers/pkcs11/sm2-public-key.js';
import { DEFAULT_SM2_ID, canonicalSm2Signature, sm2Verify } from '../../../drivers/pkcs11/sm2.js';
import { tempDir } from '../../helpers/temp-dir.js';

const run = promisify(execFile);
const N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;
/** A non-default ID with non-ASCII text in it, as a hall might name a seal's signer (UTF-8). */
const OTHER_ID = 'sealdesk-印章-0001';

let dir: string;
let point: Buffer;
let counter = 0;

/** OpenSSL's SM2 signature (DER) of `message` with the key, under `id`. */
async function opensslSign(message: Buffer, id: string): Promise<Buffer> {
  const n = ++counter;
  await writeFile(join(dir, `msg-${n}`), message);
  await run('openssl', ['pkeyutl', '-sign', '-inkey', join(dir, 'key.pem'), '-rawin', '-digest', 'sm3', '-pkeyopt', `distid:${id}`, '-in', join(dir, `msg-${n}`), '-out', join(dir, `sig-${n}`)]);
  return readFile(join(dir, `sig-${n}`));
}

function flipBit(bytes: Buffer, index: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[index]! ^= 0x01;
  return copy;
}

const hex32 = (n: bigint) => Buffer.from(n.toString(16).padStart(64, '0'), 'hex');

/** SEQUENCE { INTEGER r, INTEGER s }, minimal DER, for values a correct signer never writes. */
function derOf(r: bigint, s: bigint): Buffer {
  const integer = (n: bigint) => {
    let bytes = Buffer.from(n.toString(16).padStart(Math.ceil(n.toString(16).length / 2) * 2, '0'), 'hex');
    if (bytes[0]! & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
    return Buffer.concat([Buffer.from([0x02, bytes.length]), bytes]);
  };
  const body = Buffer.concat([integer(r), integer(s)]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

beforeAll(async () => {
  dir = await tempDir('sm2-verify');
  await run('openssl', ['genpkey', '-algorithm', 'SM2', '-out', join(dir, 'key.pem')]);
  point = sm2PublicPoint(createPublicKey(await readFile(join(dir, 'key.pem'))))!;
});

describe('host SM2 verification', () => {
  it('accepts OpenSSL’s signatures and refuses each with one bit changed, before and after the key’s and G’s tables exist', async () => {
    const messages = Array.from({ length: 6 }, (_, i) => Buffer.from(`signed attributes of document ${i}: `.repeat(i + 2)));
    const signatures = await Promise.all(messages.map((m) => opensslSign(m, DEFAULT_SM2_ID)));
    // 6 × 12 = 72 verifications of one key: past its table (4th use) and G's (64th)
    for (let round = 0; round < 6; round++) {
      for (const [i, message] of messages.entries()) {
        const signature = signatures[i]!;
        expect(sm2Verify(message, signature, point)).toBe(true);
        expect(sm2Verify(flipBit(message, round % message.length), signature, point)).toBe(false);
        expect(sm2Verify(message, flipBit(signature, signature.length - 1 - round), point)).toBe(false);
        expect(sm2Verify(message, signatures[(i + 1) % messages.length]!, point)).toBe(false);
      }
    }
  });

  it('checks with the ID the signer used: a non-default ID verifies with that ID only, and the default ID’s signature not with it', async () => {
    const message = Buffer.from('a seal whose key was certified under its own distinguishing ID');
    const withOther = await opensslSign(message, OTHER_ID);
    const withDefault = await opensslSign(message, DEFAULT_SM2_ID);
    expect(sm2Verify(message, withOther, point, OTHER_ID)).toBe(true);
    expect(sm2Verify(message, withOther, point)).toBe(false);
    expect(sm2Verify(message, withDefault, point, OTHER_ID)).toBe(false);
    expect(sm2Verify(message, withDefault, point)).toBe(true);
  });

  it('takes r‖s as well as DER, and answers false without throwing for malformed signatures and keys', async () => {
    const message = Buffer.from('malformed inputs');
    const der = await opensslSign(message, DEFAULT_SM2_ID);
    const raw = derToRaw(der, 32);
    expect(sm2Verify(message, raw, point)).toBe(true);
    const r = BigInt(`0x${raw.subarray(0, 32).toString('hex')}`);
    const s = BigInt(`0x${raw.subarray(32).toString('hex')}`);
    const refused: Array<[string, Buffer, Buffer]> = [
      ['r = 0', Buffer.concat([hex32(0n), hex32(s)]), point],
      ['s = 0', Buffer.concat([hex32(r), hex32(0n)]), point],
      ['s + n (the same s mod n, out of range)', derOf(r, s + N), point],
      ['r + s = n', Buffer.concat([hex32(r), hex32(N - r)]), point],
      ['DER with a byte after it', Buffer.concat([der, Buffer.from([0])]), point],
      ['DER cut short', der.subarray(0, der.length - 1), point],
      ['DER of a single INTEGER', Buffer.from([0x30, 0x22, 0x02, 0x20, ...raw.subarray(0, 32)]), point],
      ['empty', Buffer.alloc(0), point],
      ['a key off the curve', der, flipBit(point, 64)],
      ['a compressed key', der, Buffer.concat([Buffer.from([0x02 + (point[64]! & 1)]), point.subarray(1, 33)])],
      ['the point at infinity', der, Buffer.from([0])],
      ['the key negated (x, p − y)', der, Buffer.concat([point.subarray(0, 33), hex32(0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn - BigInt(`0x${point.subarray(33).toString('hex')}`))])],
    ];
    for (const [what, signature, key] of refused) {
      expect(sm2Verify(message, signature, key), what).toBe(false);
    }
  });

  it('knows the one DER form of a signature: OpenSSL\'s and r‖s are canonical, the same r and s written another way are not', async () => {
    const der = await opensslSign(Buffer.from('one form'), DEFAULT_SM2_ID);
    const raw = derToRaw(der, 32);
    expect(canonicalSm2Signature(der)).toBe(true);
    expect(canonicalSm2Signature(raw)).toBe(true);
    // small values: r = 1 is 02 01 01, s with its high bit set takes a 00 before it
    expect(canonicalSm2Signature(Buffer.from([0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x02, 0x00, 0x80]))).toBe(true);
    const r = raw.subarray(0, 32);
    const s = raw.subarray(32);
    const integer = (bytes: Buffer) => Buffer.concat([Buffer.from([0x02, bytes.length]), bytes]);
    const sequence = (body: Buffer) => Buffer.concat([Buffer.from([0x30, body.length]), body]);
    const others: Array<[string, Buffer]> = [
      ['r with an extra leading zero', sequence(Buffer.concat([integer(Buffer.concat([Buffer.from([0, 0]), r])), integer(Buffer.concat([Buffer.from([0]), s]))]))],
      ['s with its high bit set and no 00 before it', Buffer.from([0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x80])],
      ['the sequence\'s length in long form', Buffer.concat([Buffer.from([0x30, 0x81, der[1]!]), der.subarray(2)])],
      ['a byte after it', Buffer.concat([der, Buffer.from([0])])],
      ['63 bytes', raw.subarray(1)],
    ];
    for (const [what, signature] of others) expect(canonicalSm2Signature(signature), what).toBe(false);
  });
});
