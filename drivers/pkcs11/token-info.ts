import pkcs11js from 'pkcs11js';

/** What C_GetTokenInfo says about a token, with its flags spelled out. */
export interface TokenInfo {
  label: string;
  serial: string;
  manufacturer: string;
  model: string;
  flags: TokenFlags;
  minPinLen: number;
  maxPinLen: number;
  /** Bytes, or null where the token does not report it (CK_UNAVAILABLE_INFORMATION). */
  freePublicMemory: number | null;
  freePrivateMemory: number | null;
  totalPublicMemory: number | null;
  totalPrivateMemory: number | null;
}

export interface TokenFlags {
  initialized: boolean;
  loginRequired: boolean;
  userPinInitialized: boolean;
  writeProtected: boolean;
  userPinCountLow: boolean;
  userPinFinalTry: boolean;
  userPinLocked: boolean;
  userPinToBeChanged: boolean;
  soPinCountLow: boolean;
  soPinFinalTry: boolean;
  soPinLocked: boolean;
  protectedAuthenticationPath: boolean;
}

export function decodeTokenFlags(flags: number): TokenFlags {
  const has = (bit: number) => (flags & bit) !== 0;
  return {
    initialized: has(pkcs11js.CKF_TOKEN_INITIALIZED),
    loginRequired: has(pkcs11js.CKF_LOGIN_REQUIRED),
    userPinInitialized: has(pkcs11js.CKF_USER_PIN_INITIALIZED),
    writeProtected: has(pkcs11js.CKF_WRITE_PROTECTED),
    userPinCountLow: has(pkcs11js.CKF_USER_PIN_COUNT_LOW),
    userPinFinalTry: has(pkcs11js.CKF_USER_PIN_FINAL_TRY),
    userPinLocked: has(pkcs11js.CKF_USER_PIN_LOCKED),
    userPinToBeChanged: has(pkcs11js.CKF_USER_PIN_TO_BE_CHANGED),
    soPinCountLow: has(pkcs11js.CKF_SO_PIN_COUNT_LOW),
    soPinFinalTry: has(pkcs11js.CKF_SO_PIN_FINAL_TRY),
    soPinLocked: has(pkcs11js.CKF_SO_PIN_LOCKED),
    protectedAuthenticationPath: has(pkcs11js.CKF_PROTECTED_AUTHENTICATION_PATH),
  };
}

// CK_UNAVAILABLE_INFORMATION is ~0 in a CK_ULONG; pkcs11js hands it over as a number or bigint.
function memory(value: unknown): number | null {
  const n = typeof value === 'bigint' ? value : BigInt(Number(value));
  if (n >= 0xffffffffn) return null;
  return Number(n);
}

// Blank padded per the standard; some writers pad with NULs.
const unpad = (s: string) => s.replace(/[\s\0]+$/, '');

export function readTokenInfo(lib: pkcs11js.PKCS11, slotId: Buffer): TokenInfo {
  const info = lib.C_GetTokenInfo(slotId);
  return {
    label: unpad(info.label),
    serial: unpad(info.serialNumber),
    manufacturer: unpad(info.manufacturerID),
    model: unpad(info.model),
    flags: decodeTokenFlags(info.flags),
    minPinLen: info.minPinLen,
    maxPinLen: info.maxPinLen,
    freePublicMemory: memory(info.freePublicMemory),
    freePrivateMemory: memory(info.freePrivateMemory),
    totalPublicMemory: memory(info.totalPublicMemory),
    totalPrivateMemory: memory(info.totalPrivateMemory),
  };
}
