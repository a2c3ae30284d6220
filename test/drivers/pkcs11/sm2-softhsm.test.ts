/**
 * SoftHSM has no SM2: it makes an EC key on the SM2 curve but signs plain ECDSA with it. sealdesk
 * must never pass that off as an SM2 signature: such a key is listed as sm2, and signing or
 * generating SM2 there is SM2_PROFILE_MISSING (no vendor profile fits SoftHSM).
 */
import pkcs11js from 'pkcs11js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenSigner } from '../../../drivers/pkcs11/seal-signer.js';
import type { Token } from '../../../drivers/pkcs11/token.js';
import { failure } from '../../helpers/failure.js';
import { openTokenFixture, USER_PIN, type TokenFixture } from '../../helpers/softhsm.js';

let fixture: TokenFixture;
let token: Token;

beforeAll(async () => {
  fixture = await openTokenFixture(['sm2-soft']);
  token = fixture.pkcs11.token({ label: 'sm2-soft' });
  await token.login(USER_PIN);
  // an EC key pair on the SM2 curve, made behind sealdesk's back through raw PKCS#11
  const lib = token.module.lib;
  const session = lib.C_OpenSession(token.slotId, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
  const common = [
    { type: pkcs11js.CKA_TOKEN, value: true },
    { type: pkcs11js.CKA_LABEL, value: 'ec-on-sm2' },
    { type: pkcs11js.CKA_ID, value: Buffer.from('ec-on-sm2') },
  ];
  lib.C_GenerateKeyPair(
    session,
    { mechanism: pkcs11js.CKM_EC_KEY_PAIR_GEN },
    [...common, { type: pkcs11js.CKA_EC_PARAMS, value: Buffer.from('06082a811ccf5501822d', 'hex') }, { type: pkcs11js.CKA_VERIFY, value: true }],
    [...common, { type: pkcs11js.CKA_PRIVATE, value: true }, { type: pkcs11js.CKA_SENSITIVE, value: true }, { type: pkcs11js.CKA_SIGN, value: true }],
  );
  lib.C_CloseSession(session);
}, 60_000);
afterAll(async () => fixture?.close());

describe('SM2 on a token without an SM2 profile (SoftHSM)', () => {
  it('lists an EC key on the SM2 curve as sm2, and signing with it is SM2_PROFILE_MISSING, not an ECDSA signature', async () => {
    const key = (await token.keys()).find((k) => k.label === 'ec-on-sm2');
    expect(key).toMatchObject({ type: 'sm2', algorithm: 'sm2' });
    const signer = await tokenSigner(token, 'ec-on-sm2');
    expect(signer.algorithm.id).toBe('sm2-sm3');
    const error = await failure(signer.sign(Buffer.from('申请材料')));
    expect(error.code).toBe('SM2_PROFILE_MISSING');
    expect(error.messageZh).toContain('SoftHSM');
    // and ECDSA is refused for it: the key is SM2, whatever the module would do
    expect((await failure(tokenSigner(token, 'ec-on-sm2', { algorithm: 'ecdsa-sha256' }))).code).toBe('MECHANISM_UNSUPPORTED');
  });

  it('token keygen --type sm2 there is SM2_PROFILE_MISSING before the token is asked for anything', async () => {
    expect((await failure(token.generateKey('sm2', 'never'))).code).toBe('SM2_PROFILE_MISSING');
    expect((await token.keys()).some((k) => k.label === 'never')).toBe(false);
  });
});
