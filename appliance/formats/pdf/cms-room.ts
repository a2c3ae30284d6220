import { DEFAULT_CONTENTS_SIZE } from '../../pdf/index.js';

/** Room for what a B-B CMS holds besides its certificates, its signer's issuer (twice) and its signature: ~400 bytes. */
const ENVELOPE = 1024;
/** What a timestamp token added from B-T on was given before the room was sized: kept. */
const TIMESTAMP_ROOM = DEFAULT_CONTENTS_SIZE;

/**
 * The bytes a PDF's /Contents reserves for the CMS of a signer, by level. A B-B CMS is the
 * certificates as they are, the signer's issuer name twice (its sid and its signing-certificate-v2),
 * the signature and a fixed envelope; the issuer name and the signature are each shorter than
 * the signer's certificate, which holds the one and a public key as long as the other. So the
 * room is known before the token signs. From B-T a timestamp token comes from the TSA: its size
 * is not known before, and it gets the 16 KB every level was given before. A B-B placeholder
 * sized so is ~4 KB for a P-256 seal and its CA, where 16 KB used to be written as 32 K hex digits
 * into every stamped PDF.
 */
export function cmsRoom(certificateChain: readonly Buffer[], level: 'B-B' | 'B-T' | 'B-LT' | 'B-LTA'): number {
  const signer = certificateChain[0]?.length ?? 0;
  const certificates = certificateChain.reduce((sum, der) => sum + der.length, 0);
  const bb = certificates + 3 * signer + ENVELOPE;
  const room = level === 'B-B' ? bb : bb + TIMESTAMP_ROOM;
  return Math.ceil(room / 512) * 512;
}
