import type { Seal, SealFormat, SealStatus, SealType } from '../seal.js';

/** A row of `seals` as SQLite returns it. */
export interface SealRow {
  id: string;
  name: string;
  type: SealType;
  org_name: string;
  org_uscc: string;
  token_serial: string;
  token_label: string;
  key_label: string;
  cert_serial: string;
  cert_issuer: string;
  seal_code: string | null;
  image_source: 'generated' | 'imported';
  format: SealFormat;
  status: SealStatus;
  status_changed_at: string;
  status_reason: string | null;
  not_before: string;
  not_after: string;
  created_at: string;
}

/** Every column but the image: listings do not carry the PNG around. */
export const SEAL_COLUMNS =
  'id, name, type, org_name, org_uscc, token_serial, token_label, key_label, cert_serial, cert_issuer, seal_code, image_source, format, status, status_changed_at, status_reason, not_before, not_after, created_at';

export function sealFromRow(row: SealRow, chain: Buffer[]): Seal {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    organisation: { name: row.org_name, uscc: row.org_uscc },
    key: { tokenSerial: row.token_serial, tokenLabel: row.token_label, keyLabel: row.key_label },
    certificateChain: chain,
    certificateSerial: row.cert_serial,
    certificateIssuer: row.cert_issuer,
    code: row.seal_code,
    imageSource: row.image_source,
    format: row.format,
    status: row.status,
    statusChangedAt: row.status_changed_at,
    statusReason: row.status_reason,
    notBefore: row.not_before,
    notAfter: row.not_after,
    createdAt: row.created_at,
  };
}
