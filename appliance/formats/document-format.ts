import type { SealSigner } from '../../drivers/pkcs11/seal-signer.js';
import type { DocumentLimits } from '../documents/index.js';
import type { ParsedCertificate, VerificationReport } from '../pades/index.js';
import type { ModuleGrid, PendingOutput } from '../pdf/index.js';

/** Where the visible seal goes. Coordinates and sizes in points, origin bottom left. */
export type Placement =
  | { kind: 'position'; page: number; x: number; y: number; size?: number }
  /** Centred on the first occurrence of the text (e.g. 盖章处). */
  | { kind: 'text'; text: string; size?: number; pages?: readonly number[] }
  /** Into an existing, unsigned signature field of a template. */
  | { kind: 'field'; name: string };

export interface CrossPageOption {
  /** 1-based, inclusive; default every page. */
  from?: number;
  to?: number;
}

/** A page as a stamp sees it: its size in points. */
export interface PageDescription {
  number: number;
  width: number;
  height: number;
}

/** What is drawn: the seal's picture, the QR 证照码 beside it, the 骑缝章 across pages. */
export interface SealAppearance {
  /** PNG with a transparent background. */
  image: Buffer;
  qr?: ModuleGrid;
  crossPage?: CrossPageOption;
  /** The GB/T 38540 seal (SESeal, DER), which OFD signatures carry (OFD_ESEAL_REQUIRED without it); PDF ignores it. */
  eseal?: Buffer;
}

/** The appearance resolved to places on the document's pages (opaque to the caller but for `page`). */
export interface PlacedSeal {
  /** Page of the visible seal, 1-based. */
  readonly page: number;
}

/** What the signature says about itself. */
export interface SignatureSpec {
  /** The seal's name, shown by readers. */
  name: string;
  reason: string;
  location?: string;
  /** Whole seconds: what the document records and the seal event repeats. */
  signingTime: Date;
  /** The digest algorithm of what is signed: the signer's. */
  hash: 'sha256' | 'sha384' | 'sha512';
  level: SignatureLevel;
  /**
   * The signer's certificates, signer first, as it will sign: a format that reserves room for its
   * signature (a PDF's /Contents) sizes it by them; without them it reserves its default.
   */
  certificateChain?: readonly Buffer[];
}

/** Signs a digest on the token (the key never leaves it), with the certificates that go beside it. */
export interface DocumentSigner {
  /** DER, the signer's certificate first. */
  certificateChain: Buffer[];
  /** The key and its algorithm (the table's entry: hash, mechanism, CMS identifiers). */
  key: SealSigner;
}

/** How long the signature must stay checkable: the format's own levels (PDF: the PAdES baseline levels). */
export interface SignatureLevel {
  level: 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';
  /** RFC 3161 timestamp authority: B-T and above. */
  tsaUrl?: string;
  /** CRLs kept in the document for the long-term levels. */
  crls?: Buffer[];
}

/** A stamped copy written up to its signature, beside the output, waiting to be signed. */
export interface PendingSignature {
  /** The digest of what the signature covers (PDF: the byte ranges around /Contents; OFD: SM3 of Signature.xml, TBS_Sign's dataHash). */
  readonly digest: Buffer;
  /**
   * Signs (PDF: the CMS over `digest`, timestamped from B-T; OFD: DER(TBS_Sign) given whole to
   * `signer.key.sign`, an SM2 key's, which hashes it with Z itself), embeds the signature, and makes the
   * output appear whole (fsynced, renamed) — or not at all. Resolves to the embedded signature
   * value (PDF: the CMS; OFD: SignedValue.dat), which the ledger's stamp index keys the seal event by.
   */
  sign(signer: DocumentSigner): Promise<Buffer>;
  /** Removes what was written (signing failed before sign() was called). */
  abort(): Promise<void>;
}

/** A signature already in a document, oldest first in `signatures()`. */
export interface EmbeddedSignature {
  kind: 'signature' | 'document-timestamp';
  /** Where the signed revision ends, in bytes (OFD, which has no revisions: the signature's position in Signatures.xml, 1-based). */
  revisionEnd: number;
  /** The signature value as embedded (PDF: the CMS of /Contents, without its padding; OFD: SignedValue.dat). */
  value: Buffer;
}

/** A document opened from outside: read within its budget, closed by the caller. */
export interface OpenedDocument {
  readonly format: DocumentFormat;
  /** SHA-256 (hex) of the document's bytes as given: the seal event's document hash. */
  sha256(): Promise<string>;
  pageCount(): Promise<number>;
  page(number: number): Promise<PageDescription>;
  /** Resolves where the seal goes (PAGE_OUT_OF_RANGE, TEXT_NOT_FOUND, SIGNATURE_FIELD_NOT_FOUND). */
  place(placement: Placement, appearance: SealAppearance): Promise<PlacedSeal>;
  /**
   * Writes the stamped copy (the input unchanged, the seal added) up to its signature; one per
   * opened document. `output`: its path, or its temp file already being made (the format then
   * writes into it, or discards it when it writes its own way).
   */
  prepareSignature(output: string | PendingOutput, placed: PlacedSeal, spec: SignatureSpec): Promise<PendingSignature>;
  signatures(): Promise<EmbeddedSignature[]>;
  /**
   * The format's own checks of every signature, oldest first (PDF: PAdES — the CMS over its byte
   * ranges, the certificate path to an anchor, revocation from the CRLs and the document's /DSS,
   * timestamps). What the terminal adds (the seal's status, the chain) is verification's.
   */
  verifySignatures(trust: SignatureTrust): Promise<VerificationReport>;
  close(): Promise<void>;
}

/** What a verification trusts. */
export interface SignatureTrust {
  trustAnchors: ParsedCertificate[];
  /** CRLs (DER) besides those the document carries. */
  crls?: Buffer[];
  /** The verification time for signatures without a trusted time. */
  now?: Date;
}

export interface OpenDocumentOptions {
  /** What the document may take (DOCUMENT_TOO_COMPLEX past it); the defaults when absent. */
  limits?: DocumentLimits;
  /** The whole file when the caller holds it already. */
  bytes?: Buffer;
  /**
   * Where a text placement's anchor is (see TextFinder); default a search in this thread. The
   * service's searches in its document threads: a viewer's text extraction holds a thread for tens of ms.
   */
  findText?: TextFinder;
}

/** The first page (of `pages`, default all) where `text` occurs, and its box in PDF points; ANCHOR_TEXT_NOT_FOUND when absent. */
export type TextFinder = (path: string, text: string, pages?: readonly number[]) => Promise<{ page: number; rect: readonly [number, number, number, number] }>;

/**
 * One document format sealdesk stamps and verifies (PDF today, OFD next): recognised by its first
 * bytes, opened with a budget, its pages described, the seal placed, the signature prepared over
 * the format's signed content and embedded, its signatures listed. A new format is a folder
 * beside pdf/ with one of these, added to FORMATS in format-registry.ts.
 */
export interface DocumentFormat {
  /** Short, stable: 'pdf', 'ofd'. */
  readonly name: string;
  readonly mediaType: string;
  /** With its dot: '.pdf'. */
  readonly extension: string;
  /** These first bytes (up to HEAD_BYTES) are this format's. */
  recognises(head: Buffer): boolean;
  open(path: string, options?: OpenDocumentOptions): Promise<OpenedDocument>;
}
