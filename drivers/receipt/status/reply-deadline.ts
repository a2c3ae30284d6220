/**
 * How long to wait for the status bytes after a block: the block and the request must first cross
 * the wire (10 bits a byte at the line's baud rate: a 4 KB raster takes 3.6 s at 9,600 baud), then
 * the printer answers at once (DLE EOT is real-time) — but the host reading the answer may be busy:
 * on a loaded 2-core terminal our own event loop can be late by a second. Hence wire time plus a
 * reply allowance, never one fixed figure.
 */
export interface ReplyTiming {
  /** Allowance for the answer itself and a busy host (default 3,000 ms). */
  readonly replyMs: number;
  /** Line speed of the wire, bits per second (default 115,200; RS-232 printers often 9,600). */
  readonly baudRate: number;
}

export const DEFAULT_REPLY_MS = 3000;
export const DEFAULT_BAUD_RATE = 115_200;

/** Milliseconds to wait for the answer once `bytesOnWire` bytes (block and request) were handed to the OS. */
export function replyDeadlineMs(timing: ReplyTiming, bytesOnWire: number): number {
  return timing.replyMs + Math.ceil((bytesOnWire * 10 * 1000) / timing.baudRate);
}
