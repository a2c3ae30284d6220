import type { Pkcs11 } from '../../../drivers/pkcs11/pkcs11.js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';

export interface InitialisedToken {
  slotId: string;
  serial: string;
  label: string;
}

/**
 * Initialises the uninitialised token in a slot (never an initialised one: that would erase its
 * seal keys) and sets its user PIN, as `sealdesk token init --slot` then `init-pin` do. Both PINs
 * are checked against the token's length policy first, so a bad user PIN leaves the slot free.
 * Afterwards the module is rescanned where that loses nothing (SoftHSM offers its next free slot
 * only after re-initialising; with a token logged in, the watcher does it later).
 */
export async function initFreeSlot(pkcs11: Pkcs11, slotId: string, label: string, soPin: string, pin: string): Promise<InitialisedToken> {
  const slot = pkcs11.slots().find((s) => s.slotId === slotId && s.token && !s.token.flags.initialized);
  if (!slot?.token) throw new SealdeskError('SLOT_NOT_FOUND', { slot: slotId });
  const { minPinLen, maxPinLen } = slot.token;
  for (const p of [soPin, pin]) {
    if (p.length < minPinLen || p.length > maxPinLen) throw new SealdeskError('PIN_POLICY', { min: minPinLen, max: maxPinLen });
  }
  const info = pkcs11.initToken({ slotId, free: true }, soPin, label);
  await pkcs11.token({ serial: info.serial }).initUserPin(soPin, pin);
  pkcs11.rescan(slot.moduleRef);
  return { slotId, serial: info.serial, label: info.label };
}
