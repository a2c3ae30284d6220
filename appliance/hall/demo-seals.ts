import { caExists } from '../ca/ca-store.js';
import { initCa } from '../ca/ca-init.js';
import { createSeal } from '../seals/create-seal.js';
import type { SealRegistry } from '../seals/registry/seal-registry.js';
import type { Seal, SealType } from '../seals/seal.js';
import type { Pkcs11 } from '../../drivers/pkcs11/pkcs11.js';
import type { Token } from '../../drivers/pkcs11/token.js';

export interface DemoSealKind {
  type: SealType;
  name: string;
}

/** The seals each demo organisation gets for its counter: its official seal and the one the counter stamps with. */
export const COUNTER_SEAL_KINDS: readonly DemoSealKind[] = [
  { type: 'official', name: '公章' },
  { type: 'business', name: '行政审批专用章' },
];

/** The kiosk's own seals (the templates ask for an official or a business seal), on the kiosk's token. */
export const KIOSK_SEAL_KINDS: readonly DemoSealKind[] = [
  { type: 'official', name: '公章（自助终端）' },
  { type: 'business', name: '行政审批专用章（自助终端）' },
];

/**
 * A counter's seals in a hall of several: named for the counter, since every terminal of the hall
 * follows every seal and an organisation's seal names are unique (公章（柜台 2）).
 */
export function hallCounterSealKinds(counter: string): DemoSealKind[] {
  return COUNTER_SEAL_KINDS.map((kind) => ({ ...kind, name: `${kind.name}（柜台 ${counter}）` }));
}

export interface DemoOrganisation {
  name: string;
  uscc: string;
}

/** The dev CA, its key on this token (its CRL served by the appliance at crlBaseUrl); made once. */
export async function ensureDemoCa(home: string, caToken: Token, crlBaseUrl: string): Promise<void> {
  if (!caExists(home)) await initCa(home, caToken, { organisation: '浙江省电子印章演示认证中心', commonName: 'sealdesk demo seal CA', keyLabel: 'seal-ca', crlBaseUrl });
}

/**
 * The demo organisations' seals of these kinds, their keys on `token`, each made once: a second
 * start finds them in the registry. The dev CA (logged in by the caller) certifies them; when
 * there is no CA yet it is made on `token` (a one-token hall, as the service tests use).
 */
export async function ensureDemoSeals(
  home: string,
  pkcs11: Pkcs11,
  registry: SealRegistry,
  token: Token,
  organisations: readonly DemoOrganisation[],
  crlBaseUrl: string,
  kinds: readonly DemoSealKind[] = COUNTER_SEAL_KINDS,
  /** Told apart in the key labels: `<USCC><keyTag>-<type>`. */
  keyTag = '',
): Promise<Seal[]> {
  await ensureDemoCa(home, token, crlBaseUrl);
  const seals: Seal[] = [];
  for (const organisation of organisations) {
    const existing = registry.list().filter((s) => s.organisation.uscc === organisation.uscc);
    for (const kind of kinds) {
      const found = existing.find((s) => s.type === kind.type && s.name === kind.name);
      seals.push(found ?? (await createSeal(home, pkcs11, registry, { name: kind.name, type: kind.type, organisation, token, keyLabel: `${organisation.uscc}${keyTag}-${kind.type}` }, async () => undefined)));
    }
  }
  return seals;
}
