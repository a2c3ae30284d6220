/** What the three real-time status bytes say, one flag per condition the driver acts on. */
export interface PrinterStatus {
  /** n=1 bit 3. */
  readonly offline: boolean;
  /** n=2 bit 2. */
  readonly coverOpen: boolean;
  /** n=2 bit 5 or n=4 bits 5–6: no paper, printing stopped. */
  readonly paperOut: boolean;
  /** n=4 bits 2–3: the roll is nearly used up; printing goes on. */
  readonly paperNearEnd: boolean;
}

// Every status byte has bits 1 and 4 set and bits 0 and 7 clear; anything else is not a status
// byte (noise, or a byte of some other reply) and must not be read as one.
export function isStatusByte(value: number): boolean {
  return (value & 0x93) === 0x12;
}

/** Decodes the answers to DLE EOT 1, 2 and 4 (0x12 each when all is clear). */
export function decodeStatus(printer: number, offlineCause: number, paperSensor: number): PrinterStatus {
  return {
    offline: (printer & 0x08) !== 0,
    coverOpen: (offlineCause & 0x04) !== 0,
    paperOut: (offlineCause & 0x20) !== 0 || (paperSensor & 0x60) !== 0,
    paperNearEnd: (paperSensor & 0x0c) !== 0,
  };
}
