import { randomBytes } from 'node:crypto';
import { keccak_256 } from '@noble/hashes/sha3';
import { describe, expect, it } from 'vitest';
import { keccak256, keccakCompiled } from '../../../drivers/pkcs11/keccak.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

// Every seal event's leaf, every Merkle root anchored on chain and every seal's chain id is
// this hash: one byte different and no anchor or status check would ever match again.
describe('keccak256', () => {
  it('gives the published Keccak-256 values (not SHA3-256) once its WebAssembly is in use', async () => {
    await keccakCompiled;
    expect(hex(keccak256(new Uint8Array()))).toBe('c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
    expect(hex(keccak256(Buffer.from('abc')))).toBe('4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45');
    expect(hex(keccak256(Buffer.from('abc')))).not.toBe('3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532');
  });

  it('agrees with @noble/hashes (its fallback before the compile) on every length across the 136-byte blocks', async () => {
    await keccakCompiled;
    for (const length of [1, 31, 32, 33, 135, 136, 137, 271, 272, 273, 600, 4096, 100_000]) {
      const data = randomBytes(length);
      expect(hex(keccak256(data)), `length ${length}`).toBe(hex(keccak_256(data)));
    }
  });

  it('returns its own bytes: the next hash does not overwrite the last', async () => {
    await keccakCompiled;
    const first = keccak256(Buffer.from('first'));
    const kept = hex(first);
    keccak256(Buffer.from('second'));
    expect(hex(first)).toBe(kept);
    expect(first).toHaveLength(32);
  });

  it('hashes a view into a larger buffer by the view alone', async () => {
    await keccakCompiled;
    const whole = randomBytes(64);
    expect(hex(keccak256(whole.subarray(1, 33)))).toBe(hex(keccak_256(whole.subarray(1, 33))));
  });
});
