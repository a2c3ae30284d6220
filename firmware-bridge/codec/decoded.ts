import type { SealdeskError } from '../errors/sealdesk-error.js';

/**
 * What every decoder pushes, in wire order: a frame, or a fault (bad checksum, frame too long)
 * that the decoder reported and skipped. Faults are data, not stream errors, because a stream
 * error would end the stream and garbage on a wire must never end the link.
 */
export type Decoded =
  | { readonly type: 'frame'; readonly frame: Buffer }
  | { readonly type: 'fault'; readonly error: SealdeskError };

export interface DecoderOptions {
  /** Device name for the faults' messages. */
  device?: string;
}
