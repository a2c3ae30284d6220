import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { certificateSignatureVerifies } from '../../../appliance/pades/certificate-signature.js';
import { parseCertificate } from '../../../appliance/pades/index.js';
import { tempDir } from '../../helpers/temp-dir.js';

// An SM3withSM2 certificate made by OpenSSL (GM/T 0009's default ID), self-signed.
function sm2SelfSigned(dir: string, cn: string): Buffer {
  const key = join(dir, `${cn}.key`);
  const cert = join(dir, `${cn}.der`);
  execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2', '-out', key]);
  execFileSync('openssl', ['req', '-x509', '-new', '-key', key, '-sm3', '-sigopt', 'distid:1234567812345678', '-subj', `/CN=${cn}`, '-days', '30', '-outform', 'DER', '-out', cert]);
  return readFileSync(cert);
}

describe('a certificate signature checked once is kept by what was checked', () => {
  let good: Buffer;
  let other: ReturnType<typeof parseCertificate>;
  beforeAll(async () => {
    const dir = await tempDir('cert-signature-cache');
    good = sm2SelfSigned(dir, 'cache-a');
    other = parseCertificate(sm2SelfSigned(dir, 'cache-b'));
  });

  it('answers the same, checked or kept, and a changed signature or another issuer is checked afresh', () => {
    const cert = parseCertificate(good);
    expect(certificateSignatureVerifies(cert, cert.node.publicKey)).toBe(true);
    expect(certificateSignatureVerifies(cert, cert.node.publicKey)).toBe(true); // kept
    expect(certificateSignatureVerifies(cert, other.node.publicKey)).toBe(false); // another issuer's key
    const flipped = Buffer.from(good);
    flipped[flipped.length - 5]! ^= 0x01; // in the signature's last bytes
    expect(certificateSignatureVerifies(parseCertificate(flipped), cert.node.publicKey)).toBe(false);
    expect(certificateSignatureVerifies(cert, cert.node.publicKey)).toBe(true);
  });
});
