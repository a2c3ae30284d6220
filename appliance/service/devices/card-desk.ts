import type { IdCard } from '../../../drivers/idcard/idcard-reader.js';

/** How long a card read at the counter or kiosk may be used for a document: one visit, not a day. */
export const CARD_TTL_MS = 5 * 60_000;

interface Held {
  card: IdCard;
  readAt: number;
}

/**
 * The last ID card read for each signed-in session, in this process's memory only: the citizen's
 * full number never goes to the browser (it gets the masked card) and never to disk. A kiosk's
 * certificate takes the card from here; it is forgotten after use, after CARD_TTL_MS, or when the
 * session asks (the kiosk's idle reset).
 */
export class CardDesk {
  #held = new Map<string, Held>();

  constructor(private readonly now: () => number = Date.now) {}

  put(sessionId: string, card: IdCard): void {
    this.#sweep();
    this.#held.set(sessionId, { card, readAt: this.now() });
  }

  /** The card read in this session, if still fresh. */
  peek(sessionId: string): IdCard | undefined {
    this.#sweep();
    return this.#held.get(sessionId)?.card;
  }

  forget(sessionId: string): boolean {
    return this.#held.delete(sessionId);
  }

  #sweep(): void {
    const limit = this.now() - CARD_TTL_MS;
    for (const [session, held] of this.#held) if (held.readAt < limit) this.#held.delete(session);
  }
}
