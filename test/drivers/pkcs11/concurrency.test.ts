import { createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPem } from '../../../drivers/pkcs11/pem.js';
import { openTokenFixture, USER_PIN, type TokenFixture } from '../../helpers/softhsm.js';

let fixture: TokenFixture;

beforeAll(async () => {
  fixture = await openTokenFixture(['busy-token']);
  const token = fixture.pkcs11.token({ label: 'busy-token' });
  await token.login(USER_PIN);
  await token.generateKey('ec-p256', 'seal');
});
afterAll(async () => fixture?.close());

describe('one token, many callers', () => {
  it('8 parallel signers finish (no deadlock) and every signature verifies', async () => {
    const token = fixture.pkcs11.token({ label: 'busy-token' });
    const publicKey = createPublicKey(toPem((await token.publicKey('seal')).spki, 'PUBLIC KEY'));
    const signer = async (n: number) => {
      const out: Array<{ data: Buffer; signature: Buffer }> = [];
      for (let i = 0; i < 25; i++) {
        const data = Buffer.from(`signer ${n} document ${i}`);
        out.push({ data, signature: (await token.sign('seal', data)).signature });
      }
      return out;
    };
    const results = (await Promise.all(Array.from({ length: 8 }, (_, n) => signer(n)))).flat();
    expect(results).toHaveLength(200);
    for (const { data, signature } of results) expect(verify('sha256', data, publicKey, signature)).toBe(true);
    // sessions are reused, not opened per operation: at most the pool's size are open
    expect(token.openSessions).toBeGreaterThan(1);
    expect(token.openSessions).toBeLessThanOrEqual(fixture.pkcs11.poolSize);
  });

  it('the event loop keeps running while the token works (RSA-3072 generation on a worker thread)', async () => {
    const token = fixture.pkcs11.token({ label: 'busy-token' });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const started = Date.now();
    try {
      await token.generateKey('rsa-3072', 'slow-key');
    } finally {
      clearInterval(timer);
    }
    const elapsed = Date.now() - started;
    // A blocked loop would tick at most once, after the generation; a free one about every 5 ms.
    if (elapsed >= 100) expect(ticks).toBeGreaterThan(3);
    expect((await token.keys()).find((k) => k.label === 'slow-key')?.type).toBe('rsa-3072');
  });
});
