export type { CrossPageOption, Placement } from '../formats/index.js';
import type { Pkcs11 } from '../../drivers/pkcs11/pkcs11.js';
import type { Token } from '../../drivers/pkcs11/token.js';
import type { DocumentLimits } from '../documents/index.js';
import type { CrossPageOption, Placement, TextFinder } from '../formats/index.js';
import type { PadesLevel } from '../pades/index.js';
import type { SealRegistry } from '../seals/registry/seal-registry.js';

/** What a stamp needs besides the document: the opened registry and token layer, the PIN. */
export interface StampContext {
  home: string;
  registry: SealRegistry;
  pkcs11: Pkcs11;
  /**
   * The token's user PIN for C_Login when the token is not logged in yet, or where to ask for it
   * (asked only then, after the seal was found usable); never stored.
   */
  pin?: string | (() => Promise<string>);
  /** Base of the QR code's URL; default verifyBaseUrl(home). */
  verifyBaseUrl?: string;
  /** CRLs for the /DSS of B-LT and B-LTA; default the dev CA's current CRL, when there is one. */
  crls?: Buffer[];
  /** What an input document may take (DOCUMENT_TOO_COMPLEX past it); default config.json `documents.limits` under home. */
  documentLimits?: DocumentLimits;
  /**
   * Opens the seal's token for this stamp (the service's counter unlock: the operator's PIN
   * checked against their share of the token's tries), given the token the stamp found, so it
   * is looked up once. Without it, or when the token is still logged out after it, `pin` logs in.
   */
  unlock?: (token: Token) => Promise<void>;
  /** Where a text placement's anchor is; default a search in this thread (the service's is in its document threads). */
  findText?: TextFinder;
  /** Makes the seal's PNG ready for the PDF ahead of the stamp; default done in this thread when first drawn (the service's is in its document threads). */
  prepareSealImage?: (png: Buffer) => Promise<void>;
}

export interface StampRequest {
  input: string;
  output: string;
  sealId: string;
  placement: Placement;
  /** Default B-B. B-T and above need tsaUrl. */
  level?: PadesLevel;
  tsaUrl?: string;
  /** The QR 证照码 beside the seal; default true. */
  qr?: boolean;
  /** 骑缝章 across the pages' right edges, under the same signature. */
  crossPage?: CrossPageOption;
  reason?: string;
  location?: string;
}

/** What a stamp did: the seal event's facts. */
export interface StampResult {
  output: string;
  sealId: string;
  /** UUIDv7, also in the QR code. */
  eventId: string;
  /** SHA-256 (hex) of the input document. */
  documentHash: string;
  /** SHA-256 (hex) of the seal certificate's DER. */
  signerCertificateSha256: string;
  level: PadesLevel;
  /** Page of the visible seal, 1-based. */
  page: number;
  /** Signing time (the /M), ISO 8601. */
  time: string;
  verificationUrl?: string;
  /** SHA-256 (hex) of the embedded signature value (the CMS): the stamp index's key for the seal event. */
  signatureSha256: string;
  /** The document's format (its DocumentFormat's name), which the seal event records. */
  format?: 'pdf' | 'ofd';
}
