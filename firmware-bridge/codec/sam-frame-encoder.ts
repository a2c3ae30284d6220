import { SAM_HEADER_LENGTH, SAM_MAX_LEN, SAM_PREAMBLE, samChecksum } from './sam-frame.js';

/** Wraps a body (command + parameter, or SW + data) in a SAM frame. */
export function encodeSamFrame(body: Uint8Array): Buffer {
  const len = body.length + 1;
  if (len > SAM_MAX_LEN) throw new RangeError(`SAM frame body of ${body.length} bytes exceeds the 16-bit length`);
  const frame = Buffer.alloc(SAM_HEADER_LENGTH + len);
  SAM_PREAMBLE.copy(frame, 0);
  frame.writeUInt16BE(len, SAM_PREAMBLE.length);
  frame.set(body, SAM_HEADER_LENGTH);
  frame[frame.length - 1] = samChecksum(len, body);
  return frame;
}
