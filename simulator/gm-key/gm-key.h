/*
 * The simulated GM USB key: a PKCS#11 v2.40 module whose SM2/SM3 come from OpenSSL 3's libcrypto.
 * Shared declarations of its parts: the vendor numbering (vendors.c), the SM2 operations
 * (sm2-ops.c), the token's objects (objects.c), its persistence (store.c) and the entry points
 * (gm-key.c). Written for sealdesk's tests; it shares no code with the appliance's host-side SM2.
 */
#ifndef SEALDESK_GM_KEY_H
#define SEALDESK_GM_KEY_H

#include <stddef.h>
#include <p11-kit/pkcs11.h>

/* ---- vendor numbering (vendors.c) ---- */

enum gk_input { GK_INPUT_DIGEST, GK_INPUT_MESSAGE };
enum gk_encoding { GK_RAW, GK_DER };

typedef struct {
  CK_MECHANISM_TYPE mechanism;
  enum gk_input input;       /* the 32-byte e = SM3(Z||M), or M itself (the key hashes with the ID) */
  enum gk_encoding encoding; /* r||s (64 bytes) or DER SM2Signature */
} gk_sign_mechanism;

typedef struct {
  const char *id;
  const char *manufacturer; /* CK_TOKEN_INFO.manufacturerID: what sealdesk's profile matches */
  const char *model;
  CK_KEY_TYPE key_type;
  CK_MECHANISM_TYPE keygen;
  const gk_sign_mechanism *sign;
  size_t sign_count;
} gk_vendor;

const gk_vendor *gk_vendor_by_id(const char *id);
const gk_sign_mechanism *gk_vendor_sign(const gk_vendor *vendor, CK_MECHANISM_TYPE mechanism);

/* ---- SM2 over OpenSSL (sm2-ops.c) ---- */

#define GK_SCALAR 32
#define GK_POINT 65 /* 04 || x || y */
#define GK_SIG_MAX 72

/* A new key pair: d (32 bytes) and the uncompressed point. 0 on success. */
int gk_sm2_generate(unsigned char d[GK_SCALAR], unsigned char point[GK_POINT]);
/* Signs the 32-byte digest e, or the message with GM/T 0009's default ID (the key hashes). */
int gk_sm2_sign(const unsigned char d[GK_SCALAR], const unsigned char point[GK_POINT], enum gk_input input,
                enum gk_encoding encoding, const unsigned char *data, size_t len, unsigned char *sig, size_t *sig_len);
/* SM3 of a PIN: the token keeps no PIN in the clear. */
int gk_sm3(const unsigned char *data, size_t len, unsigned char out[32]);
int gk_random(unsigned char *out, size_t len);

/* ---- objects (objects.c) ---- */

typedef struct {
  CK_ATTRIBUTE_TYPE type;
  CK_ULONG len;
  unsigned char *bytes;
} gk_attr;

typedef struct {
  CK_OBJECT_HANDLE handle;
  CK_SESSION_HANDLE session; /* 0: a token object; else the session that owns it */
  gk_attr *attrs;
  size_t attr_count;
  /* a private key's scalar and point: never an attribute, never read out */
  int has_secret;
  unsigned char d[GK_SCALAR];
  unsigned char point[GK_POINT];
} gk_object;

gk_attr *gk_attr_find(gk_object *object, CK_ATTRIBUTE_TYPE type);
int gk_attr_set(gk_object *object, CK_ATTRIBUTE_TYPE type, const void *bytes, CK_ULONG len);
int gk_attr_set_bool(gk_object *object, CK_ATTRIBUTE_TYPE type, CK_BBOOL flag);
int gk_attr_set_ulong(gk_object *object, CK_ATTRIBUTE_TYPE type, CK_ULONG number);
int gk_attr_bool(gk_object *object, CK_ATTRIBUTE_TYPE type, int fallback);
CK_ULONG gk_attr_ulong(gk_object *object, CK_ATTRIBUTE_TYPE type, CK_ULONG fallback);
void gk_object_clear(gk_object *object);
/* Does the object carry every attribute of the template, byte for byte? */
int gk_object_matches(gk_object *object, const CK_ATTRIBUTE *template, CK_ULONG count);

/* ---- the token and its persistence (store.c) ---- */

typedef struct {
  int initialized;
  char label[32];
  unsigned char so_pin[32];
  unsigned char user_pin[32];
  int user_pin_set;
  CK_ULONG so_tries;   /* tries left */
  CK_ULONG user_tries; /* tries left */
  CK_ULONG user_failed; /* a wrong PIN since the last right one: CKF_USER_PIN_COUNT_LOW */
  CK_ULONG so_failed;
  CK_OBJECT_HANDLE next_handle;
  char serial[16];
  gk_object *objects;
  size_t object_count;
} gk_token;

int gk_store_load(const char *dir, gk_token *token);
int gk_store_save(const char *dir, const gk_token *token);
void gk_token_clear(gk_token *token);

#endif
