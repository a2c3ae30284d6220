import { needsReinitializeToRescan, resolveModulePaths } from '../../drivers/pkcs11/module-paths.js';
import { Pkcs11 } from '../../drivers/pkcs11/pkcs11.js';
import { loadConfig } from '../config/config.js';

/** The PKCS#11 layer as configured for this terminal: modules from the environment or config.json. */
export async function openPkcs11(home: string, options: { modulePath?: string } = {}): Promise<Pkcs11> {
  const loaded = loadConfig(home);
  const config = loaded.pkcs11 ?? {};
  const modulePaths = options.modulePath ? [options.modulePath] : resolveModulePaths(process.env, config.modules ?? []);
  // The SoftHSM of a development machine comes from simulator/: loaded only when asked for, so
  // commands on a terminal with a real token never load simulator code.
  if (modulePaths.some(needsReinitializeToRescan)) await (await import('./dev-softhsm.js')).useDevSoftHsm(home);
  const maxPinTries = Number(process.env.SEALDESK_PIN_MAX_TRIES) || config.maxPinTries || 5;
  return Pkcs11.open({ modulePaths, stateDir: home, maxPinTries, poolSize: config.sessionsPerToken ?? 4, ...(loaded.token?.sm2Profile ? { sm2Profile: loaded.token.sm2Profile } : {}), ...(loaded.token?.sm2Id ? { sm2Id: loaded.token.sm2Id } : {}) });
}
