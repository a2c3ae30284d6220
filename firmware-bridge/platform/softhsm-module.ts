import { existsSync } from 'node:fs';

/**
 * Where distributions install SoftHSM's PKCS#11 module. Here, at the bottom layer, because both
 * the PKCS#11 driver (its default module) and the simulator's SoftHSM launcher need it.
 */
export const SOFTHSM_MODULE_CANDIDATES = [
  '/usr/lib/softhsm/libsofthsm2.so',
  '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/local/lib/softhsm/libsofthsm2.so',
] as const;

/** The installed SoftHSM module, or undefined when softhsm2 is not installed. */
export function findSoftHsmModule(): string | undefined {
  return SOFTHSM_MODULE_CANDIDATES.find((p) => existsSync(p));
}
