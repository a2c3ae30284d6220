import type { Token } from '../../drivers/pkcs11/token.js';
import type { Signer } from './build-certificate.js';

/** The CA key on its token as a certificate/CRL signer (ECDSA P-256 with SHA-256). */
export function tokenSigner(token: Token, keyLabel: string): Signer {
  return {
    scheme: 'ecdsa',
    hash: 'sha256',
    sign: (toBeSigned) => token.sign(keyLabel, toBeSigned, { scheme: 'ecdsa', hash: 'sha256' }),
  };
}
