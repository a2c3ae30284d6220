/**
 * An audit checkpoint concerns no seal; the event's sealId names the audit log position it
 * witnesses instead ('audit:<seq>'), and its documentHash is that entry's hash. So the signed,
 * anchored event alone says "entry N had hash H", without audit.db's own checkpoint table.
 */
export const checkpointSealId = (seq: number): string => `audit:${seq}`;

export function checkpointSeq(sealId: string): number | undefined {
  const match = /^audit:([1-9]\d{0,15})$/.exec(sealId);
  return match ? Number(match[1]) : undefined;
}
