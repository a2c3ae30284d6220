import { hostname, userInfo } from 'node:os';
import type { Token } from '../../drivers/pkcs11/token.js';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { outboxPath } from './ledger-config.js';
import { tokenSigner, type SealSigner } from '../../drivers/pkcs11/seal-signer.js';
import { signSealEvent } from './outbox/event-signer.js';
import { Outbox } from './outbox/outbox.js';
import { newSealEvent, type DocumentFormatName, type SealEventInput, type SignedSealEvent } from './outbox/seal-event.js';
import { StampIndex } from './stamp-index.js';

/** Who and where: the terminal (SEALDESK_TERMINAL_ID, default the host name) and the operator (SEALDESK_OPERATOR, default the OS user). */
export function eventIdentity(env: NodeJS.ProcessEnv = process.env): { terminalId: string; operatorId: string } {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // a container user without a passwd entry
  }
  return { terminalId: env.SEALDESK_TERMINAL_ID || hostname(), operatorId: env.SEALDESK_OPERATOR || user };
}

/** What a stamp tells the ledger (StampResult's fields, kept structural so the ledger does not import stamping). */
export interface StampFacts {
  eventId: string;
  sealId: string;
  documentHash: string;
  signerCertificateSha256: string;
  /** ISO 8601, the signing time of the document. */
  time: string;
  /** SHA-256 (hex) of the stamp's embedded signature (the CMS), as the stamp made it: the stamp index's key. */
  signatureSha256: string;
  /** The stamped document's format (pdf, ofd), which the event records. */
  format?: DocumentFormatName;
}

/** The seal's key, on the token the stamp already opened. */
export interface SealKey {
  token: Token;
  keyLabel: string;
}

/**
 * The terminal's seal event log: the outbox opened on first use (so a failure to open it fails
 * the operation that records, after which the caller undoes it), every append fsynced.
 */
export class SealEventLog {
  readonly home: string;
  readonly identity: { terminalId: string; operatorId: string };
  #outbox: Outbox | undefined;

  constructor(home: string, identity = eventIdentity()) {
    this.home = home;
    this.identity = identity;
  }

  #open(): Outbox {
    if (!this.#outbox) {
      try {
        this.#outbox = Outbox.open(outboxPath(this.home));
      } catch (error) {
        throw new SealdeskError('OUTBOX_WRITE_FAILED', { reason: (error as Error).message }, { cause: error });
      }
    }
    return this.#outbox;
  }

  /**
   * Signs and appends an event; the id may be given (a stamp's id is already in its QR code).
   * With `signatureSha256`, the stamp index learns the event of that signature in the same
   * fsynced transaction. `operatorId` names who acted when that is not the log's own identity
   * (the service records each signed-in operator's stamps through one log).
   */
  async record(input: Omit<SealEventInput, 'terminalId' | 'operatorId'>, signer: SealSigner, id?: string, signatureSha256?: string, operatorId?: string): Promise<SignedSealEvent> {
    this.#open(); // a log that cannot keep the event fails before the token signs it
    const signed = await this.#sign(input, signer, id, operatorId);
    this.#append(signed, signatureSha256);
    return signed;
  }

  async #sign(input: Omit<SealEventInput, 'terminalId' | 'operatorId'>, signer: SealSigner, id?: string, operatorId?: string): Promise<SignedSealEvent> {
    const event = newSealEvent({ ...this.identity, ...input, ...(operatorId ? { operatorId } : {}) });
    return signSealEvent(id ? { ...event, id } : event, signer);
  }

  /** One fsynced transaction: the event, and with `signatureSha256` the stamp index's entry for it. */
  #append(signed: SignedSealEvent, signatureSha256?: string): void {
    const outbox = this.#open();
    try {
      outbox.db.transaction(() => {
        outbox.append(signed);
        if (signatureSha256) new StampIndex(outbox.db).add(signatureSha256, signed.id);
      }).immediate();
    } catch (error) {
      if (error instanceof SealdeskError) throw error;
      throw new SealdeskError('OUTBOX_WRITE_FAILED', { reason: (error as Error).message }, { cause: error });
    }
  }

  /**
   * The `stamped` event of a stamp under way, under the stamp's own event id and time, signed by
   * the seal's key (its token is logged in for the stamp); appendStamp keeps it. Nothing in it
   * depends on the document's signature, so the token can sign it beside the document's.
   */
  async signStamp(stamp: Omit<StampFacts, 'signatureSha256'>, key: SealKey, operatorId?: string): Promise<SignedSealEvent> {
    // the seal's key in its own algorithm (P-384 → ecdsa-sha384, RSA → rsa-pkcs1-sha256)
    const signer = await tokenSigner(key.token, key.keyLabel, { keyId: `sha256:${stamp.signerCertificateSha256}` });
    return this.#sign(
      { kind: 'stamped', sealId: stamp.sealId, documentHash: stamp.documentHash, signerCertificateHash: stamp.signerCertificateSha256, time: new Date(stamp.time), ...(stamp.format ? { format: stamp.format } : {}) },
      signer,
      stamp.eventId,
      operatorId,
    );
  }

  /** Keeps a signed stamp event, the stamp index keyed by the signature the stamp embedded; returns once it is on disk. */
  appendStamp(event: SignedSealEvent, signatureSha256: string): void {
    this.#append(event, signatureSha256);
  }

  /** The outbox, when anything was recorded or looked up through this log. */
  get outbox(): Outbox {
    return this.#open();
  }

  close(): void {
    this.#outbox?.close();
    this.#outbox = undefined;
  }
}
