import iconv from 'iconv-lite';
import type { Token } from './escpos-tokens.js';
import type { Align, Receipt, ReceiptElement, TextLine } from './receipt.js';

/** The printer's mechanism and sensors, as DLE EOT reports them. */
export interface PrinterCondition {
  paper: 'ok' | 'near-end' | 'out';
  coverOpen: boolean;
  offline: boolean;
}

const ALIGN: readonly Align[] = ['left', 'centre', 'right'];
const LEVEL = { 0x30: 'L', 0x31: 'M', 0x32: 'Q', 0x33: 'H' } as const;

interface Style {
  bold: boolean;
  align: Align;
  width: number;
  height: number;
}

interface Segment {
  bytes: Buffer;
  chinese: boolean;
}

/**
 * The print stage: executes commands in order while the printer can print and holds them while
 * it cannot (paper out, cover open, offline), so nothing it received is lost and printing
 * resumes where it stopped once the fault is cleared.
 */
export class PrinterModel {
  readonly condition: PrinterCondition = { paper: 'ok', coverOpen: false, offline: false };
  readonly receipts: Receipt[] = [];
  /** Lines until the roll runs out by itself (a paper-out in the middle of a job); none when undefined. */
  paperLeftLines: number | undefined;
  /** Commands the simulator did not know, as hex, for tests and for `sim` output. */
  readonly unknown: string[] = [];

  #held: Token[] = [];
  #elements: ReceiptElement[] = [];
  #segments: Segment[] = [];
  #style: Style = { bold: false, align: 'left', width: 1, height: 1 };
  #lineStyle: Style | undefined;
  #chinese = false;
  #qr = { data: Buffer.alloc(0), moduleSize: 3, level: 'L' as 'L' | 'M' | 'Q' | 'H' };
  #onCut: (receipt: Receipt) => void;

  constructor(onCut: (receipt: Receipt) => void = () => undefined) {
    this.#onCut = onCut;
  }

  /** Keeps only the last `count` cut receipts (the printer that owns this model bounds its list). */
  keepLastReceipts(count: number): void {
    if (this.receipts.length > count) this.receipts.splice(0, this.receipts.length - count);
  }

  get canPrint(): boolean {
    return this.condition.paper !== 'out' && !this.condition.coverOpen && !this.condition.offline;
  }

  /** What is on the paper of the receipt not yet cut. */
  get current(): Receipt {
    return toReceipt(this.#elements);
  }

  /** Commands received but held while the printer cannot print. */
  get heldCount(): number {
    return this.#held.length;
  }

  accept(tokens: Token[]): void {
    this.#held.push(...tokens);
    this.resume();
  }

  /** Prints what is held, in order, until it is all done or the printer stops again. */
  resume(): void {
    while (this.#held.length > 0 && this.canPrint) this.#execute(this.#held.shift()!);
  }

  #execute(token: Token): void {
    switch (token.kind) {
      case 'text':
        if (this.#segments.length === 0) this.#lineStyle = { ...this.#style };
        this.#segments.push({ bytes: token.bytes, chinese: this.#chinese });
        return;
      case 'lf':
        this.#endLine();
        return;
      case 'init':
        this.#style = { bold: false, align: 'left', width: 1, height: 1 };
        this.#chinese = false;
        this.#qr = { data: Buffer.alloc(0), moduleSize: 3, level: 'L' };
        return;
      case 'bold':
        this.#style.bold = token.on;
        return;
      case 'align':
        this.#style.align = ALIGN[token.n] ?? 'left';
        return;
      case 'size':
        this.#style.width = Math.min(token.width, 8);
        this.#style.height = Math.min(token.height, 8);
        return;
      case 'chinese':
        this.#chinese = token.on;
        return;
      case 'feed':
        this.#flushLine();
        this.#elements.push({ kind: 'feed', lines: token.lines });
        return;
      case 'qr':
        this.#qrFunction(token.fn, token.params);
        return;
      case 'raster':
        this.#flushLine();
        this.#elements.push({
          kind: 'raster',
          widthBytes: token.widthBytes,
          rows: token.rows,
          data: token.data,
          scaleX: token.mode & 1 ? 2 : 1,
          scaleY: token.mode & 2 ? 2 : 1,
          align: this.#style.align,
        });
        return;
      case 'cut': {
        this.#flushLine();
        const receipt = toReceipt(this.#elements);
        this.#elements = [];
        this.receipts.push(receipt);
        this.#onCut(receipt);
        return;
      }
      case 'unknown':
        this.unknown.push(token.bytes.toString('hex'));
        return;
      case 'status':
      case 'ignored':
        return;
    }
  }

  #qrFunction(fn: number, params: Buffer): void {
    if (fn === 0x43 && params[0] !== undefined) this.#qr.moduleSize = Math.max(1, Math.min(params[0], 16));
    else if (fn === 0x45 && params[0] !== undefined) this.#qr.level = LEVEL[params[0] as keyof typeof LEVEL] ?? 'L';
    else if (fn === 0x50) this.#qr.data = Buffer.from(params.subarray(1)); // after m = 0x30
    else if (fn === 0x51 && this.#qr.data.length > 0) {
      this.#flushLine();
      this.#elements.push({
        kind: 'qr',
        // The symbol's bytes are taken as UTF-8, which is what a phone reading it assumes.
        data: this.#qr.data.toString('utf8'),
        moduleSize: this.#qr.moduleSize,
        level: this.#qr.level,
        align: this.#style.align,
      });
    }
  }

  /** Text left without LF is printed when something else needs the line (image, cut). */
  #flushLine(): void {
    if (this.#segments.length > 0) this.#endLine();
  }

  #endLine(): void {
    const style = this.#lineStyle ?? this.#style;
    const text = this.#segments.map((s) => (s.chinese ? iconv.decode(s.bytes, 'gb18030') : s.bytes.toString('latin1'))).join('');
    this.#elements.push({ kind: 'text', text, ...style });
    this.#segments = [];
    this.#lineStyle = undefined;
    if (this.paperLeftLines !== undefined) {
      this.paperLeftLines -= 1;
      if (this.paperLeftLines <= 0) {
        this.paperLeftLines = undefined;
        this.condition.paper = 'out';
      }
    }
  }
}

function toReceipt(elements: readonly ReceiptElement[]): Receipt {
  const copy = [...elements];
  const lines = copy.flatMap((e): TextLine[] =>
    e.kind === 'text' && e.text.trim() !== '' ? [{ text: e.text, bold: e.bold, align: e.align, width: e.width, height: e.height }] : [],
  );
  return { elements: copy, lines };
}
