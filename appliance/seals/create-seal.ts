import type { Pkcs11 } from '../../drivers/pkcs11/pkcs11.js';
import type { Token } from '../../drivers/pkcs11/token.js';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { issueSealCertificate } from '../ca/ca-issue.js';
import { loadCa } from '../ca/ca-store.js';
import { importSealPng } from './image/import-png.js';
import { renderSealPng } from './image/render.js';
import type { SealShape } from './image/spec.js';
import { checkNewSeal } from './registry/new-seal.js';
import type { SealRegistry } from './registry/seal-registry.js';
import type { Seal, SealFormat, SealType } from './seal.js';
import { checkGbt38540Seal, makeGbt38540Seal } from './gbt38540-seal.js';
import { newSealId } from './registry/seal-registry.js';
import { parseUscc } from '../directory/uscc.js';

export interface CreateSealParameters {
  name: string;
  type: SealType;
  organisation: { name: string; uscc: string };
  /** The seal's token, logged in. */
  token: Token;
  /** An existing key on the token; otherwise a key of `keyType` is generated under `keyLabel` (default: the seal name). */
  existingKey?: string;
  keyLabel?: string;
  /** The generated key: EC P-256 (default) or SM2 on a GM key. */
  keyType?: 'ec-p256' | 'sm2';
  /** A certificate (and its issuers) from an external CA; otherwise the dev CA issues one. */
  certificateChain?: Buffer[];
  /** An imported PNG; otherwise the seal image is generated. */
  imagePng?: Buffer;
  shape?: SealShape;
  /** Text of a square name seal (法定代表人章): the person's name. */
  holder?: string;
  code?: string;
  eku?: 'none' | 'documentSigning';
  days?: number;
  /** 'gbt38540': also make the seal's GB/T 38540 SESeal, signed by the dev CA as seal maker (SM2 keys only). */
  format?: SealFormat;
}

/** The usual shape of each seal type: finance seals are oval, personal seals square, the rest round. */
export function defaultShape(type: SealType): SealShape {
  if (type === 'legal-representative') return 'square';
  if (type === 'finance') return 'oval';
  return 'round';
}

/**
 * The whole of `seal create`: key on the token, certificate (dev CA or external), image
 * (generated or imported), stored in the registry. Checks that can fail without touching the
 * token come first, so a bad USCC or image leaves no stray key behind.
 */
export async function createSeal(
  home: string,
  pkcs11: Pkcs11,
  registry: SealRegistry,
  p: CreateSealParameters,
  loginCaToken: (token: Token) => Promise<void>,
): Promise<Seal> {
  const uscc = parseUscc(p.organisation.uscc).code;
  if (p.certificateChain && !p.existingKey) {
    throw new SealdeskError('USAGE', { reason: 'a certificate from another CA belongs to an existing key: name it with --key', reasonZh: '其他 CA 签发的证书须对应已有的密钥，请用 --key 指定' });
  }
  const image = p.imagePng
    ? importSealPng(p.imagePng).png
    : renderSealPng({
        shape: p.shape ?? defaultShape(p.type),
        organisation: (p.shape ?? defaultShape(p.type)) === 'square' ? (p.holder ?? p.name) : p.organisation.name,
        name: p.type === 'official' ? '' : p.name,
        ...(p.code ? { code: p.code } : {}),
      });
  const gbt38540 = p.format === 'gbt38540';
  if (!p.certificateChain || gbt38540) loadCa(home); // CA_NOT_INITIALIZED before a key is made
  const keyLabel = p.existingKey ?? p.keyLabel ?? p.name;
  registry.assertNew(uscc, p.name, p.token.serial, keyLabel);
  // ESEAL_NEEDS_SM2 before a key is generated or a certificate issued
  if (gbt38540) await checkGbt38540Seal(home, p.token, { ...(p.existingKey ? { existing: p.existingKey } : {}), ...(p.keyType ? { keyType: p.keyType } : {}) });
  if (!p.existingKey) await p.token.generateKey(p.keyType ?? 'ec-p256', keyLabel);
  const loggedInCaToken = async (): Promise<Token> => {
    const caToken = pkcs11.token({ serial: loadCa(home).state.token.serial });
    if (!caToken.isLoggedIn) await loginCaToken(caToken);
    return caToken;
  };
  let chain = p.certificateChain;
  if (!chain) {
    const { root } = loadCa(home);
    const caToken = await loggedInCaToken();
    const { spki } = await p.token.publicKey(keyLabel);
    const certificate = await issueSealCertificate(home, caToken, {
      spki,
      organisation: p.organisation.name,
      uscc,
      sealName: p.name,
      ...(p.eku ? { eku: p.eku } : {}),
      ...(p.days ? { days: p.days } : {}),
    });
    chain = [certificate, root];
  }
  // on the token beside its key, so any PKCS#11 application sees the seal identity; refuses a certificate for another key
  await p.token.importCertificate(keyLabel, chain[0] as Buffer);
  const checked = checkNewSeal({
    name: p.name,
    type: p.type,
    organisation: { name: p.organisation.name, uscc },
    key: { tokenSerial: p.token.serial, tokenLabel: p.token.label, keyLabel },
    certificateChain: chain,
    image: { png: image, source: p.imagePng ? 'imported' : 'generated' },
    ...(p.code ? { code: p.code } : {}),
  });
  if (!gbt38540) return registry.create(checked);
  // the SESeal names the seal by its id (esID, when it has no code): the id is chosen first
  const id = newSealId();
  const eseal = await makeGbt38540Seal(
    home,
    await loggedInCaToken(),
    { id, code: checked.code ?? null, type: checked.type, name: checked.name, certificateChain: checked.certificateChain, notBefore: checked.notBefore.toISOString(), notAfter: checked.notAfter.toISOString() },
    checked.image.png,
  );
  return registry.create({ ...checked, gbt38540: { id, eseal } });
}
