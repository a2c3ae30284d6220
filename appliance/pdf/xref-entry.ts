import type { PDFDict } from '@cantoo/pdf-lib';

/** Where one object number lives, as an xref section says (ISO 32000-2 §7.5.4, §7.5.8). */
export type XrefEntry =
  | { readonly type: 'free' }
  | { readonly type: 'offset'; readonly offset: number; readonly generation: number }
  | { readonly type: 'compressed'; readonly stream: number; readonly index: number };

/** One cross-reference section: a classic table or an xref stream, with its trailer dictionary. */
export interface XrefSection {
  readonly kind: 'table' | 'stream';
  readonly offset: number;
  readonly entries: Map<number, XrefEntry>;
  readonly trailer: PDFDict;
}
