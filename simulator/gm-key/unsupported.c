/*
 * What the simulated GM key does not do answers as a real key's module would: cleanly, with
 * CKR_FUNCTION_NOT_SUPPORTED (or CKR_MECHANISM_INVALID for a mechanism it lacks), never a crash.
 * And the function list every caller starts from.
 */
#include "gm-key.h"

#define UNUSED(x) (void)(x)

CK_RV C_GetOperationState(CK_SESSION_HANDLE h, CK_BYTE_PTR p, CK_ULONG_PTR l) {
  UNUSED(h); UNUSED(p); UNUSED(l);
  return CKR_FUNCTION_NOT_SUPPORTED;
}
CK_RV C_SetOperationState(CK_SESSION_HANDLE h, CK_BYTE_PTR p, CK_ULONG l, CK_OBJECT_HANDLE e, CK_OBJECT_HANDLE a) {
  UNUSED(h); UNUSED(p); UNUSED(l); UNUSED(e); UNUSED(a);
  return CKR_FUNCTION_NOT_SUPPORTED;
}
CK_RV C_CopyObject(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE o, CK_ATTRIBUTE_PTR t, CK_ULONG n, CK_OBJECT_HANDLE_PTR p) {
  UNUSED(h); UNUSED(o); UNUSED(t); UNUSED(n); UNUSED(p);
  return CKR_FUNCTION_NOT_SUPPORTED;
}
CK_RV C_GetObjectSize(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE o, CK_ULONG_PTR l) {
  UNUSED(h); UNUSED(o); UNUSED(l);
  return CKR_FUNCTION_NOT_SUPPORTED;
}
CK_RV C_EncryptInit(CK_SESSION_HANDLE h, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k) {
  UNUSED(h); UNUSED(m); UNUSED(k);
  return CKR_MECHANISM_INVALID;
}
CK_RV C_Encrypt(CK_SESSION_HANDLE h, CK_BYTE_PTR d, CK_ULONG l, CK_BYTE_PTR o, CK_ULONG_PTR ol) {
  UNUSED(h); UNUSED(d); UNUSED(l); UNUSED(o); UNUSED(ol);
  return CKR_OPERATION_NOT_INITIALIZED;
}
CK_RV C_EncryptUpdate(CK_SESSION_HANDLE h, CK_BYTE_PTR d, CK_ULONG l, CK_BYTE_PTR o, CK_ULONG_PTR ol) {
  UNUSED(h); UNUSED(d); UNUSED(l); UNUSED(o); UNUSED(ol);
  return CKR_OPERATION_NOT_INITIALIZED;
}
CK_RV C_EncryptFinal(CK_SESSION_HANDLE h, CK_BYTE_PTR o, CK_ULONG_PTR ol) {
  UNUSED(h); UNUSED(o); UNUSED(ol);
  return CKR_OPERATION_NOT_INITIALIZED;
}
CK_RV C_DecryptInit(CK_SESSION_HANDLE h, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k) {
  UNUSED(h); UNUSED(m); UNUSED(k);
  return CKR_MECHANISM_INVALID;
}
CK_RV C_Decrypt(CK_SESSION_HANDLE h, CK_BYTE_PTR d, CK_ULONG l, CK_BYTE_PTR o, CK_ULONG_PTR ol) {
  UNUSED(h); UNUSED(d); UNUSED(l); UNUSED(o); UNUSED(ol);
  return CKR_OPERATION_NOT_INITIALIZED;
}
CK_RV C_DecryptUpdate(CK_SESSION_HANDLE h, CK_BYTE_PTR d, CK_ULONG l, CK_BYTE_PTR o, CK_ULONG_PTR ol) {
  UNUSED(h); UNUSED(d); UNUSED(l); UNUSED(o); UNUSED(ol);
  return CKR_OPERATION_NOT_INITIALIZED;
}
CK_RV C_DecryptFinal(CK_SESSION_HANDLE h, CK_BYTE_PTR o, CK_ULONG_PTR ol) {
  UNUSED(h); UNUSED(o); UNUSED(ol);
  return CKR_OPERATION_NOT_INITIALIZED;
}
CK_RV C_DigestInit(CK_SESSION_HANDLE h, CK_MECHANISM_PTR m) {
  UNUSED(h); UNUSED(m);
  return CKR_MECHANISM_INVALID;
}
CK_RV C_Digest(CK_SESSION_HANDLE h, CK_BYTE_PTR d, CK_ULONG l, CK_BYTE_PTR o, CK_ULONG_PTR ol) {
  UNUSED(h); UNUSED(d); UNUSED(l); UNUSED(o); UNUSED(ol);
  return CKR_OPERATION_NOT_INITIALIZED;
}
CK_RV C_DigestUpdate(CK_SESSION_HANDLE h, CK_BYTE_PTR d, CK_ULONG l) {
  UNUSED(h); UNUSED(d); UNUSED(l);
  return CKR_OPERATION_NOT_INITIALIZED;
}
CK_RV C_DigestKey(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE k) {
  UNUSED(h); UNUSED(k);
  return CKR_OPERATION_NOT_INITIALIZED;
}
CK_RV C_DigestFinal(CK_SESSION_HANDLE h, CK_BYTE_PTR o, CK_ULONG_PTR ol) {
  UNUSED(h); UNUSED(o); UNUSED(ol);
  return CKR_OPERATION_NOT_INITIALIZED;
}
CK_RV C_SignRecoverInit(CK_SESSION_HANDLE h, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k) {
  UNUSED(h); UNUSED(m); UNUSED(k);
  return CKR_MECHANISM_INVALID;
}
CK_RV C_SignRecover(CK_SESSION_HANDLE h, CK_BYTE_PTR d, CK_ULONG l, CK_BYTE_PTR o, CK_ULONG_PTR ol) {
  UNUSED(h); UNUSED(d); UNUSED(l); UNUSED(o); UNUSED(ol);
  return CKR_OPERATION_NOT_INITIALIZED;
}
CK_RV C_VerifyInit(CK_SESSION_HANDLE h, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k) {
  UNUSED(h); UNUSED(m); UNUSED(k);
  return CKR_FUNCTION_NOT_SUPPORTED; /* sealdesk verifies on the host */
}
CK_RV C_Verify(CK_SESSION_HANDLE h, CK_BYTE_PTR d, CK_ULONG l, CK_BYTE_PTR s, CK_ULONG sl) {
  UNUSED(h); UNUSED(d); UNUSED(l); UNUSED(s); UNUSED(sl);
  return CKR_FUNCTION_NOT_SUPPORTED;
}
CK_RV C_VerifyUpdate(CK_SESSION_HANDLE h, CK_BYTE_PTR d, CK_ULONG l) {
  UNUSED(h); UNUSED(d); UNUSED(l);
  return CKR_FUNCTION_NOT_SUPPORTED;
}
CK_RV C_VerifyFinal(CK_SESSION_HANDLE h, CK_BYTE_PTR s, CK_ULONG sl) {
  UNUSED(h); UNUSED(s); UNUSED(sl);
  return CKR_FUNCTION_NOT_SUPPORTED;
}
CK_RV C_VerifyRecoverInit(CK_SESSION_HANDLE h, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k) {
  UNUSED(h); UNUSED(m); UNUSED(k);
  return CKR_FUNCTION_NOT_SUPPORTED;
}
CK_RV C_VerifyRecover(CK_SESSION_HANDLE h, CK_BYTE_PTR s, CK_ULONG sl, CK_BYTE_PTR d, CK_ULONG_PTR dl) {
  UNUSED(h); UNUSED(s); UNUSED(sl); UNUSED(d); UNUSED(dl);
  return CKR_FUNCTION_NOT_SUPPORTED;
}
CK_RV C_DigestEncryptUpdate(CK_SESSION_HANDLE h, CK_BYTE_PTR d, CK_ULONG l, CK_BYTE_PTR o, CK_ULONG_PTR ol) {
  UNUSED(h); UNUSED(d); UNUSED(l); UNUSED(o); UNUSED(ol);
  return CKR_FUNCTION_NOT_SUPPORTED;
}
CK_RV C_DecryptDigestUpdate(CK_SESSION_HANDLE h, CK_BYTE_PTR d, CK_ULONG l, CK_BYTE_PTR o, CK_ULONG_PTR ol) {
  UNUSED(h); UNUSED(d); UNUSED(l); UNUSED(o); UNUSED(ol);
  return CKR_FUNCTION_NOT_SUPPORTED;
}
CK_RV C_SignEncryptUpdate(CK_SESSION_HANDLE h, CK_BYTE_PTR d, CK_ULONG l, CK_BYTE_PTR o, CK_ULONG_PTR ol) {
  UNUSED(h); UNUSED(d); UNUSED(l); UNUSED(o); UNUSED(ol);
  return CKR_FUNCTION_NOT_SUPPORTED;
}
CK_RV C_DecryptVerifyUpdate(CK_SESSION_HANDLE h, CK_BYTE_PTR d, CK_ULONG l, CK_BYTE_PTR o, CK_ULONG_PTR ol) {
  UNUSED(h); UNUSED(d); UNUSED(l); UNUSED(o); UNUSED(ol);
  return CKR_FUNCTION_NOT_SUPPORTED;
}
CK_RV C_GenerateKey(CK_SESSION_HANDLE h, CK_MECHANISM_PTR m, CK_ATTRIBUTE_PTR t, CK_ULONG n, CK_OBJECT_HANDLE_PTR k) {
  UNUSED(h); UNUSED(m); UNUSED(t); UNUSED(n); UNUSED(k);
  return CKR_MECHANISM_INVALID; /* no secret keys on this key */
}
CK_RV C_WrapKey(CK_SESSION_HANDLE h, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE w, CK_OBJECT_HANDLE k, CK_BYTE_PTR o,
                CK_ULONG_PTR ol) {
  UNUSED(h); UNUSED(m); UNUSED(w); UNUSED(k); UNUSED(o); UNUSED(ol);
  return CKR_MECHANISM_INVALID;
}
CK_RV C_UnwrapKey(CK_SESSION_HANDLE h, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE u, CK_BYTE_PTR w, CK_ULONG wl,
                  CK_ATTRIBUTE_PTR t, CK_ULONG n, CK_OBJECT_HANDLE_PTR k) {
  UNUSED(h); UNUSED(m); UNUSED(u); UNUSED(w); UNUSED(wl); UNUSED(t); UNUSED(n); UNUSED(k);
  return CKR_MECHANISM_INVALID;
}
CK_RV C_DeriveKey(CK_SESSION_HANDLE h, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE b, CK_ATTRIBUTE_PTR t, CK_ULONG n,
                  CK_OBJECT_HANDLE_PTR k) {
  UNUSED(h); UNUSED(m); UNUSED(b); UNUSED(t); UNUSED(n); UNUSED(k);
  return CKR_MECHANISM_INVALID;
}
CK_RV C_SeedRandom(CK_SESSION_HANDLE h, CK_BYTE_PTR s, CK_ULONG l) {
  UNUSED(h); UNUSED(s); UNUSED(l);
  return CKR_RANDOM_SEED_NOT_SUPPORTED;
}
CK_RV C_GetFunctionStatus(CK_SESSION_HANDLE h) {
  UNUSED(h);
  return CKR_FUNCTION_NOT_PARALLEL;
}
CK_RV C_CancelFunction(CK_SESSION_HANDLE h) {
  UNUSED(h);
  return CKR_FUNCTION_NOT_PARALLEL;
}

static CK_FUNCTION_LIST functions = {
    {2, 40},
    C_Initialize, C_Finalize, C_GetInfo, C_GetFunctionList, C_GetSlotList, C_GetSlotInfo, C_GetTokenInfo,
    C_GetMechanismList, C_GetMechanismInfo, C_InitToken, C_InitPIN, C_SetPIN, C_OpenSession, C_CloseSession,
    C_CloseAllSessions, C_GetSessionInfo, C_GetOperationState, C_SetOperationState, C_Login, C_Logout,
    C_CreateObject, C_CopyObject, C_DestroyObject, C_GetObjectSize, C_GetAttributeValue, C_SetAttributeValue,
    C_FindObjectsInit, C_FindObjects, C_FindObjectsFinal, C_EncryptInit, C_Encrypt, C_EncryptUpdate,
    C_EncryptFinal, C_DecryptInit, C_Decrypt, C_DecryptUpdate, C_DecryptFinal, C_DigestInit, C_Digest,
    C_DigestUpdate, C_DigestKey, C_DigestFinal, C_SignInit, C_Sign, C_SignUpdate, C_SignFinal, C_SignRecoverInit,
    C_SignRecover, C_VerifyInit, C_Verify, C_VerifyUpdate, C_VerifyFinal, C_VerifyRecoverInit, C_VerifyRecover,
    C_DigestEncryptUpdate, C_DecryptDigestUpdate, C_SignEncryptUpdate, C_DecryptVerifyUpdate, C_GenerateKey,
    C_GenerateKeyPair, C_WrapKey, C_UnwrapKey, C_DeriveKey, C_SeedRandom, C_GenerateRandom, C_GetFunctionStatus,
    C_CancelFunction, C_WaitForSlotEvent,
};

CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR ppFunctionList) {
  if (!ppFunctionList) return CKR_ARGUMENTS_BAD;
  *ppFunctionList = &functions;
  return CKR_OK;
}
