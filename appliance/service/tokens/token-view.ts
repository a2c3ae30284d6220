import { basename } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import type { Pkcs11 } from '../../../drivers/pkcs11/pkcs11.js';
import type { SlotDescription } from '../../../drivers/pkcs11/slot.js';

export const TokenFlags = Type.Object({
  initialized: Type.Boolean(),
  userPinInitialized: Type.Boolean(),
  userPinCountLow: Type.Boolean(),
  userPinFinalTry: Type.Boolean(),
  userPinLocked: Type.Boolean(),
  writeProtected: Type.Boolean(),
});

export const SlotView = Type.Object({
  module: Type.String({ description: 'file name of the PKCS#11 module' }),
  slotId: Type.String(),
  index: Type.Integer(),
  description: Type.String(),
  removable: Type.Boolean(),
  /** A slot can say "present" while the token cannot be read (a pulled SoftHSM token). */
  present: Type.Boolean(),
  token: Type.Union([
    Type.Object({
      label: Type.String(),
      serial: Type.String(),
      manufacturer: Type.String(),
      model: Type.String(),
      flags: TokenFlags,
      minPinLen: Type.Integer(),
      maxPinLen: Type.Integer(),
      loggedIn: Type.Boolean(),
      /** The organisation the token belongs to (token-owners.ts); null: bound to none yet (claim it). */
      organisationId: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Null(),
  ]),
});
export type SlotView = Static<typeof SlotView>;

function loggedIn(pkcs11: Pkcs11, serial: string): boolean {
  try {
    return pkcs11.token({ serial }).isLoggedIn;
  } catch {
    return false;
  }
}

/** A slot as the counter page shows it; module paths reduced to their file name (no layout of the host). */
export function slotView(pkcs11: Pkcs11, slot: SlotDescription, organisationOf: (serial: string) => string | undefined = () => undefined): SlotView {
  const t = slot.token;
  return {
    module: basename(slot.module),
    slotId: slot.slotId,
    index: slot.index,
    description: slot.description,
    removable: slot.removable,
    present: slot.tokenPresent && t !== undefined,
    token: t
      ? {
          label: t.label,
          serial: t.serial,
          manufacturer: t.manufacturer,
          model: t.model,
          flags: {
            initialized: t.flags.initialized,
            userPinInitialized: t.flags.userPinInitialized,
            userPinCountLow: t.flags.userPinCountLow,
            userPinFinalTry: t.flags.userPinFinalTry,
            userPinLocked: t.flags.userPinLocked,
            writeProtected: t.flags.writeProtected,
          },
          minPinLen: t.minPinLen,
          maxPinLen: t.maxPinLen,
          loggedIn: t.flags.initialized && loggedIn(pkcs11, t.serial),
          organisationId: (t.flags.initialized ? organisationOf(t.serial) : undefined) ?? null,
        }
      : null,
  };
}
