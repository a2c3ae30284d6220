import type { SoftHsm } from '../../simulator/softhsm/softhsm.js';

/** The demo hall's USB key stand-in, and its PINs: printed by `npm start`, for trying the pages. */
export const DEMO_TOKEN = { label: 'sealdesk-demo', soPin: '12345678', pin: '123456' } as const;

/**
 * The demo token on the hall's own SoftHSM (under SEALDESK_HOME/softhsm): made on the first
 * start, found again on the next. SoftHSM lists tokens made after C_Initialize only to a new
 * process, so this runs before the PKCS#11 layer opens.
 */
export async function ensureDemoToken(hsm: SoftHsm): Promise<void> {
  // made by an earlier start (this SoftHsm instance only knows the tokens it made itself)
  if ((await hsm.labels()).includes(DEMO_TOKEN.label)) return;
  await hsm.initToken(DEMO_TOKEN.label, DEMO_TOKEN.soPin, DEMO_TOKEN.pin);
}
