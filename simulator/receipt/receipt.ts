/** What one cut receipt holds, as data: the same things the PNG shows. */
export type Align = 'left' | 'centre' | 'right';

export interface TextLine {
  /** The decoded text (GB18030 in Chinese mode); '' for a bare line feed. */
  text: string;
  bold: boolean;
  align: Align;
  /** Character width and height multipliers (GS ! n). */
  width: number;
  height: number;
}

export type ReceiptElement =
  | ({ kind: 'text' } & TextLine)
  | { kind: 'qr'; data: string; moduleSize: number; level: 'L' | 'M' | 'Q' | 'H'; align: Align }
  | { kind: 'raster'; widthBytes: number; rows: number; data: Buffer; scaleX: number; scaleY: number; align: Align }
  | { kind: 'feed'; lines: number };

export interface Receipt {
  /** Everything printed, in paper order. */
  readonly elements: readonly ReceiptElement[];
  /** The text lines with any text on them (bare line feeds left out). */
  readonly lines: readonly TextLine[];
}
