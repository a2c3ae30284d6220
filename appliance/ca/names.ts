import { AttributeTypeAndValue, AttributeValue, Name, RelativeDistinguishedName } from '@peculiar/asn1-x509';

export const OID = {
  countryName: '2.5.4.6',
  organizationName: '2.5.4.10',
  organizationIdentifier: '2.5.4.97',
  commonName: '2.5.4.3',
} as const;

function rdn(type: string, value: AttributeValue): RelativeDistinguishedName {
  return new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value })]);
}

const utf8 = (text: string) => new AttributeValue({ utf8String: text });
const printable = (text: string) => new AttributeValue({ printableString: text });

/**
 * C=CN, O=organisation, organizationIdentifier=USCC, CN=seal name. Built as ASN.1 rather than
 * parsed from "O=…, CN=…" text: organisation names may contain commas and full-width
 * punctuation. Chinese text is UTF8String (RFC 5280 §4.1.2.6); C and the USCC PrintableString.
 */
export function sealSubject(organisation: string, uscc: string, sealName: string): Name {
  return new Name([
    rdn(OID.countryName, printable('CN')),
    rdn(OID.organizationName, utf8(organisation)),
    rdn(OID.organizationIdentifier, printable(uscc)),
    rdn(OID.commonName, utf8(sealName)),
  ]);
}

/** The CA's own name: C=CN, O=…, CN=…. */
export function caSubject(organisation: string, commonName: string): Name {
  return new Name([rdn(OID.countryName, printable('CN')), rdn(OID.organizationName, utf8(organisation)), rdn(OID.commonName, utf8(commonName))]);
}
