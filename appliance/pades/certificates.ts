import { X509Certificate } from 'node:crypto';
import { Certificate } from 'pkijs';
import { fromPem } from '../../drivers/pkcs11/pem.js';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';

/** A certificate in the three shapes the CMS code needs: DER, pkijs (ASN.1 fields), node (keys, verify). */
export interface ParsedCertificate {
  der: Buffer;
  pkijs: Certificate;
  node: X509Certificate;
}

// pkijs takes milliseconds to parse a certificate, and a batch stamps with the same few seals:
// parsed certificates are kept (read-only) by their DER.
const CACHE_SIZE = 64;
const cache = new Map<string, ParsedCertificate>();

export function parseCertificate(input: Buffer | Uint8Array): ParsedCertificate {
  const der = fromPem(Buffer.from(input), 'CERTIFICATE');
  const key = der.toString('base64');
  const cached = cache.get(key);
  if (cached) return cached;
  let parsed: ParsedCertificate;
  try {
    parsed = { der, pkijs: Certificate.fromBER(der), node: new X509Certificate(der) };
  } catch (error) {
    throw new SealdeskError('CERT_INVALID', { reason: (error as Error).message }, { cause: error });
  }
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, parsed);
  byPkijs.set(parsed.pkijs, parsed);
  return parsed;
}

const byPkijs = new WeakMap<Certificate, ParsedCertificate>();

/** The ParsedCertificate of a pkijs Certificate, without re-encoding it when it came from parseCertificate. */
export function parsedOf(certificate: Certificate): ParsedCertificate {
  return byPkijs.get(certificate) ?? parseCertificate(Buffer.from(certificate.toSchema().toBER(false)));
}

/** Every certificate of a PEM bundle (or one DER certificate). */
export function parseCertificates(input: Buffer): ParsedCertificate[] {
  const text = input.toString('latin1');
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g);
  return blocks ? blocks.map((block) => parseCertificate(Buffer.from(block, 'latin1'))) : [parseCertificate(input)];
}
