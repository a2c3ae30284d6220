/** Faults a test can put into the simulated reader; counts apply to the next N replies. */
export interface IdCardFaults {
  /** Every reply waits this long first (a slow SAM or a host timeout test). */
  delayMs?: number;
  /** The next N replies carry a wrong checksum. */
  corruptChecksums?: number;
  /** The next N commands get no answer at all. */
  silent?: number;
  /** Bytes (or a count of random bytes) written on the wire before the next reply. */
  garbage?: Uint8Array | number;
  /** The next N replies are replaced by as many random bytes (no preamble among them). */
  garbageInstead?: number;
  /**
   * The next card read (30 01 / 30 10) sends only this many bytes of its reply, then the cable
   * is pulled: the pty pair goes away. `true` means 600 bytes, about half of the 1,295.
   */
  unplugMidRead?: number | boolean;
}

export function garbageBytes(spec: Uint8Array | number): Buffer {
  if (typeof spec !== 'number') return Buffer.from(spec);
  // Never starts a preamble by accident: 0xAA is replaced, so the host's resync is what is tested.
  return Buffer.from(Array.from({ length: spec }, () => Math.floor(Math.random() * 256)).map((b) => (b === 0xaa ? 0x55 : b)));
}
