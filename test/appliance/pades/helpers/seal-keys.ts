import type { KeyType } from '../../../../drivers/pkcs11/key-types.js';
import type { Token } from '../../../../drivers/pkcs11/token.js';
import type { DevCa } from './dev-ca.js';

export interface SealKey {
  label: string;
  certificate: Buffer;
  certificatePemPath: string;
}

const SUBJECT = (label: string): string => `CN=行政审批专用章 ${label}, O=杭州市西湖区行政审批局, organizationIdentifier=11330106002489018X, C=CN`;

/** A key made on the token and certified by the test CA through the token's own CSR. */
export async function makeSealKey(token: Token, ca: DevCa, type: KeyType, label: string): Promise<SealKey> {
  await token.generateKey(type, label);
  const { der, pemPath } = await ca.issue(await token.certificateRequest(label, SUBJECT(label)), label);
  return { label, certificate: der, certificatePemPath: pemPath };
}
