import type { KeyType } from 'graphene-pk11';
import { Module as GrapheneModule, ObjectClass, SessionFlag, UserType } from 'graphene-pk11';
import pkcs11js from 'pkcs11js';
import { afterAll, describe, expect, it } from 'vitest';
import { SM2_PROFILES, sm2ProfileFor, type Sm2Profile } from '../../../drivers/pkcs11/sm2-profiles.js';
import { sm2Digest, sm2Verify } from '../../../drivers/pkcs11/sm2.js';
import { GM_KEY_MANUFACTURERS, startGmKey, type GmKey, type GmKeyVendor } from '../../../simulator/gm-key/gm-key.js';
import { GM_USER_PIN, generateSm2, initGmToken, opensslSm2Verify, pointOf } from '../../helpers/gm-key.js';

const keys: GmKey[] = [];
afterAll(async () => {
  for (const key of keys) await key.close();
});

/** The simulated key in the given numbering, loaded through pkcs11js as any vendor module. */
async function load(vendor: GmKeyVendor): Promise<{ key: GmKey; lib: pkcs11js.PKCS11 }> {
  const key = await startGmKey({ vendor });
  keys.push(key);
  key.useInProcess();
  const lib = new pkcs11js.PKCS11();
  lib.load(key.modulePath);
  lib.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
  return { key, lib };
}

/** What the key is given under the profile: e = SM3(Z ‖ M) when the host hashes, else M. */
function signedInput(profile: Sm2Profile, message: Buffer, point: Buffer): Buffer {
  return profile.hashing === 'host' ? sm2Digest(message, point, profile.userId) : message;
}

function flipBit(bytes: Buffer, index: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[index]! ^= 0x01;
  return copy;
}

describe.each(SM2_PROFILES.map((p) => [p.id, p] as const))('the simulated GM key in the %s numbering', (id, profile) => {
  it('is recognised by its manufacturer, makes an SM2 key on the key, and signs what OpenSSL and sealdesk verify', async () => {
    const { lib } = await load(id as GmKeyVendor);
    try {
      const { slot, session } = initGmToken(lib);
      const info = lib.C_GetTokenInfo(slot);
      expect(info.manufacturerID.trim()).toBe(GM_KEY_MANUFACTURERS[id as GmKeyVendor]);
      expect(sm2ProfileFor({ manufacturer: info.manufacturerID.trim(), model: info.model.trim() }).id).toBe(id);
      expect(lib.C_GetMechanismList(slot)).toEqual(expect.arrayContaining([profile.keyPairGenMechanism, profile.signMechanism]));

      const { privateKey, publicKey, point } = generateSm2(lib, session, profile);
      const [params, keyType] = lib.C_GetAttributeValue(session, publicKey, [{ type: pkcs11js.CKA_EC_PARAMS }, { type: pkcs11js.CKA_KEY_TYPE }]);
      expect((params!.value as Buffer).toString('hex')).toBe('06082a811ccf5501822d'); // 1.2.156.10197.1.301
      expect((keyType!.value as Buffer).readUInt32LE(0)).toBe(profile.keyType);

      const message = Buffer.from(`盖章 ${id}: one document, one seal`);
      lib.C_SignInit(session, { mechanism: profile.signMechanism }, privateKey);
      const signature = lib.C_Sign(session, signedInput(profile, message, point), Buffer.alloc(128));
      if (profile.signatureEncoding === 'raw') expect(signature.length).toBe(64);
      else expect(signature[0]).toBe(0x30);

      expect(await opensslSm2Verify(message, signature, point)).toBe(true);
      expect(sm2Verify(message, signature, point, profile.userId)).toBe(true);
      // one bit of the message, or of the signature, and neither verifier accepts it
      const forged = flipBit(message, 3);
      expect(await opensslSm2Verify(forged, signature, point)).toBe(false);
      expect(sm2Verify(forged, signature, point)).toBe(false);
      const bent = flipBit(signature, signature.length - 5);
      expect(await opensslSm2Verify(message, bent, point)).toBe(false);
      expect(sm2Verify(message, bent, point)).toBe(false);

      // on a libuv worker thread, as the appliance signs
      lib.C_SignInit(session, { mechanism: profile.signMechanism }, privateKey);
      const async = await lib.C_SignAsync(session, signedInput(profile, message, point), Buffer.alloc(128));
      expect(sm2Verify(message, async, point)).toBe(true);
      expect(async.equals(signature)).toBe(false); // SM2 signs with a fresh k each time
    } finally {
      lib.C_Finalize();
      lib.close();
    }
  });
});

describe('the simulated GM key through graphene-pk11', () => {
  it('loads, lists its token, logs in, generates and signs as the appliance does', async () => {
    const key = await startGmKey({ vendor: 'tass' });
    keys.push(key);
    key.useInProcess();
    const profile = SM2_PROFILES.find((p) => p.id === 'tass')!;
    const module = GrapheneModule.load(key.modulePath, 'gm-key');
    module.initialize();
    try {
      const { session: raw } = initGmToken(module.lib);
      module.lib.C_CloseSession(raw);
      const slot = module.getSlots(true).items(0);
      expect(slot.getToken().manufacturerID.trim()).toBe('TASS (sealdesk simulated)');
      expect(slot.getToken().label.trim()).toBe('gm-seal');
      const session = slot.open(SessionFlag.SERIAL_SESSION | SessionFlag.RW_SESSION);
      session.login(GM_USER_PIN, UserType.USER);
      const pair = session.generateKeyPair(
        profile.keyPairGenMechanism as never,
        { token: true, label: 'graphene', id: Buffer.from('g1'), keyType: profile.keyType as KeyType, verify: true, paramsEC: profile.ecParams },
        { token: true, label: 'graphene', id: Buffer.from('g1'), keyType: profile.keyType as KeyType, private: true, sign: true, sensitive: true, extractable: false },
      );
      const point = pointOf(pair.publicKey.getAttribute({ pointEC: null }).pointEC as Buffer);
      expect(session.find({ class: ObjectClass.PRIVATE_KEY, label: 'graphene' }).length).toBe(1);
      const message = Buffer.from('graphene signs on the GM key');
      const signature = session.createSign(profile.signMechanism as never, pair.privateKey).once(message);
      expect(await opensslSm2Verify(message, signature, point)).toBe(true);
      expect(sm2Verify(message, signature, point)).toBe(true);
      session.logout();
      session.close();
    } finally {
      module.finalize();
      module.close();
    }
  });
});
