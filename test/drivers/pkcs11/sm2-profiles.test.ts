import { describe, expect, it } from 'vitest';
import { isSealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { SM2_PROFILES, sm2ProfileFor } from '../../../drivers/pkcs11/sm2-profiles.js';

const CKV = 0x80000000;

describe('SM2 vendor profiles', () => {
  it('ships numberings that differ in what matters: key type, mechanisms, hashing side, encoding', () => {
    expect(SM2_PROFILES.map((p) => p.id)).toEqual(['sansec', 'tass', 'luna']);
    const byId = Object.fromEntries(SM2_PROFILES.map((p) => [p.id, p]));
    expect(byId.sansec).toMatchObject({ keyType: CKV + 4, keyPairGenMechanism: CKV + 0x8001, signMechanism: CKV + 0x8105, hashing: 'host', signatureEncoding: 'raw' });
    expect(byId.tass).toMatchObject({ keyType: CKV + 4, keyPairGenMechanism: CKV + 0x8001, signMechanism: CKV + 0x8100, hashing: 'token', signatureEncoding: 'der' });
    expect(byId.luna).toMatchObject({ keyType: CKV + 0x16, keyPairGenMechanism: CKV + 0xb20, signMechanism: CKV + 0xb22, hashing: 'token', signatureEncoding: 'raw' });
    for (const p of SM2_PROFILES) {
      expect(p.userId).toBe('1234567812345678');
      expect(p.source).toMatch(/xipki\/ipkcs11wrapper/);
      expect(p.ecParams?.toString('hex')).toBe('06082a811ccf5501822d');
    }
  });

  it("chooses by the token's manufacturer, as the simulated key reports it and as the vendors write it", () => {
    expect(sm2ProfileFor({ manufacturer: 'Sansec (sealdesk simulated)', model: 'GM-KEY-SIM' }).id).toBe('sansec');
    expect(sm2ProfileFor({ manufacturer: 'TASS (sealdesk simulated)', model: 'GM-KEY-SIM' }).id).toBe('tass');
    expect(sm2ProfileFor({ manufacturer: 'SafeNet (sealdesk simulated)', model: 'GM-KEY-SIM' }).id).toBe('luna');
    expect(sm2ProfileFor({ manufacturer: 'Safenet, Inc.', model: 'LunaSA' }).id).toBe('luna');
    expect(sm2ProfileFor({ manufacturer: '三未信安', model: '' }).id).toBe('sansec');
  });

  it('takes the configured profile over what the token says', () => {
    expect(sm2ProfileFor({ manufacturer: 'Sansec (sealdesk simulated)', model: '' }, 'luna').id).toBe('luna');
    expect(sm2ProfileFor({ manufacturer: 'Some Vendor Co.', model: 'K3' }, 'tass').id).toBe('tass');
  });

  it('refuses a module it has no numbers for with SM2_PROFILE_MISSING, in both languages', () => {
    const unknown = (): unknown => sm2ProfileFor({ manufacturer: 'SoftHSM project', model: 'SoftHSM v2' });
    expect(unknown).toThrow();
    let error: unknown;
    try {
      unknown();
    } catch (e) {
      error = e;
    }
    expect(isSealdeskError(error, 'SM2_PROFILE_MISSING')).toBe(true);
    if (!isSealdeskError(error)) return;
    expect(error.status).toBe(422);
    expect(error.messageEn).toBe(
      'The SM2 numbering of the USB key (SoftHSM project SoftHSM v2) is unknown: sealdesk has no national-algorithm profile for its vendor (known: sansec, tass, luna); name one in token.sm2Profile.',
    );
    expect(error.messageZh).toBe('Ukey（SoftHSM project SoftHSM v2）的 SM2 算法编号未知：sealdesk 没有该厂商的国密配置（已有：sansec, tass, luna），请在配置中指定 token.sm2Profile。');
  });

  it('refuses a configured id it does not know, rather than guessing from the token', () => {
    expect(() => sm2ProfileFor({ manufacturer: 'Sansec (sealdesk simulated)', model: '' }, 'feitian')).toThrow(/unknown: sealdesk has no national-algorithm profile/);
  });
});
