import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';

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

/** The profiles sealdesk ships (see docs/decisions.md for their sources). */
export const SM2_PROFILES: readonly Sm2Profile[] = [];

export interface TokenIdentity {
  readonly manufacturer: string;
  readonly model: string;
}

/**
 * The SM2 profile of a token: the configured one by id, else the first whose match fits the
 * token's info; SM2_PROFILE_MISSING when none (an SM2 key on a module sealdesk has no numbers for).
 */
export function sm2ProfileFor(token: TokenIdentity, configured?: string, profiles: readonly Sm2Profile[] = SM2_PROFILES): Sm2Profile {
  if (configured) {
    const named = profiles.find((p) => p.id === configured);
    if (!named) throw new SealdeskError('SM2_PROFILE_MISSING', { token: `${token.manufacturer} ${token.model}`.trim(), profiles: profiles.map((p) => p.id).join(', ') || '—' });
    return named;
  }
  const found = profiles.find(
    (p) => (p.matches.manufacturer || p.matches.model) && (!p.matches.manufacturer || p.matches.manufacturer.test(token.manufacturer)) && (!p.matches.model || p.matches.model.test(token.model)),
  );
  if (!found) throw new SealdeskError('SM2_PROFILE_MISSING', { token: `${token.manufacturer} ${token.model}`.trim(), profiles: profiles.map((p) => p.id).join(', ') || '—' });
  return found;
}
