import type { Transform } from 'node:stream';
import type { Decoded } from '../../../firmware-bridge/codec/decoded.js';

/** Everything a decoder pushes, in order, as it arrives. */
export function collect(decoder: Transform): Decoded[] {
  const out: Decoded[] = [];
  decoder.on('data', (item: Decoded) => out.push(item));
  return out;
}

export function frames(items: Decoded[]): string[] {
  return items.flatMap((i) => (i.type === 'frame' ? [i.frame.toString('hex')] : []));
}

export function faults(items: Decoded[]): string[] {
  return items.flatMap((i) => (i.type === 'fault' ? [i.error.code] : []));
}

/** Writes and waits until the decoder has processed the chunk. */
export function feed(decoder: Transform, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => decoder.write(chunk, (error) => (error ? reject(error) : resolve())));
}
