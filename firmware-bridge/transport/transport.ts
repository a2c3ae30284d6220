import type { EventEmitter } from 'node:events';

/** The kinds of wire a device can sit on. */
export type TransportKind = 'serial' | 'hid' | 'tcp' | 'memory';

/**
 * One open wire to one device: serial port (incl. ptys), HID device, TCP socket or an
 * in-memory pair. Drivers and simulators speak bytes through this and nothing else.
 *
 * Events:
 * - 'data' (chunk: Buffer): bytes arrived, in the order they arrived, with no framing applied.
 * - 'close' (error?: Error): the wire closed; with an error when it went away by itself
 *   (cable pulled, pty peer gone), without one after close().
 * - 'error' (error: Error): a failure that did not close the wire.
 */
export interface Transport extends EventEmitter {
  readonly kind: TransportKind;
  /** Device path, host:port or name, for messages and logs. */
  readonly path: string;
  readonly isOpen: boolean;
  open(): Promise<void>;
  /** Resolves once the bytes were handed to the operating system (drained). */
  write(data: Uint8Array): Promise<void>;
  close(): Promise<void>;
}
