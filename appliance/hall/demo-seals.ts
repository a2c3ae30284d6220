import { caExists } from '../ca/ca-store.js';
import { initCa } from '../ca/ca-init.js';
import { createSeal } from '../seals/create-seal.js';
import type { SealRegistry } from '../seals/registry/seal-registry.js';
import type { Seal, SealType } from '../seals/seal.js';
import type { Pkcs11 } from '../../drivers/pkcs11/pkcs11.js';
import type { Token } from '../../drivers/pkcs11/token.js';

/** The seals each demo organisation gets: its official seal and the one the counter stamps with. */
const DEMO_SEAL_KINDS: ReadonlyArray<{ type: SealType; name: string }> = [
  { type: 'official', name: '公章' },
  { type: 'business', name: '行政审批专用章' },
];

export interface DemoOrganisation {
  name: string;
  uscc: string;
}

/**
 * The dev CA on the demo token (its CRL served by the appliance at crlBaseUrl) and the demo
 * organisations' seals, each made once: a second start finds them in the registry.
 */
export async function ensureDemoSeals(home: string, pkcs11: Pkcs11, registry: SealRegistry, token: Token, organisations: readonly DemoOrganisation[], crlBaseUrl: string): Promise<Seal[]> {
  if (!caExists(home)) await initCa(home, token, { organisation: '浙江省电子印章演示认证中心', commonName: 'sealdesk demo seal CA', keyLabel: 'seal-ca', crlBaseUrl });
  const seals: Seal[] = [];
  for (const organisation of organisations) {
    const existing = registry.list().filter((s) => s.organisation.uscc === organisation.uscc);
    for (const kind of DEMO_SEAL_KINDS) {
      const found = existing.find((s) => s.type === kind.type);
      seals.push(found ?? (await createSeal(home, pkcs11, registry, { name: kind.name, type: kind.type, organisation, token, keyLabel: `${organisation.uscc}-${kind.type}` }, async () => undefined)));
    }
  }
  return seals;
}
