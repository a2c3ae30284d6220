/*
 * SM2 and SM3 through OpenSSL 3's EVP interface: key pairs on the SM2 curve, SM2 signatures over
 * a given e or over M with GM/T 0009's default distinguishing ID (EVP_PKEY_CTX_set1_id).
 */
#include <string.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>
#include "gm-key.h"

static const char DEFAULT_ID[] = "1234567812345678";

int gk_sm2_generate(unsigned char d[GK_SCALAR], unsigned char point[GK_POINT]) {
  EVP_PKEY *pkey = EVP_PKEY_Q_keygen(NULL, NULL, "SM2");
  BIGNUM *priv = NULL;
  size_t len = 0;
  int rc = -1;
  if (!pkey) return -1;
  if (EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_PRIV_KEY, &priv) != 1) goto done;
  if (BN_bn2binpad(priv, d, GK_SCALAR) != GK_SCALAR) goto done;
  if (EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_PUB_KEY, point, GK_POINT, &len) != 1 || len != GK_POINT) goto done;
  rc = 0;
done:
  BN_clear_free(priv);
  EVP_PKEY_free(pkey);
  return rc;
}

/* The EVP_PKEY of a stored key pair. */
static EVP_PKEY *load_key(const unsigned char d[GK_SCALAR], const unsigned char point[GK_POINT]) {
  EVP_PKEY *pkey = NULL;
  EVP_PKEY_CTX *ctx = NULL;
  OSSL_PARAM_BLD *build = OSSL_PARAM_BLD_new();
  OSSL_PARAM *params = NULL;
  BIGNUM *priv = BN_bin2bn(d, GK_SCALAR, NULL);
  if (!build || !priv) goto done;
  if (!OSSL_PARAM_BLD_push_utf8_string(build, OSSL_PKEY_PARAM_GROUP_NAME, "SM2", 0) ||
      !OSSL_PARAM_BLD_push_BN(build, OSSL_PKEY_PARAM_PRIV_KEY, priv) ||
      !OSSL_PARAM_BLD_push_octet_string(build, OSSL_PKEY_PARAM_PUB_KEY, point, GK_POINT))
    goto done;
  params = OSSL_PARAM_BLD_to_param(build);
  ctx = EVP_PKEY_CTX_new_from_name(NULL, "SM2", NULL);
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) != 1) goto done;
  if (EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_KEYPAIR, params) != 1) pkey = NULL;
done:
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(build);
  BN_clear_free(priv);
  return pkey;
}

/* DER SM2Signature -> r||s. */
static int der_to_raw(const unsigned char *der, size_t len, unsigned char raw[64]) {
  const unsigned char *p = der;
  ECDSA_SIG *sig = d2i_ECDSA_SIG(NULL, &p, (long)len);
  const BIGNUM *r = NULL, *s = NULL;
  int rc = -1;
  if (!sig) return -1;
  ECDSA_SIG_get0(sig, &r, &s);
  if (BN_bn2binpad(r, raw, 32) == 32 && BN_bn2binpad(s, raw + 32, 32) == 32) rc = 0;
  ECDSA_SIG_free(sig);
  return rc;
}

int gk_sm2_sign(const unsigned char d[GK_SCALAR], const unsigned char point[GK_POINT], enum gk_input input,
                enum gk_encoding encoding, const unsigned char *data, size_t len, unsigned char *sig, size_t *sig_len) {
  unsigned char der[GK_SIG_MAX + 8];
  size_t der_len = sizeof(der);
  EVP_PKEY *pkey = load_key(d, point);
  EVP_PKEY_CTX *pctx = NULL;
  EVP_MD_CTX *mctx = NULL;
  int rc = -1;
  if (!pkey) return -1;
  pctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
  if (!pctx) goto done;
  if (input == GK_INPUT_DIGEST) {
    /* e is given: the key signs it as it is (GM/T 0003.2 steps A3-A7) */
    if (len != 32 || EVP_PKEY_sign_init(pctx) != 1 || EVP_PKEY_sign(pctx, der, &der_len, data, len) != 1) goto done;
  } else {
    /* M is given: e = SM3(Z || M) with the default ID, all on the key */
    mctx = EVP_MD_CTX_new();
    if (!mctx || EVP_PKEY_CTX_set1_id(pctx, DEFAULT_ID, sizeof(DEFAULT_ID) - 1) != 1) goto done;
    EVP_MD_CTX_set_pkey_ctx(mctx, pctx);
    if (EVP_DigestSignInit(mctx, NULL, EVP_sm3(), NULL, pkey) != 1) goto done;
    if (EVP_DigestSign(mctx, der, &der_len, data, len) != 1) goto done;
  }
  if (encoding == GK_DER) {
    if (*sig_len < der_len) goto done;
    memcpy(sig, der, der_len);
    *sig_len = der_len;
  } else {
    if (*sig_len < 64 || der_to_raw(der, der_len, sig) != 0) goto done;
    *sig_len = 64;
  }
  rc = 0;
done:
  EVP_MD_CTX_free(mctx);
  EVP_PKEY_CTX_free(pctx);
  EVP_PKEY_free(pkey);
  return rc;
}

int gk_sm3(const unsigned char *data, size_t len, unsigned char out[32]) {
  unsigned int out_len = 0;
  return EVP_Digest(data, len, out, &out_len, EVP_sm3(), NULL) == 1 && out_len == 32 ? 0 : -1;
}

int gk_random(unsigned char *out, size_t len) {
  return RAND_bytes(out, (int)len) == 1 ? 0 : -1;
}
