import { TokenWatcher } from '../drivers/pkcs11/hotplug.js';
import { loadConfig } from './config/config.js';
import { sealdeskHome } from './config/home.js';
import { openPkcs11 } from './tokens/open-pkcs11.js';

/**
 * `npm start`: brings the appliance up. For now the token layer: modules loaded, tokens listed,
 * USB keys watched as they come and go, until SIGINT / SIGTERM.
 */
export async function start(): Promise<void> {
  const home = sealdeskHome();
  const pkcs11 = await openPkcs11(home);
  const tokens = pkcs11.slots().filter((s) => s.token?.flags.initialized);
  for (const module of pkcs11.modules) console.log(`PKCS#11 module: ${module.path}`);
  for (const slot of tokens) console.log(`token "${slot.token?.label}" serial ${slot.token?.serial} in slot ${slot.slotId}`);
  if (!tokens.length) console.log('no initialised token yet: SEALDESK_SO_PIN=… sealdesk token init --free --label NAME');
  const watcher = new TokenWatcher(pkcs11, loadConfig(home).pkcs11?.pollIntervalMs ?? 500);
  watcher.on('inserted', (e) => console.log(`token inserted: "${e.label}" serial ${e.serial} in slot ${e.slotId}`));
  watcher.on('removed', (e) => console.log(`token removed: "${e.label}" serial ${e.serial}`));
  watcher.on('error', (e) => console.error(`token watcher: ${e.message}`));
  watcher.start();
  console.log(`sealdesk: token layer ready (${tokens.length} token${tokens.length === 1 ? '' : 's'}), home ${home}`);

  // The watcher's timer does not hold the process open (library code should not); the appliance does.
  const alive = setInterval(() => undefined, 60_000);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  clearInterval(alive);
  watcher.stop();
  pkcs11.close();
  console.log('sealdesk: stopped');
}
