import type { Token } from '../../drivers/pkcs11/token.js';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { buildCertificate } from './build-certificate.js';
import { caExists, caPaths, saveCa, type CaState } from './ca-store.js';
import { authorityKeyIdentifier, caBasicConstraints, caKeyUsage, keyIdentifier, subjectKeyIdentifier } from './extensions.js';
import { caSubject } from './names.js';
import { newSerialNumber } from './serial.js';
import { tokenSigner } from '../../drivers/pkcs11/seal-signer.js';

export interface CaInitOptions {
  organisation: string;
  commonName: string;
  /** Label of the CA key on the token (generated here). */
  keyLabel: string;
  /** The CA key: EC P-256 (ECDSA with SHA-256), or SM2 on a GM key (SM3withSM2 with the default ID). Default P-256. */
  algorithm?: CaKeyAlgorithm;
  /** Base URL sealdesk serves the CRL from; the CRL is at BASE/ca/seal-ca.crl. */
  crlBaseUrl: string;
  years?: number;
}

export const CA_KEY_ALGORITHMS = ['ec-p256', 'sm2'] as const;
export type CaKeyAlgorithm = (typeof CA_KEY_ALGORITHMS)[number];

export function crlUrlFor(base: string): string {
  let url: URL;
  try {
    url = new URL(base);
  } catch (error) {
    throw new SealdeskError('USAGE', { reason: `"${base}" is not a URL`, reasonZh: `“${base}”不是有效的网址` }, { cause: error });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SealdeskError('USAGE', { reason: 'the CRL base URL is http or https', reasonZh: 'CRL 发布地址须以 http 或 https 开头' });
  return `${base.replace(/\/+$/, '')}/ca/seal-ca.crl`;
}

/**
 * Creates the development seal CA: a P-256 or SM2 key generated on the (logged-in) token, never
 * leaving it, and a self-signed root certificate signed with the key type's default algorithm
 * (ecdsa-sha256, sm2-sm3). An existing CA is never overwritten.
 */
export async function initCa(home: string, token: Token, options: CaInitOptions, now = new Date()): Promise<{ state: CaState; root: Buffer }> {
  if (caExists(home)) throw new SealdeskError('CA_EXISTS', { path: caPaths(home).state });
  const crlUrl = crlUrlFor(options.crlBaseUrl);
  await token.generateKey(options.algorithm ?? 'ec-p256', options.keyLabel);
  const { spki } = await token.publicKey(options.keyLabel);
  const keyId = keyIdentifier(spki);
  const name = caSubject(options.organisation, options.commonName);
  const notBefore = new Date(now.getTime() - 60_000); // a minute's grace for clocks slightly behind
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + (options.years ?? 10));
  const root = await buildCertificate(
    {
      serialNumber: newSerialNumber(),
      issuer: name,
      subject: name,
      spki,
      notBefore,
      notAfter,
      extensions: [caBasicConstraints(), caKeyUsage(), subjectKeyIdentifier(spki), authorityKeyIdentifier(keyId)],
    },
    await tokenSigner(token, options.keyLabel),
  );
  const state: CaState = {
    token: { serial: token.serial, label: token.label },
    keyLabel: options.keyLabel,
    keyId: keyId.toString('hex'),
    crlUrl,
    crlNumber: 0,
    createdAt: now.toISOString(),
  };
  saveCa(home, state, root);
  return { state, root };
}
