import * as asn1js from 'asn1js';
import { Certificate } from 'pkijs';
import type { ParsedCertificate } from './certificates.js';

/**
 * A certificate that encodes as the DER it was read from. pkijs rebuilds a certificate's ASN.1
 * from its fields on every toSchema (about 1 ms); a CMS only needs the bytes as issued.
 */
class EncodedCertificate extends Certificate {
  readonly #block: asn1js.Sequence;

  constructor(der: Buffer) {
    super({ schema: asn1js.fromBER(der).result });
    this.#block = asn1js.fromBER(der).result as asn1js.Sequence;
  }

  override toSchema(): asn1js.Sequence {
    return this.#block;
  }
}

const encoded = new WeakMap<ParsedCertificate, Certificate>();

export function encodedCertificate(certificate: ParsedCertificate): Certificate {
  let found = encoded.get(certificate);
  if (!found) encoded.set(certificate, (found = new EncodedCertificate(certificate.der)));
  return found;
}
