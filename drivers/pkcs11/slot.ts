import type { Module } from './module.js';
import { readTokenInfo, type TokenInfo } from './token-info.js';

/** A slot as `sealdesk token list` shows it: where a token can be, and the token if one is. */
export interface SlotDescription {
  module: string;
  /** Position in the module's slot list. */
  index: number;
  /** CK_SLOT_ID in decimal, as pkcs11-tool --slot takes it. */
  slotId: string;
  description: string;
  manufacturer: string;
  tokenPresent: boolean;
  removable: boolean;
  hardware: boolean;
  token?: TokenInfo;
  /** Why the token could not be read (a pulled key SoftHSM still lists). */
  tokenError?: string;
  /** Not printed: for the layer itself. */
  moduleRef: Module;
  slotHandle: Buffer;
}

// CK_SLOT_INFO flags (PKCS#11 §3.2); pkcs11js does not name them.
const CKF_TOKEN_PRESENT = 0x1;
const CKF_REMOVABLE_DEVICE = 0x2;
const CKF_HW_SLOT = 0x4;

export function slotIdOf(handle: Buffer): string {
  return handle.length >= 8 ? handle.readBigUInt64LE(0).toString() : BigInt(handle.readUInt32LE(0)).toString();
}

export function describeSlot(module: Module, slotHandle: Buffer, index: number): SlotDescription {
  const info = module.lib.C_GetSlotInfo(slotHandle);
  const slot: SlotDescription = {
    module: module.path,
    index,
    slotId: slotIdOf(slotHandle),
    description: info.slotDescription.trim(),
    manufacturer: info.manufacturerID.trim(),
    tokenPresent: (info.flags & CKF_TOKEN_PRESENT) !== 0,
    removable: (info.flags & CKF_REMOVABLE_DEVICE) !== 0,
    hardware: (info.flags & CKF_HW_SLOT) !== 0,
    moduleRef: module,
    slotHandle,
  };
  if (slot.tokenPresent) {
    try {
      slot.token = readTokenInfo(module.lib, slotHandle);
    } catch (error) {
      slot.tokenError = (error as Error).message;
    }
  }
  return slot;
}
