import { mkdirSync } from 'node:fs';
import type { Token } from '../../drivers/pkcs11/token.js';
import { pinFrom } from '../tokens/pin-input.js';
import { takeSecret } from '../tokens/take-secret.js';
import { sealdeskHome } from '../config/home.js';
import { runAppliance, type RunningAppliance } from '../hall/run-appliance.js';
import { serviceSettings } from '../service/service-settings.js';
import { openPkcs11 } from '../tokens/open-pkcs11.js';
import { loadServeConfig, type ServeConfig } from './serve-config.js';

export interface ServeOptions {
  configPath?: string;
  /** Override the config file's service.host / service.port (tests use port 0). */
  host?: string;
  port?: number;
  log: (line: string) => void;
}

export interface Served extends RunningAppliance {
  home: string;
}

/**
 * The configured secret: SEALDESK_PIN, taken out of the environment once read (see takeSecret), or
 * a prompt on a terminal; sent to C_Login only.
 */
function unlockWithSecret(): (token: Token) => Promise<void> {
  const secret = takeSecret('SEALDESK_PIN');
  return async (token) => {
    if (!token.isLoggedIn) await token.login(secret ?? (await pinFrom('SEALDESK_PIN', `用户口令 / user PIN of ${token.label}: `)));
  };
}

/**
 * `sealdesk serve`: the appliance on this terminal's real tokens (config.json's PKCS#11 modules),
 * devices (the config file's ports and printer), chain (ledger.json) and TSA. Tokens listed in
 * unlockTokens are opened now, before the service answers, so a kiosk never waits for a PIN.
 */
export async function serve(options: ServeOptions): Promise<Served> {
  const unlock = unlockWithSecret();
  const config: ServeConfig = options.configPath ? loadServeConfig(options.configPath) : {};
  const home = config.home ?? sealdeskHome();
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const pkcs11 = await openPkcs11(home);
  try {
    const tokens = pkcs11.slots().filter((s) => s.token?.flags.initialized);
    for (const module of pkcs11.modules) options.log(`PKCS#11 module: ${module.path}`);
    for (const slot of tokens) options.log(`token "${slot.token?.label}" serial ${slot.token?.serial} in slot ${slot.slotId}`);
    if (!tokens.length) options.log('no initialised token yet: SEALDESK_SO_PIN=… sealdesk token init --free --label NAME');
    options.log(`sealdesk: token layer ready (${tokens.length} token${tokens.length === 1 ? '' : 's'})`);
    for (const label of config.unlockTokens ?? []) await unlock(pkcs11.token({ label }));
    const settings = serviceSettings({
      ...config.service,
      ...(options.host !== undefined ? { host: options.host } : {}),
      ...(options.port !== undefined ? { port: options.port } : {}),
    });
    const running = await runAppliance({
      home,
      pkcs11,
      settings,
      devices: config.devices ?? {},
      ...(config.tsaUrl ? { tsaUrl: config.tsaUrl } : {}),
      ...(config.verifyBaseUrl ? { verifyBaseUrl: config.verifyBaseUrl } : {}),
      ...(config.terminalId ? { terminalId: config.terminalId } : {}),
      unlock,
      unattendedTokens: config.unlockTokens ?? [],
      log: options.log,
    });
    return {
      ...running,
      home,
      async stop() {
        await running.stop();
        pkcs11.close();
      },
    };
  } catch (error) {
    pkcs11.close();
    throw error;
  }
}
