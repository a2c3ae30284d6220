import type { Pkcs11 } from '../../../drivers/pkcs11/pkcs11.js';
import type { SealRegistry } from '../../seals/registry/seal-registry.js';

/** ok: open (logged in); logged-out: present, its PIN not entered; locked: PIN locked; absent: expected, not in any slot. */
export type TokenState = 'ok' | 'logged-out' | 'locked' | 'absent';

export interface TokenHealth {
  label: string;
  serial: string | null;
  state: TokenState;
  /** Must stay open without a clerk (a kiosk's seal token, the chain key's): logged out is degraded. */
  unattended: boolean;
}

function isLoggedIn(pkcs11: Pkcs11, serial: string): boolean {
  try {
    return pkcs11.token({ serial }).isLoggedIn;
  } catch {
    return false;
  }
}

/**
 * Seals this terminal knows from the chain only (its follower stored another terminal's record):
 * their keys are on that terminal's token, whose absence here is no fault.
 */
function enrolledElsewhere(seals: SealRegistry): Set<string> {
  return new Set(seals.db.prepare("SELECT seal_id FROM chain_seals WHERE record_state = 'stored' AND seal_id IS NOT NULL").pluck().all() as string[]);
}

/**
 * Every token the hall has or expects, with its real state: those present now, and those named by
 * a seal still in use (enrolled here) or listed as unattended that are not (absent). A PIN is locked when the
 * token says so or sealdesk's own retry counter ran out (SoftHSM keeps none).
 */
export function tokenStates(pkcs11: Pkcs11, seals: SealRegistry, unattended: readonly string[]): TokenHealth[] {
  const states: TokenHealth[] = [];
  for (const slot of pkcs11.slots()) {
    const info = slot.token;
    if (!info?.flags.initialized) continue;
    const locked = info.flags.userPinLocked || pkcs11.guard.isLocked(info.serial, 'user');
    const state: TokenState = locked ? 'locked' : isLoggedIn(pkcs11, info.serial) ? 'ok' : 'logged-out';
    states.push({ label: info.label, serial: info.serial, state, unattended: unattended.includes(info.label) });
  }
  const elsewhere = enrolledElsewhere(seals);
  for (const seal of seals.list()) {
    if (seal.status === 'revoked' || elsewhere.has(seal.id) || states.some((s) => s.serial === seal.key.tokenSerial)) continue;
    states.push({ label: seal.key.tokenLabel, serial: seal.key.tokenSerial, state: 'absent', unattended: unattended.includes(seal.key.tokenLabel) });
  }
  for (const label of unattended) {
    if (!states.some((s) => s.label === label)) states.push({ label, serial: null, state: 'absent', unattended: true });
  }
  return states;
}

/** The token part is degraded when a token is absent or locked, an unattended one is logged out, or there is none at all. */
export function tokensOk(states: readonly TokenHealth[]): boolean {
  return states.some((s) => s.state !== 'absent') && states.every((s) => s.state === 'ok' || (s.state === 'logged-out' && !s.unattended));
}

/**
 * Can any token sign now, or after a clerk types its PIN? One open, or a counter token logged out
 * (its clerk opens it); not an absent or locked one, nor an unattended one logged out (nobody is
 * there to open it).
 */
export function tokensCanStamp(states: readonly TokenHealth[]): boolean {
  return states.some((s) => s.state === 'ok' || (s.state === 'logged-out' && !s.unattended));
}
