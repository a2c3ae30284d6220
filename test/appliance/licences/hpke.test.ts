import { describe, expect, it } from 'vitest';
import { generateX25519, keySchedule, openBase, sealBase, x25519PublicOf } from '../../../appliance/licences/hpke.js';

// RFC 9180 appendix A.1.1: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, base mode. The
// RFC has no X25519 + AES-256-GCM vector; everything but the AEAD key length is shared.
const A1 = {
  info: '4f6465206f6e2061204772656369616e2055726e',
  skEm: '52c4a758a802cd8b936eceea314432798d5baf2d7e9235dc084ab1b9cfa2f736',
  pkEm: '37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431',
  skRm: '4612c550263fc8ad58375df3f557aac531d26850903e55a9f23f21d8534e8ac8',
  pkRm: '3948cfe0ad1ddb695d780e59077195da6c56506b027329794ab02bca80815c4d',
  sharedSecret: 'fe0e18c9f024ce43799ae393c7e8fe8fce9d218875e8227b0187c04e7d2ea1fc',
  key: '4531685d41d65f03dc48f6b8302c05b0',
  baseNonce: '56d890e5accaaf011cff4b7d',
  pt: '4265617574792069732074727574682c20747275746820626561757479',
  aad: '436f756e742d30',
  ct: 'f938558b5d72f1a23810b4be2ab4f84331acc02fc97babc53a52ae8218a355a96d8770ac83d07bea87e13c512a',
};
const hex = (s: string) => Buffer.from(s, 'hex');

describe('HPKE base mode (RFC 9180) over node:crypto', () => {
  it('matches the RFC 9180 A.1.1 known answers: public keys, shared secret, key schedule, first ciphertext', () => {
    expect(x25519PublicOf(hex(A1.skRm)).toString('hex')).toBe(A1.pkRm);
    const sealed = sealBase(hex(A1.pkRm), hex(A1.pt), { aead: 'aes-128-gcm', info: hex(A1.info), aad: hex(A1.aad), ephemeralSecretKey: hex(A1.skEm) });
    expect(sealed.enc.toString('hex')).toBe(A1.pkEm);
    expect(sealed.sharedSecret.toString('hex')).toBe(A1.sharedSecret);
    const schedule = keySchedule('aes-128-gcm', hex(A1.sharedSecret), hex(A1.info));
    expect(schedule.key.toString('hex')).toBe(A1.key);
    expect(schedule.baseNonce.toString('hex')).toBe(A1.baseNonce);
    expect(sealed.ciphertext.toString('hex')).toBe(A1.ct);
    expect(openBase(hex(A1.skRm), hex(A1.pkEm), hex(A1.ct), { aead: 'aes-128-gcm', info: hex(A1.info), aad: hex(A1.aad) }).toString('hex')).toBe(A1.pt);
  });

  it('AES-256-GCM round trip; another key, other info or a flipped bit does not open', () => {
    const recipient = generateX25519();
    const other = generateX25519();
    const options = { aead: 'aes-256-gcm' as const, info: Buffer.from('info'), aad: Buffer.from('aad') };
    const { enc, ciphertext } = sealBase(recipient.publicKey, Buffer.from('证照'), options);
    expect(openBase(recipient.secretKey, enc, ciphertext, options).toString()).toBe('证照');
    expect(() => openBase(other.secretKey, enc, ciphertext, options)).toThrow();
    expect(() => openBase(recipient.secretKey, enc, ciphertext, { ...options, info: Buffer.from('other') })).toThrow();
    const flipped = Buffer.from(ciphertext);
    flipped[0]! ^= 1;
    expect(() => openBase(recipient.secretKey, enc, flipped, options)).toThrow();
  });
});
