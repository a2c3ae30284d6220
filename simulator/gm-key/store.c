/*
 * The token's persistence: one file (token.bin) in the token directory, rewritten whole through
 * a temporary file and rename, so a key pulled mid-write keeps its former state (as flash does).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/crypto.h>
#include "gm-key.h"

static const char MAGIC[8] = "GMKEY01";

typedef struct {
  unsigned char *bytes;
  size_t len, cap;
  int failed;
} buffer;

static void put(buffer *b, const void *bytes, size_t len) {
  if (b->failed) return;
  if (b->len + len > b->cap) {
    size_t cap = (b->cap ? b->cap * 2 : 4096);
    while (cap < b->len + len) cap *= 2;
    unsigned char *grown = realloc(b->bytes, cap);
    if (!grown) {
      b->failed = 1;
      return;
    }
    b->bytes = grown;
    b->cap = cap;
  }
  memcpy(b->bytes + b->len, bytes, len);
  b->len += len;
}

static void put_u64(buffer *b, uint64_t n) { put(b, &n, sizeof(n)); }

typedef struct {
  const unsigned char *bytes;
  size_t len, at;
  int failed;
} reader;

static void get(reader *r, void *out, size_t len) {
  if (r->failed || len > r->len - r->at) {
    r->failed = 1;
    memset(out, 0, len);
    return;
  }
  memcpy(out, r->bytes + r->at, len);
  r->at += len;
}

static uint64_t get_u64(reader *r) {
  uint64_t n = 0;
  get(r, &n, sizeof(n));
  return n;
}

static char *path_in(const char *dir, const char *name) {
  size_t len = strlen(dir) + strlen(name) + 2;
  char *path = malloc(len);
  if (path) snprintf(path, len, "%s/%s", dir, name);
  return path;
}

void gk_token_clear(gk_token *token) {
  for (size_t i = 0; i < token->object_count; i++) gk_object_clear(&token->objects[i]);
  free(token->objects);
  OPENSSL_cleanse(token, sizeof(*token));
}

int gk_store_save(const char *dir, const gk_token *token) {
  buffer b = {0};
  size_t saved = 0;
  for (size_t i = 0; i < token->object_count; i++)
    if (token->objects[i].session == 0) saved++;
  put(&b, MAGIC, sizeof(MAGIC));
  put_u64(&b, (uint64_t)token->initialized);
  put(&b, token->label, sizeof(token->label));
  put(&b, token->so_pin, sizeof(token->so_pin));
  put(&b, token->user_pin, sizeof(token->user_pin));
  put_u64(&b, (uint64_t)token->user_pin_set);
  put_u64(&b, token->so_tries);
  put_u64(&b, token->user_tries);
  put_u64(&b, token->user_failed);
  put_u64(&b, token->so_failed);
  put_u64(&b, token->next_handle);
  put(&b, token->serial, sizeof(token->serial));
  put_u64(&b, saved);
  for (size_t i = 0; i < token->object_count; i++) {
    const gk_object *o = &token->objects[i];
    if (o->session != 0) continue; /* session objects end with their session */
    put_u64(&b, o->handle);
    put_u64(&b, (uint64_t)o->has_secret);
    put(&b, o->d, sizeof(o->d));
    put(&b, o->point, sizeof(o->point));
    put_u64(&b, o->attr_count);
    for (size_t j = 0; j < o->attr_count; j++) {
      put_u64(&b, o->attrs[j].type);
      put_u64(&b, o->attrs[j].len);
      put(&b, o->attrs[j].bytes, o->attrs[j].len);
    }
  }
  int rc = -1;
  char *path = path_in(dir, "token.bin"), *tmp = path_in(dir, "token.bin.tmp");
  if (!b.failed && path && tmp) {
    FILE *f = fopen(tmp, "wb");
    if (f) {
      int ok = fwrite(b.bytes, 1, b.len, f) == b.len;
      ok = fflush(f) == 0 && ok;
      ok = fsync(fileno(f)) == 0 && ok;
      ok = fclose(f) == 0 && ok;
      if (ok && rename(tmp, path) == 0) rc = 0;
    }
  }
  if (b.bytes) OPENSSL_cleanse(b.bytes, b.cap);
  free(b.bytes);
  free(path);
  free(tmp);
  return rc;
}

/* Loads the token; a directory without one holds a fresh, uninitialised key. -1 when unreadable. */
int gk_store_load(const char *dir, gk_token *token) {
  char *path = path_in(dir, "token.bin");
  FILE *f = path ? fopen(path, "rb") : NULL;
  unsigned char *bytes = NULL;
  long size = 0;
  memset(token, 0, sizeof(*token));
  free(path);
  if (!f) return errno == ENOENT ? 1 : -1;
  if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0) {
    bytes = malloc((size_t)size);
    if (bytes && fread(bytes, 1, (size_t)size, f) != (size_t)size) size = -1;
  }
  fclose(f);
  if (!bytes || size <= 0) {
    free(bytes);
    return -1;
  }
  reader r = {bytes, (size_t)size, 0, 0};
  char magic[8];
  get(&r, magic, sizeof(magic));
  if (memcmp(magic, MAGIC, sizeof(MAGIC)) != 0) r.failed = 1;
  token->initialized = (int)get_u64(&r);
  get(&r, token->label, sizeof(token->label));
  get(&r, token->so_pin, sizeof(token->so_pin));
  get(&r, token->user_pin, sizeof(token->user_pin));
  token->user_pin_set = (int)get_u64(&r);
  token->so_tries = get_u64(&r);
  token->user_tries = get_u64(&r);
  token->user_failed = get_u64(&r);
  token->so_failed = get_u64(&r);
  token->next_handle = get_u64(&r);
  get(&r, token->serial, sizeof(token->serial));
  uint64_t count = get_u64(&r);
  if (count > 100000) r.failed = 1;
  if (!r.failed && count) {
    token->objects = calloc(count, sizeof(gk_object));
    if (!token->objects) r.failed = 1;
  }
  for (uint64_t i = 0; !r.failed && i < count; i++) {
    gk_object *o = &token->objects[i];
    token->object_count++;
    o->handle = get_u64(&r);
    o->has_secret = (int)get_u64(&r);
    get(&r, o->d, sizeof(o->d));
    get(&r, o->point, sizeof(o->point));
    uint64_t attrs = get_u64(&r);
    for (uint64_t j = 0; !r.failed && j < attrs; j++) {
      CK_ATTRIBUTE_TYPE type = get_u64(&r);
      uint64_t len = get_u64(&r);
      if (len > r.len - r.at) {
        r.failed = 1;
        break;
      }
      if (gk_attr_set(o, type, r.bytes + r.at, (CK_ULONG)len) != 0) r.failed = 1;
      r.at += len;
    }
  }
  OPENSSL_cleanse(bytes, (size_t)size);
  free(bytes);
  if (r.failed) {
    gk_token_clear(token);
    return -1;
  }
  return 0;
}
