/**
 * What the API answers for a scanned or typed code: the browser's copy of
 * appliance/service/verify/code-report.ts (GET /api/verify/code/*, a stamp's seal event) and
 * appliance/service/licences/licence-view.ts (POST /api/licences/read, a licence record).
 * The pages talk HTTP only, so the shapes are restated here rather than imported.
 */
export type SealStatus = 'active' | 'suspended' | 'revoked';

export interface CodeReport {
  valid: boolean;
  documentMatches: boolean;
  event: { id: string; kind: string; sealId: string; documentHash: string | null; signerCertificateHash: string | null; time: string };
  seal: { id: string; name: string; organisation: { name: string; uscc: string }; statusAtStamp: SealStatus | null; statusNow: SealStatus } | null;
  /** The same shape as a stamp's anchor in client.ts (not imported: client.ts imports this file). */
  anchor: { status: 'pending' } | { status: 'anchored'; blockNumber: number; txHash: string; anchoredAt: string; chainId: number };
  receipt: { txHash: string; blockNumber: number; chainId: number; contract: string } | null;
  onChain: { verified: boolean; confirmations: number | null; error: string | null } | null;
}

export interface LicenceView {
  licenceId: string;
  type: string;
  typeName: string;
  /** The type in English (the record itself names it in Chinese). */
  typeNameEn: string;
  holder: { name: string; idNumber: string };
  fields: Record<string, string>;
  organisation: { name: string; uscc: string };
  seal: { id: string; name: string };
  documentHash: string;
  issuedAt: string;
  event: { id: string; signatureValid: boolean };
  chain: { registry: string; licenceId: string; txHash: string | null; blockNumber: number; publishedAt: string; terminal: string; sealStatusAtIssue: string; sealStatusNow: string };
}

/** A licence code (证照码) is `SDL2.<id>.<secret>` (or an old `SDL1.` one); anything else typed or scanned is a stamp's verification code. */
export function isLicenceCode(text: string): boolean {
  return /^SDL[12]\./.test(text.trim());
}
