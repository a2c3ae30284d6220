/** What a seal is, as the registry keeps it and the stamping code reads it. */

export const SEAL_TYPES = {
  official: '公章',
  contract: '合同专用章',
  finance: '财务专用章',
  business: '业务专用章',
  'legal-representative': '法定代表人章',
} as const;
export type SealType = keyof typeof SEAL_TYPES;

/**
 * How the seal exists beyond its key and certificate: 'sealdesk' (registry record and image only)
 * or 'gbt38540' (also a GB/T 38540 SESeal, made and signed once by the seal-making authority).
 */
export type SealFormat = 'sealdesk' | 'gbt38540';

export type SealStatus = 'active' | 'suspended' | 'revoked';

export interface SealOrganisation {
  name: string;
  /** 统一社会信用代码, validated with the GB 32100-2015 check character. */
  uscc: string;
}

/** Where the seal's private key lives: found by token serial (stable across re-insertion), then key label. */
export interface SealKeyLocation {
  tokenSerial: string;
  tokenLabel: string;
  keyLabel: string;
}

export interface SealStatusEvent {
  status: SealStatus;
  /** ISO 8601 time of the change. */
  at: string;
  reason: string | null;
}

export interface Seal {
  id: string;
  name: string;
  type: SealType;
  organisation: SealOrganisation;
  key: SealKeyLocation;
  /** DER certificates, the seal's own first, then its issuers up to (not necessarily including) the root. */
  certificateChain: Buffer[];
  /** Serial of the seal certificate (hex, lower case) and its issuer, for CRLs. */
  certificateSerial: string;
  certificateIssuer: string;
  /** 13-digit seal code (公安备案编码) when the seal has one. */
  code: string | null;
  imageSource: 'generated' | 'imported';
  format: SealFormat;
  status: SealStatus;
  statusChangedAt: string;
  statusReason: string | null;
  notBefore: string;
  notAfter: string;
  createdAt: string;
}
