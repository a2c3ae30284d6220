/** One scanned code. */
export interface Scan {
  /** The payload as text (e.g. a verification URL). */
  text: string;
  /** The payload bytes as the scanner sent them (serial) or as typed (keyboard wedge). */
  bytes: Buffer;
  mode: 'serial' | 'keyboard-wedge';
  /** Transport path of the scanner. */
  device: string;
}
