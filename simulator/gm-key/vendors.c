/*
 * The vendor numberings the simulated key can speak, chosen at C_Initialize by
 * SEALDESK_GMKEY_VENDOR. The numbers are those of the vendors' public PKCS#11 headers (see
 * docs/decisions.md); the manufacturer strings are what sealdesk's profiles match.
 */
#include <string.h>
#include "gm-key.h"

#define CKV 0x80000000UL /* CKM_VENDOR_DEFINED = CKK_VENDOR_DEFINED */

/* Sansec: SM2 over a host-computed e (with and without DER), and SM3-with-SM2 with the default ID. */
static const gk_sign_mechanism sansec_sign[] = {
    {CKV + 0x8104, GK_INPUT_DIGEST, GK_DER},  /* CKM_SM2_SIGN */
    {CKV + 0x8105, GK_INPUT_DIGEST, GK_RAW},  /* CKM_SM2_SIGN_NO_DER */
    {CKV + 0x8102, GK_INPUT_MESSAGE, GK_RAW}, /* CKM_SM3_SM2_Z (APPID1) */
    {CKV + 0x8103, GK_INPUT_MESSAGE, GK_DER}, /* CKM_SM3_SM2_Z_DER (APPID1_DER) */
};

/* TASS: the same base, SM3-with-SM2 on the key, signatures in X9.62 (DER) form. */
static const gk_sign_mechanism tass_sign[] = {
    {CKV + 0x8100, GK_INPUT_MESSAGE, GK_DER}, /* CKM_SM3_SM2 */
};

/* SafeNet / Thales Luna: its own numbers; SM2DSA over a digest, SM3-SM2DSA over the message, r||s. */
static const gk_sign_mechanism luna_sign[] = {
    {CKV + 0x0B21, GK_INPUT_DIGEST, GK_RAW},  /* CKM_SM2DSA */
    {CKV + 0x0B22, GK_INPUT_MESSAGE, GK_RAW}, /* CKM_SM3_SM2DSA */
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const gk_vendor vendors[] = {
    {"sansec", "Sansec (sealdesk simulated)", "GM-KEY-SIM", CKV + 4, CKV + 0x8001, sansec_sign, COUNT(sansec_sign)},
    {"tass", "TASS (sealdesk simulated)", "GM-KEY-SIM", CKV + 4, CKV + 0x8001, tass_sign, COUNT(tass_sign)},
    {"luna", "SafeNet (sealdesk simulated)", "GM-KEY-SIM", CKV + 0x16, CKV + 0x0B20, luna_sign, COUNT(luna_sign)},
};

const gk_vendor *gk_vendor_by_id(const char *id) {
  for (size_t i = 0; i < COUNT(vendors); i++)
    if (strcmp(vendors[i].id, id) == 0) return &vendors[i];
  return NULL;
}

const gk_sign_mechanism *gk_vendor_sign(const gk_vendor *vendor, CK_MECHANISM_TYPE mechanism) {
  for (size_t i = 0; i < vendor->sign_count; i++)
    if (vendor->sign[i].mechanism == mechanism) return &vendor->sign[i];
  return NULL;
}
