import { findSoftHsmModule, SOFTHSM_MODULE_CANDIDATES } from '../../firmware-bridge/platform/softhsm-module.js';

/**
 * The PKCS#11 modules to load: SEALDESK_PKCS11_MODULE (colon-separated, like PATH) wins, then the
 * configured list, then SoftHSM where it is installed. Missing files are kept: loading them fails
 * with MODULE_NOT_FOUND naming the path, which tells the administrator what to fix.
 */
export function resolveModulePaths(env: NodeJS.ProcessEnv = process.env, configured: readonly string[] = []): string[] {
  const fromEnv = (env.SEALDESK_PKCS11_MODULE ?? '')
    .split(':')
    .map((p) => p.trim())
    .filter(Boolean);
  if (fromEnv.length) return fromEnv;
  if (configured.length) return [...configured];
  return [findSoftHsmModule() ?? SOFTHSM_MODULE_CANDIDATES[0]];
}

/**
 * SoftHSM reads its token directory once, at C_Initialize, and keeps a token whose directory
 * vanished as a broken slot: it only sees tokens come and go after re-initialising. Hardware
 * modules (OpenSC and vendors') rescan readers in C_GetSlotList and must not be re-initialised.
 */
export function needsReinitializeToRescan(modulePath: string): boolean {
  return /softhsm/i.test(modulePath);
}
