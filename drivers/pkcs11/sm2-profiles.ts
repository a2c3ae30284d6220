import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { DEFAULT_SM2_ID } from './sm2.js';

/**
 * How one vendor's GM USB key exposes SM2 through PKCS#11. PKCS#11 has no SM2: every vendor
 * numbers its key type and mechanisms from CKK_/CKM_VENDOR_DEFINED, and they differ, so the
 * numbers, where the SM3 hashing happens and the signature's encoding are data per vendor, chosen
 * by the module's token info (or named in configuration), never guessed.
 */
export interface Sm2Profile {
  /** Short, stable: what configuration names (`token.sm2Profile`). */
  readonly id: string;
  /** The vendor and product line, as an administrator knows it. */
  readonly vendor: string;
  /** Where the numbers come from (the vendor's public PKCS#11 header): docs/decisions.md cites it. */
  readonly source: string;
  /** Chosen for a token whose CK_TOKEN_INFO manufacturerID / model match (both when both given). */
  readonly matches: { readonly manufacturer?: RegExp; readonly model?: RegExp };
  /** CKA_KEY_TYPE of SM2 keys (a CKK_VENDOR_DEFINED number, or CKK_EC on modules that reuse it). */
  readonly keyType: number;
  /** CKM_ of C_GenerateKeyPair for an SM2 key pair. */
  readonly keyPairGenMechanism: number;
  /**
   * `host`: sealdesk computes e = SM3(Z ‖ M) (Z from the ID and the public key, GM/T 0003.2) and the
   * key signs e with `signMechanism`; `token`: the key is given M and hashes with the ID itself.
   */
  readonly hashing: 'host' | 'token';
  readonly signMechanism: number;
  /** The distinguishing ID the key (or sealdesk, for `host`) puts into Z; GM/T 0009's default 1234567812345678. */
  readonly userId: string;
  /** What C_Sign returns: r‖s (64 bytes) or DER SM2Signature (SEQUENCE { r, s }). */
  readonly signatureEncoding: 'raw' | 'der';
  /** CKA_EC_PARAMS the key pair template carries, when the module wants one (the SM2 curve's OID, DER). */
  readonly ecParams?: Buffer;
}

/** CKK_VENDOR_DEFINED = CKM_VENDOR_DEFINED: every vendor numbers SM2 from here. */
const VENDOR_DEFINED = 0x80000000;
/** DER of the SM2 curve's OID 1.2.156.10197.1.301, the CKA_EC_PARAMS of an SM2 key. */
const SM2_EC_PARAMS = Buffer.from('06082a811ccf5501822d', 'hex');
/** Where the numbers were read: xipki's table of vendors' PKCS#11 constants (docs/decisions.md). */
const XIPKI_VENDOR_CONF = 'xipki/ipkcs11wrapper src/main/resources/org/xipki/pkcs11/wrapper/vendor.conf';

/**
 * The profiles sealdesk ships (see docs/decisions.md for their sources). Three numberings that
 * differ where it matters: Sansec signs a host-computed e and answers r‖s; TASS hashes with the
 * default ID on the key and answers DER; Luna has numbers of its own, hashes on the key, answers r‖s.
 */
export const SM2_PROFILES: readonly Sm2Profile[] = [
  {
    id: 'sansec',
    vendor: 'Sansec (三未信安) GM keys and HSMs',
    source: `${XIPKI_VENDOR_CONF} ("SANSEC HSM" block); Sansec's swpkcs11.h (CKM_SM2 = CKM_VENDOR_DEFINED + 0x8000)`,
    matches: { manufacturer: /sansec|三未/i },
    keyType: VENDOR_DEFINED + 0x4, // CKK_SM2
    keyPairGenMechanism: VENDOR_DEFINED + 0x8001, // CKM_SM2_KEY_PAIR_GEN
    hashing: 'host',
    signMechanism: VENDOR_DEFINED + 0x8105, // CKM_SM2_SIGN_NO_DER: e in, r‖s out
    userId: DEFAULT_SM2_ID,
    signatureEncoding: 'raw',
    ecParams: SM2_EC_PARAMS,
  },
  {
    id: 'tass',
    vendor: 'TASS (江南天安) GM keys and HSMs',
    source: `${XIPKI_VENDOR_CONF} ("TASS HSM" block, behaviour SM2_SIGNATURE_X962)`,
    matches: { manufacturer: /\btass\b|天安/i },
    keyType: VENDOR_DEFINED + 0x4, // CKK_SM2
    keyPairGenMechanism: VENDOR_DEFINED + 0x8001, // CKM_SM2_KEY_PAIR_GEN
    hashing: 'token',
    signMechanism: VENDOR_DEFINED + 0x8100, // CKM_SM3_SM2: M in, DER (X9.62) out
    userId: DEFAULT_SM2_ID,
    signatureEncoding: 'der',
    ecParams: SM2_EC_PARAMS,
  },
  {
    id: 'luna',
    vendor: 'SafeNet / Thales Luna HSMs',
    source: `${XIPKI_VENDOR_CONF} ("Safenet Luna HSM" block, from Luna's cryptoki_v2.h)`,
    matches: { manufacturer: /safenet|thales/i },
    keyType: VENDOR_DEFINED + 0x16, // CKK_SM2
    keyPairGenMechanism: VENDOR_DEFINED + 0xb20, // CKM_SM2_KEY_PAIR_GEN
    hashing: 'token',
    signMechanism: VENDOR_DEFINED + 0xb22, // CKM_SM3_SM2DSA: M in, r‖s out
    userId: DEFAULT_SM2_ID,
    signatureEncoding: 'raw',
    ecParams: SM2_EC_PARAMS,
  },
];

export interface TokenIdentity {
  readonly manufacturer: string;
  readonly model: string;
}

/**
 * The SM2 profile of a token: the configured one by id, else the first whose match fits the
 * token's info; SM2_PROFILE_MISSING when none (an SM2 key on a module sealdesk has no numbers for).
 */
export function sm2ProfileFor(token: TokenIdentity, configured?: string, profiles: readonly Sm2Profile[] = SM2_PROFILES): Sm2Profile {
  const fits = (p: Sm2Profile) =>
    configured
      ? p.id === configured
      : Boolean(p.matches.manufacturer || p.matches.model) && (!p.matches.manufacturer || p.matches.manufacturer.test(token.manufacturer)) && (!p.matches.model || p.matches.model.test(token.model));
  const found = profiles.find(fits);
  if (!found) throw new SealdeskError('SM2_PROFILE_MISSING', { token: `${token.manufacturer} ${token.model}`.trim(), profiles: profiles.map((p) => p.id).join(', ') || '—' });
  return found;
}

/**
 * The profile with the configured distinguishing ID (`token.sm2Id`). Only a key that leaves the
 * hashing to sealdesk can take another ID: a key that hashes M itself puts its own ID into Z, so
 * a non-default ID there is SM2_ID_UNSUPPORTED rather than signatures no one could check.
 */
export function withSm2Id(profile: Sm2Profile, sm2Id: string | undefined): Sm2Profile {
  if (sm2Id === undefined || sm2Id === profile.userId) return profile;
  if (profile.hashing !== 'host') throw new SealdeskError('SM2_ID_UNSUPPORTED', { profile: profile.id, id: sm2Id });
  return { ...profile, userId: sm2Id };
}
