import { SerialPort } from 'serialport';

/**
 * The printer end of the wire, played by the test from protocols.md: answers DLE EOT 1/2/4 with
 * the status bytes the document gives, and puts every other byte on the current paper roll.
 * It parses only what it must to find status requests: GS v 0 and GS ( k carry binary data
 * that may contain 10 04, so their length fields are honoured.
 *
 * Paper: `capacity` bytes fit on a roll; the byte that does not fit sets paper out. Bytes
 * received while out of paper, with the cover open or offline are held in the receive buffer and
 * printed once the printer can print again, as a real one does (Epson ESC c 4: it stops after the
 * current line and goes offline; its buffer is kept).
 */
export class MinimalPrinter {
  /** Bytes printed on each roll, the current roll last. */
  readonly rolls: number[][] = [[]];
  statusRequests = 0;
  /** Bytes waiting in the receive buffer while the printer cannot print. */
  private buffered: number[] = [];
  private cover = false;
  private isOffline = false;
  /** Answer no status request at all (a printer switched off behind its cable). */
  silent = false;
  /** Answer each status request this late (a slow printer, or a host too busy to read the answer in time). */
  answerDelayMs = 0;
  /** When the last answer goes out: answers leave in the order asked, as on any serial line. */
  private lastAnswerAt = 0;
  /** When the last answer asked for is (or was) due on the line, in ms since the epoch. */
  get lastAnswerDue(): number {
    return this.lastAnswerAt;
  }
  /** Called after each status request is answered, with the running count (e.g. to unplug mid-job). */
  afterAnswer: ((count: number) => void) | undefined;
  private paperOut = false;
  private capacity: number;
  private nearEndBelow: number;
  private printedOnRoll = 0;
  private pending = Buffer.alloc(0);

  private constructor(
    private readonly port: SerialPort,
    options: { capacity?: number; nearEndBelow?: number },
  ) {
    this.capacity = options.capacity ?? Infinity;
    this.nearEndBelow = options.nearEndBelow ?? 0;
    port.on('data', (chunk: Buffer) => this.receive(chunk));
  }

  static open(path: string, options: { capacity?: number; nearEndBelow?: number } = {}): Promise<MinimalPrinter> {
    return new Promise((resolve, reject) => {
      const port = new SerialPort({ path, baudRate: 115200 }, (error) => (error ? reject(error) : resolve(new MinimalPrinter(port, options))));
    });
  }

  get held(): number {
    return this.buffered.length;
  }

  get coverOpen(): boolean {
    return this.cover;
  }

  set coverOpen(open: boolean) {
    this.cover = open;
    this.flush();
  }

  get offline(): boolean {
    return this.isOffline;
  }

  set offline(offline: boolean) {
    this.isOffline = offline;
    this.flush();
  }

  /** Everything printed on all rolls, in order. */
  get printed(): Buffer {
    return Buffer.from(this.rolls.flat());
  }

  roll(index: number): Buffer {
    return Buffer.from(this.rolls[index] ?? []);
  }

  /** Runs out of paper now, as when the roll core reaches the sensor. */
  runOutOfPaper(): void {
    this.paperOut = true;
  }

  /** A fresh roll: paper out clears and printing goes onto the new roll. */
  loadPaper(capacity = Infinity, nearEndBelow = 0): void {
    this.rolls.push([]);
    this.capacity = capacity;
    this.nearEndBelow = nearEndBelow;
    this.printedOnRoll = 0;
    this.paperOut = false;
    this.flush();
  }

  /** Prints what the receive buffer held, as far as the printer can now. */
  private flush(): void {
    const waiting = this.buffered;
    this.buffered = [];
    this.print(Buffer.from(waiting));
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.port.isOpen ? this.port.close(() => resolve()) : resolve()));
  }

  private receive(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    for (;;) {
      const used = this.step(this.pending);
      if (used === 0) return;
      this.pending = this.pending.subarray(used);
    }
  }

  /** Handles one command or data byte at the front of `buf`; 0 when more bytes are needed. */
  private step(buf: Buffer): number {
    if (buf.length === 0) return 0;
    if (buf[0] === 0x10) {
      if (buf.length < 3) return 0;
      if (buf[1] === 0x04) {
        this.answer(buf[2]!);
        return 3;
      }
    }
    if (buf[0] === 0x1d) {
      if (buf.length < 3) return 0;
      if (buf[1] === 0x76 && buf[2] === 0x30) {
        if (buf.length < 8) return 0;
        const length = 8 + buf.readUInt16LE(4) * buf.readUInt16LE(6);
        return buf.length < length ? 0 : this.print(buf.subarray(0, length));
      }
      if (buf[1] === 0x28 && buf[2] === 0x6b) {
        if (buf.length < 5) return 0;
        const length = 5 + buf.readUInt16LE(3);
        return buf.length < length ? 0 : this.print(buf.subarray(0, length));
      }
    }
    return this.print(buf.subarray(0, 1));
  }

  private print(bytes: Buffer): number {
    for (const byte of bytes) {
      if (!this.paperOut && this.printedOnRoll >= this.capacity) this.paperOut = true;
      if (this.paperOut || this.cover || this.isOffline || this.buffered.length > 0) {
        this.buffered.push(byte);
        continue;
      }
      this.rolls.at(-1)!.push(byte);
      this.printedOnRoll += 1;
    }
    return bytes.length;
  }

  private answer(n: number): void {
    this.statusRequests += 1;
    if (this.silent) return;
    const nearEnd = this.capacity - this.printedOnRoll < this.nearEndBelow;
    let status = 0x12; // protocols.md: 0x12 = all clear
    if (n === 1 && (this.offline || this.coverOpen || this.paperOut)) status |= 0x08;
    if (n === 2 && this.coverOpen) status |= 0x04;
    if (n === 2 && this.paperOut) status |= 0x20;
    if (n === 4 && this.paperOut) status = 0x72; // protocols.md: no paper
    else if (n === 4 && nearEnd) status = 0x1e; // protocols.md: near end
    const count = this.statusRequests;
    const send = () => {
      if (this.port.isOpen) this.port.write(Buffer.of(status));
      this.afterAnswer?.(count);
    };
    const at = Math.max(Date.now() + this.answerDelayMs, this.lastAnswerAt);
    this.lastAnswerAt = at;
    if (at > Date.now()) setTimeout(send, at - Date.now());
    else send();
  }
}
