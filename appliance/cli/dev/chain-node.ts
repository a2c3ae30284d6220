import { join } from 'node:path';
import { startAnvil, type Anvil } from '../../../simulator/chain/anvil.js';

/**
 * `sealdesk chain up`: a development chain node (anvil, launched by simulator/) with its state
 * under SEALDESK_HOME/chain. A development entry point, loaded by dynamic import, so the other
 * chain commands never load simulator code.
 */
export async function startDevChainNode(home: string, options: { port?: number; fund?: readonly string[] }): Promise<Anvil> {
  const anvil = await startAnvil({ dir: join(home, 'chain'), port: options.port ?? 0 });
  for (const address of options.fund ?? []) await anvil.fund(address);
  return anvil;
}
