import { createHash } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AuthorityKeyIdentifier,
  BasicConstraints,
  CRLDistributionPoints,
  DistributionPoint,
  DistributionPointName,
  ExtendedKeyUsage,
  Extension,
  GeneralName,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_cRLDistributionPoints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectKeyIdentifier,
  KeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
} from '@peculiar/asn1-x509';

/** id-kp-documentSigning (RFC 9336). */
export const ID_KP_DOCUMENT_SIGNING = '1.3.6.1.5.5.7.3.36';

function extension(extnID: string, critical: boolean, value: unknown): Extension {
  return new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING's bytes. */
export function keyIdentifier(spki: Buffer): Buffer {
  const info = AsnConvert.parse(spki, SubjectPublicKeyInfo);
  return createHash('sha1').update(Buffer.from(info.subjectPublicKey)).digest();
}

export function subjectKeyIdentifier(spki: Buffer): Extension {
  return extension(id_ce_subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyIdentifier(spki)));
}

export function authorityKeyIdentifier(issuerKeyId: Buffer): Extension {
  return extension(id_ce_authorityKeyIdentifier, false, new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(issuerKeyId) }));
}

export function caBasicConstraints(): Extension {
  // pathLen 0: the dev CA issues seal certificates only, never another CA
  return extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: true, pathLenConstraint: 0 }));
}

export function endEntityBasicConstraints(): Extension {
  return extension(id_ce_basicConstraints, false, new BasicConstraints({ cA: false }));
}

export function caKeyUsage(): Extension {
  return extension(id_ce_keyUsage, true, new KeyUsage(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign));
}

/** A seal signs documents and must not be able to deny it: digitalSignature + nonRepudiation, critical. */
export function sealKeyUsage(): Extension {
  return extension(id_ce_keyUsage, true, new KeyUsage(KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation));
}

export function documentSigningEku(): Extension {
  return extension(id_ce_extKeyUsage, false, new ExtendedKeyUsage([ID_KP_DOCUMENT_SIGNING]));
}

export function crlDistributionPoint(url: string): Extension {
  const point = new DistributionPoint({
    distributionPoint: new DistributionPointName({ fullName: [new GeneralName({ uniformResourceIdentifier: url })] }),
  });
  return extension(id_ce_cRLDistributionPoints, false, new CRLDistributionPoints([point]));
}

export { extension };
