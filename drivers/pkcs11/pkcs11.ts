import pkcs11js from 'pkcs11js';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { fromPkcs11 } from './ckr.js';
import { Module } from './module.js';
import { PinGuard } from './pin-guard.js';
import { describeSlot, type SlotDescription } from './slot.js';
import { Token, type TokenHost } from './token.js';
import { readTokenInfo, type TokenInfo } from './token-info.js';
import { UnattendedLogins, type OpenToken } from './unattended-logins.js';

export interface Pkcs11Options {
  /** Module paths (see resolveModulePaths). */
  modulePaths: readonly string[];
  /** Where the PIN retry guard keeps its counts (under SEALDESK_HOME). */
  stateDir: string;
  maxPinTries?: number;
  /** Sessions per token; operations beyond it wait their turn. */
  poolSize?: number;
  /** The SM2 vendor profile's id when token info cannot tell it (see sm2-profiles.ts). */
  sm2Profile?: string;
  /** The SM2 distinguishing ID seals sign with, when not GM/T 0009's default (`token.sm2Id`). */
  sm2Id?: string;
}

/** Which token: by slot id, slot index, label or serial, as pkcs11-tool takes them. */
export interface TokenSelector {
  slotId?: string;
  slotIndex?: number;
  label?: string;
  serial?: string;
}

function describeSelector(selector: TokenSelector): string {
  const parts = Object.entries(selector)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${String(v)}`);
  return parts.join(', ') || 'any';
}

/**
 * The PKCS#11 layer: the loaded modules and the tokens in their slots (module → slot → token →
 * session → object, as in the standard). One instance per process: a module is initialised once.
 */
export class Pkcs11 implements TokenHost {
  readonly modules: Module[];
  readonly guard: PinGuard;
  readonly poolSize: number;
  readonly sm2Profile?: string;
  readonly sm2Id?: string;
  #tokens = new Map<string, Token>();
  readonly unattended = new UnattendedLogins();
  // when a module was last re-initialised to look for a pulled unattended token
  #lookedFor = new Map<Module, number>();

  private constructor(modules: Module[], guard: PinGuard, poolSize: number, sm2: { sm2Profile?: string; sm2Id?: string }) {
    this.modules = modules;
    this.guard = guard;
    this.poolSize = poolSize;
    if (sm2.sm2Profile) this.sm2Profile = sm2.sm2Profile;
    if (sm2.sm2Id) this.sm2Id = sm2.sm2Id;
  }

  static open(options: Pkcs11Options): Pkcs11 {
    if (!options.modulePaths.length) throw new SealdeskError('CONFIG_INVALID', { reason: 'no PKCS#11 module configured' });
    const modules = options.modulePaths.map((path) => Module.load(path));
    return new Pkcs11(modules, new PinGuard(options.stateDir, options.maxPinTries ?? 5), options.poolSize ?? 4, options);
  }

  /** Every slot of every module, with its token where one is present. */
  slots(): SlotDescription[] {
    const out: SlotDescription[] = [];
    for (const module of this.modules) {
      module.slotIds(false).forEach((slotId, index) => out.push(describeSlot(module, slotId, index)));
    }
    return out;
  }

  #matches(slot: SlotDescription, selector: TokenSelector): boolean {
    if (selector.slotId !== undefined && slot.slotId !== BigInt(selector.slotId).toString()) return false;
    if (selector.slotIndex !== undefined && slot.index !== selector.slotIndex) return false;
    if (selector.label !== undefined && slot.token?.label !== selector.label) return false;
    if (selector.serial !== undefined && slot.token?.serial !== selector.serial) return false;
    return true;
  }

  #find(selector: TokenSelector): SlotDescription[] {
    return this.slots().filter((s) => s.token?.flags.initialized && this.#matches(s, selector));
  }

  /**
   * The token the selector names. With no selector, the only initialised token. A token not found
   * may have been re-inserted into a module that needs re-initialising to see it: try that once.
   */
  token(selector: TokenSelector = {}): Token {
    return this.#resolve(selector, true);
  }

  /**
   * A known token asked for and not found was pulled and maybe put back: the module is re-initialised
   * even with other tokens logged in (unattended ones are logged back in; clerks type their PIN again).
   */
  #resolve(selector: TokenSelector, rescan: boolean): Token {
    const known = this.#known(selector);
    if (known) return known;
    let found = this.#find(selector);
    if (!found.length && rescan) {
      const force = this.#isKnown(selector);
      if (this.modules.some((m) => this.rescan(m, { force }))) found = this.#find(selector);
    }
    if (!found.length) throw new SealdeskError('TOKEN_NOT_PRESENT', { token: describeSelector(selector) });
    if (found.length > 1) throw new SealdeskError('TOKEN_AMBIGUOUS', { token: describeSelector(selector) });
    const slot = found[0] as SlotDescription;
    const info = slot.token as TokenInfo;
    const key = `${slot.module}|${info.serial}`;
    let token = this.#tokens.get(key);
    if (!token) {
      token = new Token(slot.moduleRef, slot.slotHandle, info, this);
      this.#tokens.set(key, token);
    }
    return token;
  }

  /** A selector naming a token this host has held, or an unattended one: not a typo, a pulled key. */
  #isKnown(selector: TokenSelector): boolean {
    if (selector.serial === undefined && selector.label === undefined) return false;
    if (selector.label !== undefined && this.unattended.labels.includes(selector.label)) return true;
    return [...this.#tokens.values()].some(
      (t) => (selector.serial === undefined || t.serial === selector.serial) && (selector.label === undefined || t.label === selector.label),
    );
  }

  /**
   * A token asked for by serial alone that this host already holds: each stamp asks for its
   * seal's token. A logged-in one is returned as it is (like signing, it notices a pull when its
   * next operation fails, with no round trip on the hot path); any other is checked with one
   * C_GetTokenInfo instead of walking every slot of every module.
   */
  #known(selector: TokenSelector): Token | undefined {
    if (selector.serial === undefined || selector.label !== undefined || selector.slotId !== undefined || selector.slotIndex !== undefined) return undefined;
    const held = [...this.#tokens.values()].filter((t) => t.serial === selector.serial);
    if (held.length !== 1) return undefined;
    const token = held[0]!;
    return token.isLoggedIn || token.probe()?.flags.initialized ? token : undefined;
  }

  /** Every initialised token present now. */
  tokens(): Token[] {
    return this.#find({}).map((s) => this.token({ serial: (s.token as TokenInfo).serial, slotId: s.slotId }));
  }

  /**
   * C_InitToken: erases the token and gives it a label and SO PIN. `free` picks the first slot
   * with an uninitialised token (SoftHSM always offers one), as `softhsm2-util --free` does.
   */
  initToken(selector: TokenSelector & { free?: boolean }, soPin: string, label: string): TokenInfo {
    const candidates = this.slots().filter((s) =>
      s.token && (selector.free ? !s.token.flags.initialized && this.#matches(s, { ...selector, label: undefined }) : this.#matches(s, selector)),
    );
    if (!candidates.length) throw new SealdeskError('TOKEN_NOT_PRESENT', { token: describeSelector(selector) });
    if (candidates.length > 1 && !selector.free) throw new SealdeskError('TOKEN_AMBIGUOUS', { token: describeSelector(selector) });
    const slot = candidates[0] as SlotDescription;
    const info = slot.token as TokenInfo;
    if (soPin.length < info.minPinLen || soPin.length > info.maxPinLen) {
      throw new SealdeskError('PIN_POLICY', { min: info.minPinLen, max: info.maxPinLen });
    }
    const labelBytes = Buffer.byteLength(label, 'utf8');
    if (labelBytes > 32) throw new SealdeskError('USAGE', { reason: 'a token label has at most 32 bytes (UTF-8)' });
    const before = new Set(this.slots().map((s) => s.token?.serial));
    const existing = info.flags.initialized ? this.#tokens.get(`${slot.module}|${info.serial}`) : undefined;
    existing?.close();
    try {
      // CK_UTF8CHAR[32], blank padded (PKCS#11 §3.2); pkcs11js would pad with NULs.
      slot.moduleRef.lib.C_InitToken(slot.slotHandle, soPin, label + ' '.repeat(32 - labelBytes));
    } catch (error) {
      if (error instanceof pkcs11js.Pkcs11Error && error.code === pkcs11js.CKR_PIN_INCORRECT) {
        throw new SealdeskError('PIN_INCORRECT', { triesLeft: 'unknown' }, { cause: error });
      }
      throw fromPkcs11(error, { token: label, minPinLen: info.minPinLen, maxPinLen: info.maxPinLen });
    }
    if (existing) this.#tokens.delete(`${slot.module}|${info.serial}`);
    this.guard.reset(info.serial, 'user');
    this.guard.reset(info.serial, 'so');
    // SoftHSM moves a freshly initialised token to a new slot; find it by label, newest first.
    const after = this.slots().filter((s) => s.module === slot.module && s.token?.flags.initialized && s.token.label === label);
    const fresh = after.find((s) => !before.has(s.token?.serial)) ?? after.find((s) => s.token?.serial === info.serial) ?? after[0];
    return fresh?.token ?? readTokenInfo(slot.moduleRef.lib, slot.slotHandle);
  }

  /**
   * Keeps a token open unattended: `open` logs it in now and whenever a re-initialisation of its
   * module logged it out (a key pulled and put back). The PIN stays with the caller's `open`.
   */
  async keepOpen(label: string, open: OpenToken): Promise<void> {
    this.unattended.keep(label, open);
    await open(this.token({ label }));
  }

  /** The operation about to start waits for this: unattended tokens being logged back in. */
  settling(): Promise<void> | undefined {
    return this.unattended.settling();
  }

  /**
   * Re-initialises a module that only sees token changes that way (SoftHSM). Never under a running
   * operation or re-login; without `force`, only when that loses nothing (no token of it logged in).
   * With it (a known token is missing), logins go: every token of the module forgets its own, and
   * unattended ones are logged back in before any other operation starts. Returns whether it did.
   */
  rescan(module: Module, options: { force?: boolean } = {}): boolean {
    if (!module.rescanByReinitialize || this.unattended.busy) return false;
    const tokens = [...this.#tokens.values()].filter((t) => t.module === module);
    if (tokens.some((t) => t.inFlight > 0)) return false;
    if (!options.force && tokens.some((t) => t.isLoggedIn && t.probe())) return false;
    module.reinitialize();
    for (const token of tokens) token.forget();
    void this.unattended.relogin((label) => {
      try {
        return this.#resolve({ label }, false);
      } catch {
        return undefined; // still out
      }
    });
    return true;
  }

  /**
   * The watcher's part: an unattended token missing from every slot is looked for by
   * re-initialising the modules that need it, at most every `everyMs` (each look logs clerks out).
   */
  lookForUnattended(now: number, everyMs: number): boolean {
    const present = new Set(this.slots().filter((s) => s.token?.flags.initialized).map((s) => s.token?.label));
    if (this.unattended.labels.every((label) => present.has(label))) return false;
    let did = false;
    for (const module of this.modules) {
      if (!module.rescanByReinitialize || now - (this.#lookedFor.get(module) ?? -Infinity) < everyMs) continue;
      if (this.rescan(module, { force: true })) {
        this.#lookedFor.set(module, now);
        did = true;
      }
    }
    return did;
  }

  close(): void {
    for (const token of this.#tokens.values()) token.close();
    this.#tokens.clear();
    for (const module of this.modules) module.release();
  }
}
