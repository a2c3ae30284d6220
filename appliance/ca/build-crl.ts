import { AsnConvert } from '@peculiar/asn1-schema';
import {
  CertificateList,
  CRLNumber,
  CRLReason,
  CRLReasons,
  id_ce_cRLNumber,
  id_ce_cRLReasons,
  type Name,
  RevokedCertificate,
  TBSCertList,
  Time,
  Version,
} from '@peculiar/asn1-x509';
import { authorityKeyIdentifier, extension } from './extensions.js';
import { signatureAlgorithmIdentifier } from '../../drivers/pkcs11/algorithm-identifiers.js';
import type { SealSigner } from '../../drivers/pkcs11/seal-signer.js';

export interface RevokedEntry {
  serialNumber: Buffer;
  revokedAt: Date;
  /** certificateHold for a suspended seal (it may come back); none (unspecified) for revoked. */
  hold: boolean;
}

export interface CrlTemplate {
  issuer: Name;
  issuerKeyId: Buffer;
  crlNumber: number;
  thisUpdate: Date;
  nextUpdate: Date;
  revoked: RevokedEntry[];
}

/** An X.509 v2 CRL (RFC 5280 §5) with AKI and cRLNumber, signed on the token like a certificate. */
export async function buildCrl(template: CrlTemplate, signer: SealSigner): Promise<Buffer> {
  const algorithm = signatureAlgorithmIdentifier(signer.algorithm);
  const revoked = template.revoked.map(
    (entry) =>
      new RevokedCertificate({
        userCertificate: new Uint8Array(entry.serialNumber).buffer,
        revocationDate: new Time(entry.revokedAt),
        // RFC 5280 §5.3.1: reasonCode unspecified SHOULD be absent
        ...(entry.hold ? { crlEntryExtensions: [extension(id_ce_cRLReasons, false, new CRLReason(CRLReasons.certificateHold))] } : {}),
      }),
  );
  const tbs = new TBSCertList({
    version: Version.v2,
    signature: algorithm,
    issuer: template.issuer,
    thisUpdate: new Time(template.thisUpdate),
    nextUpdate: new Time(template.nextUpdate),
    ...(revoked.length ? { revokedCertificates: revoked } : {}),
    crlExtensions: [authorityKeyIdentifier(template.issuerKeyId), extension(id_ce_cRLNumber, false, new CRLNumber(template.crlNumber))],
  });
  const signature = await signer.sign(Buffer.from(AsnConvert.serialize(tbs)));
  const crl = new CertificateList({ tbsCertList: tbs, signatureAlgorithm: algorithm, signature: new Uint8Array(signature).buffer });
  return Buffer.from(AsnConvert.serialize(crl));
}
