/** DLE EOT n: which real-time status byte to send back. */
export type StatusKind = 1 | 2 | 4;

/** 1 printer status, 2 offline cause, 4 paper roll sensor. */
export function statusRequest(n: StatusKind): Uint8Array {
  return Uint8Array.of(0x10, 0x04, n);
}

/** The three requests the driver sends together; the printer answers with three bytes, in order. */
export const FULL_STATUS_REQUEST: Uint8Array = Uint8Array.of(...statusRequest(1), ...statusRequest(2), ...statusRequest(4));
