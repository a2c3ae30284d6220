import type { CheckResult } from './checks.js';

export type PadesLevel = 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';
export type VerificationStatus = 'valid' | 'invalid' | 'indeterminate';

export interface SignerSummary {
  subject: string;
  issuer: string;
  serialNumber: string;
  /** SHA-256 of the certificate DER, hex: what the seal event records. */
  sha256: string;
}

export interface SignatureReport {
  /** Position among the document's signatures, oldest first. */
  index: number;
  fieldName?: string;
  kind: 'signature' | 'document-timestamp';
  subFilter?: string;
  status: VerificationStatus;
  /** The PAdES baseline level reached; null when the signature is not a baseline signature or is invalid. */
  level: PadesLevel | null;
  coverage?: 'whole-document' | 'appended-after';
  /** Bytes after the end of the signed range (later incremental updates). */
  appendedBytes?: number;
  signer?: SignerSummary;
  /** The signature algorithm as the signature table names it (`sm2-sm3`, `ecdsa-sha256`, …), or its OID when sealdesk does not know it. */
  algorithm?: string;
  signingTime: {
    claimed?: string;
    timestamped?: string;
    /** The time the certificates were checked at, and where it came from. */
    usedForChecks: string;
    source: 'timestamp' | 'claimed' | 'verification-time';
  };
  checks: CheckResult[];
  /** OFD only: what the signature's files say (GB/T 33190 Signature.xml, GB/T 38540 SES_Signature). */
  ofd?: OfdSignatureDetails;
}

/** One file an OFD signature protects, and whether its SM3 still matches. */
export interface OfdReferenceResult {
  /** As Signature.xml names it ('/Doc_0/Pages/Page_0/Content.xml'). */
  file: string;
  status: 'unchanged' | 'changed' | 'missing' | 'unchecked';
}

export interface OfdSignatureDetails {
  /** Signature.xml in the package. */
  signatureFile: string;
  signedValueFile?: string;
  /** Signatures.xml's ID and Type ('Seal': an e-seal; 'Sign': a digital signature). */
  id: string;
  type: string;
  provider?: string;
  checkMethod?: string;
  references: OfdReferenceResult[];
  /** Each place the seal shows; a 骑缝章's slices carry the Clip (in the seal's box) that shows their part. */
  stampAnnots?: { pageRef: string; boundary: string; clip?: string }[];
  /** TBS_Sign's version (1, 4, 5). */
  sesVersion?: number;
  seal?: {
    esId: string;
    name: string;
    type: number;
    version: number;
    validStart: string;
    validEnd: string;
    /** shown 'image' with a PNG or JPEG data URL; else why not (formats/ofd/seal-picture.ts). */
    picture: { type: string; widthMm: number; heightMm: number; bytes: number; shown: 'image' | 'unsupported-type' | 'too-large'; dataUrl?: string };
  };
}

/** The JSON of `sealdesk verify --json`: exit 0 valid, 1 invalid, 2 indeterminate. */
export interface VerificationReport {
  status: VerificationStatus;
  verifiedAt: string;
  signatures: SignatureReport[];
}
