import { encodeSamFrame } from '../../firmware-bridge/codec/sam-frame-encoder.js';

/** GA 467 SAM reader commands (body = command, parameter), from protocols.md. */
export const SamCommand = {
  resetSam: [0x10, 0xff],
  samStatus: [0x11, 0xff],
  readSamId: [0x12, 0xff],
  findCard: [0x20, 0x01],
  selectCard: [0x20, 0x02],
  readTextAndPhoto: [0x30, 0x01],
} as const satisfies Record<string, readonly [number, number]>;

export type SamCommandName = keyof typeof SamCommand;

/** The encoded frames, built once: a request never changes. */
export const samRequestFrames: Readonly<Record<SamCommandName, Buffer>> = Object.fromEntries(
  Object.entries(SamCommand).map(([name, body]) => [name, encodeSamFrame(Uint8Array.from(body))]),
) as Record<SamCommandName, Buffer>;
