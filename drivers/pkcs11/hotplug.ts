import { EventEmitter } from 'node:events';
import type { Pkcs11 } from './pkcs11.js';

export interface TokenEvent {
  module: string;
  slotId: string;
  serial: string;
  label: string;
}

interface WatcherEvents {
  inserted: [TokenEvent];
  removed: [TokenEvent];
  error: [Error];
}

/**
 * Notices USB keys coming and going. pkcs11js offers C_WaitForSlotEvent only as a blocking call,
 * which would stall the event loop, so the watcher polls: the non-blocking form where the module
 * has it, then the slot list, diffed by token serial. Modules that see changes only after
 * re-initialising (SoftHSM) are re-initialised when that loses nothing (no login, nothing running),
 * or, every few seconds, when an unattended token is out (it is logged back in when it returns).
 * At the default 500 ms a pulled key is reported well within 2 s.
 */
export class TokenWatcher extends EventEmitter<WatcherEvents> {
  readonly intervalMs: number;
  /** How often an unattended token that is out is looked for (each look logs clerks' tokens out). */
  readonly lookForUnattendedMs: number;
  #pkcs11: Pkcs11;
  #present = new Map<string, TokenEvent>();
  #timer: NodeJS.Timeout | undefined;

  constructor(pkcs11: Pkcs11, intervalMs = 500, lookForUnattendedMs = 2000) {
    super();
    this.#pkcs11 = pkcs11;
    this.intervalMs = intervalMs;
    this.lookForUnattendedMs = lookForUnattendedMs;
  }

  /** The tokens present at the last poll. */
  get present(): TokenEvent[] {
    return [...this.#present.values()];
  }

  start(): this {
    if (this.#timer) return this;
    this.#present = this.#snapshot();
    this.#timer = setInterval(() => this.poll(), this.intervalMs);
    this.#timer.unref();
    return this;
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #snapshot(): Map<string, TokenEvent> {
    const now = new Map<string, TokenEvent>();
    for (const slot of this.#pkcs11.slots()) {
      // No token, one the module can no longer read (pulled), or SoftHSM's blank spare slot.
      if (!slot.token?.serial) continue;
      const event = { module: slot.module, slotId: slot.slotId, serial: slot.token.serial, label: slot.token.label };
      now.set(`${slot.module}|${slot.token.serial}`, event);
    }
    return now;
  }

  /** One look at the slots; emits what changed since the last one. */
  poll(): void {
    try {
      for (const module of this.#pkcs11.modules) {
        module.pollSlotEvent();
        this.#pkcs11.rescan(module);
      }
      // a kiosk's or the chain's key put back comes back logged in without anyone asking for it
      this.#pkcs11.lookForUnattended(Date.now(), this.lookForUnattendedMs);
      const now = this.#snapshot();
      for (const [key, event] of this.#present) if (!now.has(key)) this.emit('removed', event);
      for (const [key, event] of now) if (!this.#present.has(key)) this.emit('inserted', event);
      this.#present = now;
    } catch (error) {
      this.emit('error', error as Error);
    }
  }
}
