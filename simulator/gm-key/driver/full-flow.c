/*
 * The whole life of a simulated GM key through its function list, as a C program: the
 * AddressSanitizer test runs it against the ASan build of the module (a node process would need
 * libasan preloaded). Exits 0 when every step answered as expected, else names the step.
 *   full-flow <module.so>   (SEALDESK_GMKEY_DIR and SEALDESK_GMKEY_VENDOR set)
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <p11-kit/pkcs11.h>

static CK_FUNCTION_LIST_PTR p11;

#define EXPECT(call, want)                                                                  \
  do {                                                                                      \
    CK_RV rv_ = (call);                                                                     \
    if (rv_ != (CK_RV)(want)) {                                                             \
      fprintf(stderr, "step failed: %s -> 0x%lx, expected 0x%lx\n", #call, rv_, (CK_RV)(want)); \
      exit(1);                                                                              \
    }                                                                                       \
  } while (0)

static CK_OBJECT_HANDLE find_one(CK_SESSION_HANDLE s, CK_OBJECT_CLASS cls) {
  CK_ATTRIBUTE t[] = {{CKA_CLASS, &cls, sizeof(cls)}};
  CK_OBJECT_HANDLE found[4];
  CK_ULONG n = 0;
  EXPECT(p11->C_FindObjectsInit(s, t, 1), CKR_OK);
  EXPECT(p11->C_FindObjects(s, found, 4, &n), CKR_OK);
  EXPECT(p11->C_FindObjectsFinal(s), CKR_OK);
  if (n != 1) {
    fprintf(stderr, "step failed: expected one object of class %lu, found %lu\n", cls, n);
    exit(1);
  }
  return found[0];
}

int main(int argc, char **argv) {
  if (argc != 2) return 2;
  void *lib = dlopen(argv[1], RTLD_NOW);
  if (!lib) {
    fprintf(stderr, "%s\n", dlerror());
    return 1;
  }
  CK_C_GetFunctionList get = (CK_C_GetFunctionList)dlsym(lib, "C_GetFunctionList");
  EXPECT(get(&p11), CKR_OK);
  EXPECT(p11->C_Initialize(NULL), CKR_OK);
  CK_INFO info;
  EXPECT(p11->C_GetInfo(&info), CKR_OK);
  CK_SLOT_ID slots[2];
  CK_ULONG count = 2;
  EXPECT(p11->C_GetSlotList(CK_TRUE, slots, &count), CKR_OK);
  CK_SLOT_ID slot = slots[0];
  CK_TOKEN_INFO token;
  EXPECT(p11->C_GetTokenInfo(slot, &token), CKR_OK);
  CK_UTF8CHAR label[32];
  memset(label, ' ', sizeof(label));
  memcpy(label, "asan", 4);
  EXPECT(p11->C_InitToken(slot, (CK_UTF8CHAR_PTR) "87654321", 8, label), CKR_OK);
  CK_MECHANISM_TYPE mechanisms[8];
  CK_ULONG mechanism_count = 8;
  EXPECT(p11->C_GetMechanismList(slot, mechanisms, &mechanism_count), CKR_OK);
  CK_MECHANISM_INFO mechanism_info;
  EXPECT(p11->C_GetMechanismInfo(slot, mechanisms[0], &mechanism_info), CKR_OK);
  EXPECT(p11->C_GetMechanismInfo(slot, 0x1041 /* CKM_ECDSA */, &mechanism_info), CKR_MECHANISM_INVALID);

  CK_SESSION_HANDLE s;
  EXPECT(p11->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &s), CKR_OK);
  EXPECT(p11->C_Login(s, CKU_SO, (CK_UTF8CHAR_PTR) "87654321", 8), CKR_OK);
  EXPECT(p11->C_InitPIN(s, (CK_UTF8CHAR_PTR) "246810", 6), CKR_OK);
  EXPECT(p11->C_Logout(s), CKR_OK);
  EXPECT(p11->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR) "000000", 6), CKR_PIN_INCORRECT);
  EXPECT(p11->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR) "246810", 6), CKR_OK);
  EXPECT(p11->C_SetPIN(s, (CK_UTF8CHAR_PTR) "246810", 6, (CK_UTF8CHAR_PTR) "135790", 6), CKR_OK);

  CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
  CK_BYTE id[] = {1, 2, 3};
  CK_ATTRIBUTE pub_t[] = {{CKA_TOKEN, &yes, 1}, {CKA_LABEL, "seal", 4}, {CKA_ID, id, 3}, {CKA_VERIFY, &yes, 1}};
  CK_ATTRIBUTE priv_t[] = {{CKA_TOKEN, &yes, 1}, {CKA_LABEL, "seal", 4}, {CKA_ID, id, 3},
                           {CKA_SIGN, &yes, 1},  {CKA_SENSITIVE, &yes, 1}, {CKA_EXTRACTABLE, &no, 1}};
  CK_MECHANISM keygen = {mechanisms[0], NULL, 0};
  CK_OBJECT_HANDLE pub, priv;
  EXPECT(p11->C_GenerateKeyPair(s, &keygen, pub_t, 4, priv_t, 6, &pub, &priv), CKR_OK);
  CK_BYTE point[80];
  CK_ATTRIBUTE point_a = {CKA_EC_POINT, point, sizeof(point)};
  EXPECT(p11->C_GetAttributeValue(s, pub, &point_a, 1), CKR_OK);
  CK_BYTE secret[64];
  CK_ATTRIBUTE value_a = {CKA_VALUE, secret, sizeof(secret)};
  EXPECT(p11->C_GetAttributeValue(s, priv, &value_a, 1), CKR_ATTRIBUTE_SENSITIVE);
  CK_ATTRIBUTE extractable = {CKA_EXTRACTABLE, &yes, 1};
  EXPECT(p11->C_SetAttributeValue(s, priv, &extractable, 1), CKR_ATTRIBUTE_READ_ONLY);

  CK_BYTE message[100], sig[80];
  memset(message, 0x5a, sizeof(message));
  for (CK_ULONG i = 1; i < mechanism_count; i++) {
    CK_MECHANISM m = {mechanisms[i], NULL, 0};
    CK_ULONG sig_len = sizeof(sig);
    EXPECT(p11->C_SignInit(s, &m, priv), CKR_OK);
    /* a digest mechanism wants 32 bytes; a message one takes any: 32 bytes serve both */
    EXPECT(p11->C_Sign(s, message, 32, sig, &sig_len), CKR_OK);
    EXPECT(p11->C_SignInit(s, &m, priv), CKR_OK);
    EXPECT(p11->C_SignUpdate(s, message, 16), CKR_OK);
    EXPECT(p11->C_SignUpdate(s, message + 16, 16), CKR_OK);
    sig_len = sizeof(sig);
    EXPECT(p11->C_SignFinal(s, sig, &sig_len), CKR_OK);
  }
  CK_MECHANISM ecdsa = {0x1041, NULL, 0};
  EXPECT(p11->C_SignInit(s, &ecdsa, priv), CKR_MECHANISM_INVALID);

  CK_OBJECT_CLASS cert_class = CKO_CERTIFICATE;
  CK_BYTE der[300];
  memset(der, 0x30, sizeof(der));
  CK_ATTRIBUTE cert_t[] = {{CKA_CLASS, &cert_class, sizeof(cert_class)}, {CKA_TOKEN, &yes, 1},
                           {CKA_VALUE, der, sizeof(der)},                 {CKA_LABEL, "seal", 4},
                           {CKA_ID, id, 3}};
  CK_OBJECT_HANDLE cert;
  EXPECT(p11->C_CreateObject(s, cert_t, 5, &cert), CKR_OK);
  CK_ATTRIBUTE relabel = {CKA_LABEL, "seal-2", 6};
  EXPECT(p11->C_SetAttributeValue(s, cert, &relabel, 1), CKR_OK);
  CK_BYTE random[48];
  EXPECT(p11->C_GenerateRandom(s, random, sizeof(random)), CKR_OK);
  EXPECT(p11->C_Logout(s), CKR_OK);
  EXPECT(p11->C_CloseSession(s), CKR_OK);
  EXPECT(p11->C_Finalize(NULL), CKR_OK);

  /* the key keeps what it was given: a second life sees the same objects and PIN */
  EXPECT(p11->C_Initialize(NULL), CKR_OK);
  EXPECT(p11->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &s), CKR_OK);
  EXPECT(p11->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR) "135790", 6), CKR_OK);
  priv = find_one(s, CKO_PRIVATE_KEY);
  cert = find_one(s, CKO_CERTIFICATE);
  EXPECT(p11->C_DestroyObject(s, cert), CKR_OK);
  CK_MECHANISM m = {mechanisms[1], NULL, 0};
  CK_ULONG sig_len = sizeof(sig);
  EXPECT(p11->C_SignInit(s, &m, priv), CKR_OK);
  EXPECT(p11->C_Sign(s, message, 32, sig, &sig_len), CKR_OK);
  EXPECT(p11->C_Finalize(NULL), CKR_OK);
  dlclose(lib);
  puts("full flow ok");
  return 0;
}
