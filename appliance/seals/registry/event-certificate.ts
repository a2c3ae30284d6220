import { createHash } from 'node:crypto';
import type { SealRegistry } from './seal-registry.js';

/** The fields of a seal event that name its seal and certificate (ledger/outbox/seal-event.ts). */
interface NamesCertificate {
  sealId: string;
  signerCertificateHash: string | null;
}

/**
 * The seal certificate an event names, from this terminal's registry, for its receipt: a reader
 * checks the event's signature with it. Undefined when the seal is unknown here or its
 * certificate is not the one the event names (a re-certified seal).
 */
export function sealCertificateOf(seals: SealRegistry): (event: NamesCertificate) => Buffer | undefined {
  return (event) => {
    let der: Buffer | undefined;
    try {
      der = seals.get(event.sealId).certificateChain[0];
    } catch {
      return undefined;
    }
    return der && createHash('sha256').update(der).digest('hex') === event.signerCertificateHash ? der : undefined;
  };
}
