import * as asn1js from 'asn1js';
import { AlgorithmIdentifier, Attribute, GeneralName, GeneralNames, type Certificate } from 'pkijs';
import { digest, hashOfOid, hashOid, OID, type HashName } from './algorithms.js';

/**
 * The signing-certificate-v2 attribute (RFC 5035), which PAdES baseline requires instead of
 * signing-time: it binds the signature to one certificate so another certificate for the same
 * key cannot be substituted. pkijs has no class for it; the structure is three fields, so
 * asn1js builds and reads it here.
 *
 *   SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies … OPTIONAL }
 *   ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256, certHash OCTET STRING, issuerSerial OPTIONAL }
 */
// one attribute per certificate and hash, built once: it is the same for every document a seal stamps
const built = new WeakMap<Certificate, Map<HashName, Attribute>>();

export function signingCertificateV2(certificate: Certificate, certDer: Uint8Array, hash: HashName = 'sha256'): Attribute {
  let byHash = built.get(certificate);
  if (!byHash) built.set(certificate, (byHash = new Map()));
  let attribute = byHash.get(hash);
  if (!attribute) byHash.set(hash, (attribute = buildSigningCertificateV2(certificate, certDer, hash)));
  return attribute;
}

function buildSigningCertificateV2(certificate: Certificate, certDer: Uint8Array, hash: HashName): Attribute {
  const issuerSerial = new asn1js.Sequence({
    value: [new GeneralNames({ names: [new GeneralName({ type: 4, value: certificate.issuer })] }).toSchema(), certificate.serialNumber],
  });
  const essCertId = new asn1js.Sequence({
    value: [
      // DER leaves out a DEFAULT value: sha256 is the default hash algorithm
      ...(hash === 'sha256' ? [] : [new AlgorithmIdentifier({ algorithmId: hashOid(hash) }).toSchema()]),
      new asn1js.OctetString({ valueHex: digest(certDer, hash) }),
      issuerSerial,
    ],
  });
  return new Attribute({
    type: OID.signingCertificateV2,
    values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertId] })] })],
  });
}

export interface EssCertIdV2 {
  hash: HashName | 'sha512' | undefined;
  certHash: Buffer;
  /** The serial number named in issuerSerial, hex, when present. */
  serialHex?: string;
}

/** Reads the ESSCertIDv2 entries of a signing-certificate-v2 attribute value; throws on a malformed value. */
export function readSigningCertificateV2(value: asn1js.AsnType): EssCertIdV2[] {
  if (!(value instanceof asn1js.Sequence)) throw new Error('SigningCertificateV2 is not a SEQUENCE');
  const certs = value.valueBlock.value[0];
  if (!(certs instanceof asn1js.Sequence)) throw new Error('SigningCertificateV2.certs is not a SEQUENCE');
  return certs.valueBlock.value.map((id) => {
    if (!(id instanceof asn1js.Sequence)) throw new Error('ESSCertIDv2 is not a SEQUENCE');
    const fields = [...id.valueBlock.value];
    let hash: HashName | 'sha512' | undefined = 'sha256';
    if (fields[0] instanceof asn1js.Sequence) {
      hash = hashOfOid(new AlgorithmIdentifier({ schema: fields.shift() }).algorithmId);
    }
    const certHash = fields.shift();
    if (!(certHash instanceof asn1js.OctetString)) throw new Error('ESSCertIDv2.certHash is not an OCTET STRING');
    const entry: EssCertIdV2 = { hash, certHash: Buffer.from(certHash.valueBlock.valueHexView) };
    const issuerSerial = fields.shift();
    if (issuerSerial instanceof asn1js.Sequence) {
      const serial = issuerSerial.valueBlock.value[1];
      if (serial instanceof asn1js.Integer) entry.serialHex = Buffer.from(serial.valueBlock.valueHexView).toString('hex');
    }
    return entry;
  });
}
