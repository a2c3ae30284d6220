import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTsa, type Tsa } from '../../simulator/tsa/tsa.js';
import { loadConfig } from '../config/config.js';

/**
 * The hall's timestamp authority (B-T stamps). It makes a new root at each start, so every root
 * it ever had is kept under SEALDESK_HOME/hall/tsa-roots and named as a trust anchor in
 * config.json: documents timestamped before a restart still verify after it.
 */
export async function startDemoTsa(home: string): Promise<Tsa> {
  const tsa = await startTsa();
  const dir = join(home, 'hall', 'tsa-roots');
  mkdirSync(dir, { recursive: true });
  const rootPath = join(dir, `tsa-root-${Date.now()}.pem`);
  writeFileSync(rootPath, tsa.caCertPem);
  const config = loadConfig(home);
  const anchors = [...(config.verify?.trustAnchors ?? []), rootPath];
  const next = { ...config, verify: { ...config.verify, trustAnchors: anchors } };
  writeFileSync(join(home, 'config.json.tmp'), `${JSON.stringify(next, null, 2)}\n`);
  renameSync(join(home, 'config.json.tmp'), join(home, 'config.json'));
  return tsa;
}
