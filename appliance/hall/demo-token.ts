import type { SoftHsm } from '../../simulator/softhsm/softhsm.js';

/** The parts of a hall that each hold their keys on a token of their own. */
export type DemoTokenRole = 'ca' | 'chain' | 'kiosk' | 'counter';

export interface DemoToken {
  label: string;
  soPin: string;
  pin: string;
}

/**
 * The demo hall's USB keys, one per role, and their PINs: printed by `npm start`, for trying the
 * pages. A lock of one (five wrong PINs at the counter) stops that one only: the kiosk still
 * stamps, the chain still anchors, the CA still signs its CRL.
 */
export const DEMO_TOKENS: Readonly<Record<DemoTokenRole, DemoToken>> = {
  counter: { label: 'sealdesk-counter', soPin: '12345678', pin: '123456' },
  kiosk: { label: 'sealdesk-kiosk', soPin: '23456789', pin: '234567' },
  chain: { label: 'sealdesk-chain', soPin: '34567890', pin: '345678' },
  ca: { label: 'sealdesk-ca', soPin: '45678901', pin: '456789' },
};

/** The one token an earlier sealdesk put every key on. */
export const LEGACY_DEMO_TOKEN: DemoToken = { label: 'sealdesk-demo', soPin: '12345678', pin: '123456' };

export interface DemoTokenLayout {
  /** legacy: a SEALDESK_HOME made before the per-role layout, every role on LEGACY_DEMO_TOKEN. */
  kind: 'per-role' | 'legacy';
  tokens: Readonly<Record<DemoTokenRole, DemoToken>>;
}

/**
 * The demo tokens on the hall's own SoftHSM (under SEALDESK_HOME/softhsm): made on the first
 * start, found again on the next. A home from before the per-role layout keeps its one token
 * (keys never leave a token, so they cannot be moved): it starts as it was. SoftHSM lists tokens
 * made after C_Initialize only to a new process, so this runs before the PKCS#11 layer opens.
 */
export async function ensureDemoTokens(hsm: SoftHsm): Promise<DemoTokenLayout> {
  // made by an earlier start (this SoftHsm instance only knows the tokens it made itself)
  const labels = await hsm.labels();
  if (labels.includes(LEGACY_DEMO_TOKEN.label)) {
    return { kind: 'legacy', tokens: { counter: LEGACY_DEMO_TOKEN, kiosk: LEGACY_DEMO_TOKEN, chain: LEGACY_DEMO_TOKEN, ca: LEGACY_DEMO_TOKEN } };
  }
  for (const token of Object.values(DEMO_TOKENS)) if (!labels.includes(token.label)) await hsm.initToken(token.label, token.soPin, token.pin);
  return { kind: 'per-role', tokens: DEMO_TOKENS };
}
