import { createHash } from 'node:crypto';
import { OID } from './algorithms.js';
import { parseCertificate, type ParsedCertificate } from './certificates.js';
import { decodeSignedData } from './signed-data.js';
import { decodeTimestampToken } from './timestamp-token.js';
import { attributeValues, signerView } from './verify/cms-signer.js';

/** What the PDF layer writes into /DSS: /Certs and /CRLs as streams of DER (and, optionally, /VRI). */
export interface DssContent {
  certificates: Buffer[];
  crls: Buffer[];
}

/**
 * The validation material for B-LT: every certificate of the signatures' CMS and of their
 * timestamp tokens, the extra certificates given (trust anchors, intermediates not carried in
 * the CMS) and the CRLs given, each once.
 */
export function buildDssContent(parameters: { signatures: Buffer[]; certificates?: Buffer[]; crls?: Buffer[] }): DssContent {
  const certificates = new Map<string, Buffer>();
  const add = (c: ParsedCertificate): void => {
    certificates.set(sha256(c.der), c.der);
  };
  for (const cms of parameters.signatures) {
    const view = signerView(decodeSignedData(cms));
    view.certificates.forEach(add);
    for (const [token] of attributeValues(view.signerInfo, OID.signatureTimeStampToken, true)) {
      if (!token) continue;
      signerView(decodeTimestampToken(Buffer.from(token.toBER(false))).signedData).certificates.forEach(add);
    }
  }
  (parameters.certificates ?? []).map(parseCertificate).forEach(add);
  const crls = new Map((parameters.crls ?? []).map((crl) => [sha256(crl), crl]));
  return { certificates: [...certificates.values()], crls: [...crls.values()] };
}

/** The /VRI key of a signature: upper-case hex SHA-1 of its /Contents CMS (ETSI EN 319 142-1 §5.4.2.2). */
export function vriKey(cms: Buffer): string {
  return createHash('sha1').update(cms).digest('hex').toUpperCase();
}

function sha256(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex');
}
