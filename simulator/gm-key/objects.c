/* A token object: a list of attributes (and, for a private key, a secret that is no attribute). */
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include "gm-key.h"

gk_attr *gk_attr_find(gk_object *object, CK_ATTRIBUTE_TYPE type) {
  for (size_t i = 0; i < object->attr_count; i++)
    if (object->attrs[i].type == type) return &object->attrs[i];
  return NULL;
}

int gk_attr_set(gk_object *object, CK_ATTRIBUTE_TYPE type, const void *bytes, CK_ULONG len) {
  unsigned char *copy = malloc(len ? len : 1);
  gk_attr *existing = gk_attr_find(object, type);
  if (!copy) return -1;
  if (len) memcpy(copy, bytes, len);
  if (existing) {
    free(existing->bytes);
    existing->bytes = copy;
    existing->len = len;
    return 0;
  }
  gk_attr *grown = realloc(object->attrs, (object->attr_count + 1) * sizeof(gk_attr));
  if (!grown) {
    free(copy);
    return -1;
  }
  object->attrs = grown;
  object->attrs[object->attr_count++] = (gk_attr){type, len, copy};
  return 0;
}

int gk_attr_set_bool(gk_object *object, CK_ATTRIBUTE_TYPE type, CK_BBOOL flag) {
  return gk_attr_set(object, type, &flag, sizeof(flag));
}

int gk_attr_set_ulong(gk_object *object, CK_ATTRIBUTE_TYPE type, CK_ULONG number) {
  return gk_attr_set(object, type, &number, sizeof(number));
}

int gk_attr_bool(gk_object *object, CK_ATTRIBUTE_TYPE type, int fallback) {
  gk_attr *attr = gk_attr_find(object, type);
  return attr && attr->len == sizeof(CK_BBOOL) ? attr->bytes[0] != 0 : fallback;
}

CK_ULONG gk_attr_ulong(gk_object *object, CK_ATTRIBUTE_TYPE type, CK_ULONG fallback) {
  gk_attr *attr = gk_attr_find(object, type);
  CK_ULONG number = fallback;
  if (attr && attr->len == sizeof(CK_ULONG)) memcpy(&number, attr->bytes, sizeof(number));
  return number;
}

void gk_object_clear(gk_object *object) {
  for (size_t i = 0; i < object->attr_count; i++) free(object->attrs[i].bytes);
  free(object->attrs);
  OPENSSL_cleanse(object->d, sizeof(object->d));
  memset(object, 0, sizeof(*object));
}

int gk_object_matches(gk_object *object, const CK_ATTRIBUTE *template, CK_ULONG count) {
  for (CK_ULONG i = 0; i < count; i++) {
    gk_attr *attr = gk_attr_find(object, template[i].type);
    if (!attr || attr->len != template[i].ulValueLen) return 0;
    if (attr->len && memcmp(attr->bytes, template[i].pValue, attr->len) != 0) return 0;
  }
  return 1;
}
