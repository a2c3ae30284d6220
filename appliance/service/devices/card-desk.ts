import type { IdCard } from '../../../drivers/idcard/idcard-reader.js';

/** How long a card read at the counter or kiosk may be used for a document: one visit, not a day. */
export const CARD_TTL_MS = 5 * 60_000;

interface Held {
  /** Undefined once a certificate took it: the visit goes on without the citizen's data. */
  card: IdCard | undefined;
  readAt: number;
  /** The documents made in this visit: all a kiosk may see of the terminal's stamps. */
  documents: Set<string>;
}

/**
 * The last ID card read for each signed-in session, in this process's memory only: the citizen's
 * full number never goes to the browser (it gets the masked card) and never to disk. A kiosk's
 * certificate takes the card from here; it is forgotten after use, after CARD_TTL_MS, or when the
 * session asks (the kiosk's idle reset).
 *
 * A card read opens a visit (the citizen's session at the terminal): the documents made in it are
 * noted, so a kiosk sees the citizen's own certificate and nothing of the next citizen's or of a
 * clerk's. The visit ends with the next card read, forget(), or CARD_TTL_MS.
 */
export class CardDesk {
  #held = new Map<string, Held>();

  constructor(private readonly now: () => number = Date.now) {}

  put(sessionId: string, card: IdCard): void {
    this.#sweep();
    this.#held.set(sessionId, { card, readAt: this.now(), documents: new Set() });
  }

  /** The card read in this session, if still fresh. */
  peek(sessionId: string): IdCard | undefined {
    this.#sweep();
    return this.#held.get(sessionId)?.card;
  }

  /** The card is used up (the certificate is made): its data goes, the visit stays. */
  release(sessionId: string): void {
    const held = this.#held.get(sessionId);
    if (held) held.card = undefined;
  }

  /** A document made in the session's current visit (none open: nothing is noted). */
  note(sessionId: string, documentId: string): void {
    this.#sweep();
    this.#held.get(sessionId)?.documents.add(documentId);
  }

  /** Was this document made in the session's current visit? */
  madeInVisit(sessionId: string, documentId: string): boolean {
    this.#sweep();
    return this.#held.get(sessionId)?.documents.has(documentId) ?? false;
  }

  forget(sessionId: string): boolean {
    const held = this.#held.get(sessionId);
    this.#held.delete(sessionId);
    return held?.card !== undefined;
  }

  #sweep(): void {
    const limit = this.now() - CARD_TTL_MS;
    for (const [session, held] of this.#held) if (held.readAt < limit) this.#held.delete(session);
  }
}
