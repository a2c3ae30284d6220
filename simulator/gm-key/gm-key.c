/*
 * The simulated GM USB key's PKCS#11 entry points: one slot, one token kept in a directory
 * (SEALDESK_GMKEY_DIR), one vendor numbering (SEALDESK_GMKEY_VENDOR). Every entry point holds one
 * mutex: pkcs11js signs on libuv worker threads while the event loop makes other calls.
 * A file named `removed` in the token directory pulls the key: sessions die with
 * CKR_DEVICE_REMOVED and the slot reports no token until the file goes.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "gm-key.h"

#define SLOT 1
#define PIN_MIN 4
#define PIN_MAX 16
#define DEFAULT_TRIES 6

/* DER of the SM2 curve's OID 1.2.156.10197.1.301: CKA_EC_PARAMS of every SM2 key. */
static const unsigned char SM2_PARAMS[] = {0x06, 0x08, 0x2A, 0x81, 0x1C, 0xCF, 0x55, 0x01, 0x82, 0x2D};

typedef struct {
  CK_SESSION_HANDLE handle;
  CK_FLAGS flags;
  int finding;
  CK_OBJECT_HANDLE *found;
  size_t found_count, found_at;
  const gk_sign_mechanism *sign; /* an active signature, else NULL */
  CK_OBJECT_HANDLE sign_key;
  unsigned char *data; /* C_SignUpdate's message so far */
  size_t data_len;
} session_t;

enum login_state { LOGGED_OUT, LOGGED_USER, LOGGED_SO };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int initialized;
static char *dir;
static const gk_vendor *vendor;
static CK_ULONG max_tries = DEFAULT_TRIES;
static gk_token token;
static enum login_state login = LOGGED_OUT;
static session_t *sessions;
static size_t session_count;
static CK_SESSION_HANDLE next_session = 1;
static int last_present = 1;

/* ---------- helpers ---------- */

static int present(void) {
  char path[4096];
  snprintf(path, sizeof(path), "%s/removed", dir);
  return access(path, F_OK) != 0;
}

static void pad(unsigned char *field, size_t size, const char *text) {
  size_t len = strlen(text);
  memset(field, ' ', size);
  memcpy(field, text, len < size ? len : size);
}

static CK_RV save(void) {
  return gk_store_save(dir, &token) == 0 ? CKR_OK : CKR_DEVICE_ERROR;
}

/*
 * The PIN retry counters as the token directory holds them now. A real key keeps one counter for
 * every application; here each process loads the directory at C_Initialize, so another process's
 * tries (sealdesk's PIN check by C_Login in a child, drivers/pkcs11/pin-login.ts) are read back
 * before a counter is shown or moved, and before this process writes the token over them.
 */
static void sync_counters(void) {
  gk_token disk;
  if (gk_store_load(dir, &disk) == 0) {
    token.so_tries = disk.so_tries > max_tries ? max_tries : disk.so_tries;
    token.user_tries = disk.user_tries > max_tries ? max_tries : disk.user_tries;
    token.so_failed = disk.so_failed;
    token.user_failed = disk.user_failed;
  }
  gk_token_clear(&disk);
}

/* Saves the token after an object changed, keeping the counters other processes moved. */
static CK_RV save_objects(void) {
  sync_counters();
  return save();
}

static void end_session_ops(session_t *s) {
  free(s->found);
  free(s->data);
  s->found = NULL;
  s->data = NULL;
  s->found_count = s->found_at = s->data_len = 0;
  s->finding = 0;
  s->sign = NULL;
}

static void drop_session_objects(CK_SESSION_HANDLE handle) {
  size_t kept = 0;
  for (size_t i = 0; i < token.object_count; i++) {
    if (handle == 0 ? token.objects[i].session != 0 : token.objects[i].session == handle)
      gk_object_clear(&token.objects[i]);
    else
      token.objects[kept++] = token.objects[i];
  }
  token.object_count = kept;
}

static void close_all_sessions(void) {
  for (size_t i = 0; i < session_count; i++) end_session_ops(&sessions[i]);
  free(sessions);
  sessions = NULL;
  session_count = 0;
  drop_session_objects(0);
  login = LOGGED_OUT;
}

/* The session behind a handle; CKR_DEVICE_REMOVED (and every session gone) when the key was pulled. */
static CK_RV session_of(CK_SESSION_HANDLE handle, session_t **out) {
  if (!initialized) return CKR_CRYPTOKI_NOT_INITIALIZED;
  if (!present()) {
    close_all_sessions();
    return CKR_DEVICE_REMOVED;
  }
  for (size_t i = 0; i < session_count; i++)
    if (sessions[i].handle == handle) {
      *out = &sessions[i];
      return CKR_OK;
    }
  return CKR_SESSION_HANDLE_INVALID;
}

static int visible(gk_object *o) {
  return login == LOGGED_USER || !gk_attr_bool(o, CKA_PRIVATE, 0);
}

static gk_object *object_of(CK_OBJECT_HANDLE handle) {
  for (size_t i = 0; i < token.object_count; i++)
    if (token.objects[i].handle == handle) return visible(&token.objects[i]) ? &token.objects[i] : NULL;
  return NULL;
}

static gk_object *new_object(CK_SESSION_HANDLE owner) {
  gk_object *grown = realloc(token.objects, (token.object_count + 1) * sizeof(gk_object));
  if (!grown) return NULL;
  token.objects = grown;
  gk_object *o = &token.objects[token.object_count++];
  memset(o, 0, sizeof(*o));
  o->handle = token.next_handle++;
  o->session = owner;
  return o;
}

static void remove_object(CK_OBJECT_HANDLE handle) {
  for (size_t i = 0; i < token.object_count; i++)
    if (token.objects[i].handle == handle) {
      gk_object_clear(&token.objects[i]);
      token.objects[i] = token.objects[token.object_count - 1];
      token.object_count--;
      return;
    }
}

static int pin_matches(const unsigned char stored[32], const unsigned char *pin, CK_ULONG len) {
  unsigned char digest[32];
  if (gk_sm3(pin, len, digest) != 0) return 0;
  return memcmp(stored, digest, 32) == 0;
}

/*
 * Checks a PIN against its retry counter as hardware does: a wrong PIN costs a try, the try that
 * leaves none locks the PIN (CKR_PIN_LOCKED from then on, the right PIN included), a right one
 * restores every try. The counter is saved before the answer, so pulling the key cannot undo it.
 */
static CK_RV check_pin(const unsigned char stored[32], CK_ULONG *tries, CK_ULONG *failed, const unsigned char *pin,
                       CK_ULONG len) {
  sync_counters();
  if (*tries == 0) return CKR_PIN_LOCKED;
  if (!pin && len) return CKR_ARGUMENTS_BAD;
  if (pin_matches(stored, pin, len)) {
    if (*tries != max_tries || *failed) {
      *tries = max_tries;
      *failed = 0;
      return save();
    }
    return CKR_OK;
  }
  (*tries)--;
  *failed = 1;
  CK_RV rv = save();
  if (rv != CKR_OK) return rv;
  return *tries == 0 ? CKR_PIN_LOCKED : CKR_PIN_INCORRECT;
}

static CK_RV set_pin(unsigned char stored[32], const unsigned char *pin, CK_ULONG len) {
  if (!pin) return CKR_ARGUMENTS_BAD;
  if (len < PIN_MIN || len > PIN_MAX) return CKR_PIN_LEN_RANGE;
  return gk_sm3(pin, len, stored) == 0 ? CKR_OK : CKR_DEVICE_ERROR;
}

static CK_FLAGS pin_flags(CK_ULONG tries, CK_ULONG failed, CK_FLAGS low, CK_FLAGS final, CK_FLAGS locked) {
  if (tries == 0) return locked;
  return (tries == 1 ? final : 0) | (failed ? low : 0);
}

/* ---------- general ---------- */

CK_RV C_Initialize(CK_VOID_PTR pInitArgs) {
  pthread_mutex_lock(&lock);
  CK_RV rv = CKR_OK;
  CK_C_INITIALIZE_ARGS *args = pInitArgs;
  const char *env_dir = getenv("SEALDESK_GMKEY_DIR");
  const char *env_vendor = getenv("SEALDESK_GMKEY_VENDOR");
  const char *env_tries = getenv("SEALDESK_GMKEY_PIN_TRIES");
  if (initialized) {
    rv = CKR_CRYPTOKI_ALREADY_INITIALIZED;
    goto out;
  }
  if (args && args->pReserved) {
    rv = CKR_ARGUMENTS_BAD;
    goto out;
  }
  if (!env_dir || !*env_dir) {
    fprintf(stderr, "sealdesk gm-key: set SEALDESK_GMKEY_DIR to the token directory\n");
    rv = CKR_GENERAL_ERROR;
    goto out;
  }
  vendor = gk_vendor_by_id(env_vendor && *env_vendor ? env_vendor : "sansec");
  if (!vendor) {
    fprintf(stderr, "sealdesk gm-key: unknown SEALDESK_GMKEY_VENDOR '%s' (sansec, tass, luna)\n", env_vendor);
    rv = CKR_GENERAL_ERROR;
    goto out;
  }
  max_tries = env_tries && atoi(env_tries) > 0 ? (CK_ULONG)atoi(env_tries) : DEFAULT_TRIES;
  if (mkdir(env_dir, 0700) != 0 && errno != EEXIST) {
    rv = CKR_GENERAL_ERROR;
    goto out;
  }
  dir = strdup(env_dir);
  if (!dir) {
    rv = CKR_HOST_MEMORY;
    goto out;
  }
  int loaded = gk_store_load(dir, &token);
  if (loaded < 0) {
    fprintf(stderr, "sealdesk gm-key: %s/token.bin is unreadable\n", dir);
    free(dir);
    dir = NULL;
    rv = CKR_DEVICE_ERROR;
    goto out;
  }
  if (loaded == 1) {
    /* a fresh key from the factory: a serial of its own, every try, no token yet */
    unsigned char serial[8];
    gk_random(serial, sizeof(serial));
    for (int i = 0; i < 8; i++) snprintf(token.serial + 2 * i, 3, "%02X", serial[i]);
    token.next_handle = 1;
    token.so_tries = token.user_tries = max_tries;
    if (gk_store_save(dir, &token) != 0) {
      gk_token_clear(&token);
      free(dir);
      dir = NULL;
      rv = CKR_DEVICE_ERROR;
      goto out;
    }
  }
  if (token.so_tries > max_tries) token.so_tries = max_tries;
  if (token.user_tries > max_tries) token.user_tries = max_tries;
  login = LOGGED_OUT;
  last_present = present();
  initialized = 1;
out:
  pthread_mutex_unlock(&lock);
  return rv;
}

CK_RV C_Finalize(CK_VOID_PTR pReserved) {
  pthread_mutex_lock(&lock);
  CK_RV rv = CKR_OK;
  if (pReserved)
    rv = CKR_ARGUMENTS_BAD;
  else if (!initialized)
    rv = CKR_CRYPTOKI_NOT_INITIALIZED;
  else {
    close_all_sessions();
    gk_token_clear(&token);
    free(dir);
    dir = NULL;
    initialized = 0;
  }
  pthread_mutex_unlock(&lock);
  return rv;
}

CK_RV C_GetInfo(CK_INFO_PTR pInfo) {
  if (!pInfo) return CKR_ARGUMENTS_BAD;
  pthread_mutex_lock(&lock);
  CK_RV rv = initialized ? CKR_OK : CKR_CRYPTOKI_NOT_INITIALIZED;
  if (rv == CKR_OK) {
    memset(pInfo, 0, sizeof(*pInfo));
    pInfo->cryptokiVersion.major = 2;
    pInfo->cryptokiVersion.minor = 40;
    pad(pInfo->manufacturerID, sizeof(pInfo->manufacturerID), vendor->manufacturer);
    pad(pInfo->libraryDescription, sizeof(pInfo->libraryDescription), "sealdesk simulated GM USB key");
    pInfo->libraryVersion.major = 1;
  }
  pthread_mutex_unlock(&lock);
  return rv;
}

/* ---------- slots and tokens ---------- */

CK_RV C_GetSlotList(CK_BBOOL tokenPresent, CK_SLOT_ID_PTR pSlotList, CK_ULONG_PTR pulCount) {
  if (!pulCount) return CKR_ARGUMENTS_BAD;
  pthread_mutex_lock(&lock);
  CK_RV rv = initialized ? CKR_OK : CKR_CRYPTOKI_NOT_INITIALIZED;
  if (rv == CKR_OK) {
    CK_ULONG n = tokenPresent && !present() ? 0 : 1;
    if (pSlotList && *pulCount < n)
      rv = CKR_BUFFER_TOO_SMALL;
    else if (pSlotList && n)
      pSlotList[0] = SLOT;
    *pulCount = n;
  }
  pthread_mutex_unlock(&lock);
  return rv;
}

CK_RV C_GetSlotInfo(CK_SLOT_ID slotID, CK_SLOT_INFO_PTR pInfo) {
  if (!pInfo) return CKR_ARGUMENTS_BAD;
  pthread_mutex_lock(&lock);
  CK_RV rv = !initialized ? CKR_CRYPTOKI_NOT_INITIALIZED : slotID != SLOT ? CKR_SLOT_ID_INVALID : CKR_OK;
  if (rv == CKR_OK) {
    memset(pInfo, 0, sizeof(*pInfo));
    pad(pInfo->slotDescription, sizeof(pInfo->slotDescription), "sealdesk simulated GM USB key");
    pad(pInfo->manufacturerID, sizeof(pInfo->manufacturerID), vendor->manufacturer);
    pInfo->flags = CKF_REMOVABLE_DEVICE | CKF_HW_SLOT | (present() ? CKF_TOKEN_PRESENT : 0);
    pInfo->hardwareVersion.major = 1;
    pInfo->firmwareVersion.major = 1;
  }
  pthread_mutex_unlock(&lock);
  return rv;
}

CK_RV C_GetTokenInfo(CK_SLOT_ID slotID, CK_TOKEN_INFO_PTR pInfo) {
  if (!pInfo) return CKR_ARGUMENTS_BAD;
  pthread_mutex_lock(&lock);
  CK_RV rv = !initialized ? CKR_CRYPTOKI_NOT_INITIALIZED : slotID != SLOT ? CKR_SLOT_ID_INVALID : CKR_OK;
  if (rv == CKR_OK && !present()) {
    close_all_sessions();
    rv = CKR_TOKEN_NOT_PRESENT;
  }
  if (rv == CKR_OK) {
    sync_counters();
    memset(pInfo, 0, sizeof(*pInfo));
    memset(pInfo->label, ' ', sizeof(pInfo->label));
    if (token.initialized) memcpy(pInfo->label, token.label, sizeof(pInfo->label));
    pad(pInfo->manufacturerID, sizeof(pInfo->manufacturerID), vendor->manufacturer);
    pad(pInfo->model, sizeof(pInfo->model), vendor->model);
    pad(pInfo->serialNumber, sizeof(pInfo->serialNumber), token.serial);
    pInfo->flags = CKF_RNG | CKF_LOGIN_REQUIRED | (token.initialized ? CKF_TOKEN_INITIALIZED : 0) |
                   (token.user_pin_set ? CKF_USER_PIN_INITIALIZED : 0) |
                   pin_flags(token.user_tries, token.user_failed, CKF_USER_PIN_COUNT_LOW, CKF_USER_PIN_FINAL_TRY,
                             CKF_USER_PIN_LOCKED) |
                   pin_flags(token.so_tries, token.so_failed, CKF_SO_PIN_COUNT_LOW, CKF_SO_PIN_FINAL_TRY,
                             CKF_SO_PIN_LOCKED);
    pInfo->ulMaxSessionCount = CK_EFFECTIVELY_INFINITE;
    pInfo->ulMaxRwSessionCount = CK_EFFECTIVELY_INFINITE;
    CK_ULONG rw = 0;
    for (size_t i = 0; i < session_count; i++) rw += (sessions[i].flags & CKF_RW_SESSION) != 0;
    pInfo->ulSessionCount = session_count;
    pInfo->ulRwSessionCount = rw;
    pInfo->ulMaxPinLen = PIN_MAX;
    pInfo->ulMinPinLen = PIN_MIN;
    pInfo->ulTotalPublicMemory = CK_UNAVAILABLE_INFORMATION;
    pInfo->ulFreePublicMemory = CK_UNAVAILABLE_INFORMATION;
    pInfo->ulTotalPrivateMemory = CK_UNAVAILABLE_INFORMATION;
    pInfo->ulFreePrivateMemory = CK_UNAVAILABLE_INFORMATION;
    pInfo->hardwareVersion.major = 1;
    pInfo->firmwareVersion.major = 1;
  }
  pthread_mutex_unlock(&lock);
  return rv;
}

CK_RV C_GetMechanismList(CK_SLOT_ID slotID, CK_MECHANISM_TYPE_PTR pMechanismList, CK_ULONG_PTR pulCount) {
  if (!pulCount) return CKR_ARGUMENTS_BAD;
  pthread_mutex_lock(&lock);
  CK_RV rv = !initialized ? CKR_CRYPTOKI_NOT_INITIALIZED : slotID != SLOT ? CKR_SLOT_ID_INVALID : CKR_OK;
  if (rv == CKR_OK) {
    CK_ULONG n = 1 + vendor->sign_count;
    if (pMechanismList && *pulCount < n)
      rv = CKR_BUFFER_TOO_SMALL;
    else if (pMechanismList) {
      pMechanismList[0] = vendor->keygen;
      for (size_t i = 0; i < vendor->sign_count; i++) pMechanismList[i + 1] = vendor->sign[i].mechanism;
    }
    *pulCount = n;
  }
  pthread_mutex_unlock(&lock);
  return rv;
}

CK_RV C_GetMechanismInfo(CK_SLOT_ID slotID, CK_MECHANISM_TYPE type, CK_MECHANISM_INFO_PTR pInfo) {
  if (!pInfo) return CKR_ARGUMENTS_BAD;
  pthread_mutex_lock(&lock);
  CK_RV rv = !initialized ? CKR_CRYPTOKI_NOT_INITIALIZED : slotID != SLOT ? CKR_SLOT_ID_INVALID : CKR_OK;
  if (rv == CKR_OK) {
    pInfo->ulMinKeySize = 256;
    pInfo->ulMaxKeySize = 256;
    if (type == vendor->keygen)
      pInfo->flags = CKF_HW | CKF_GENERATE_KEY_PAIR;
    else if (gk_vendor_sign(vendor, type))
      pInfo->flags = CKF_HW | CKF_SIGN;
    else
      rv = CKR_MECHANISM_INVALID;
  }
  pthread_mutex_unlock(&lock);
  return rv;
}

CK_RV C_InitToken(CK_SLOT_ID slotID, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen, CK_UTF8CHAR_PTR pLabel) {
  if (!pPin || !pLabel) return CKR_ARGUMENTS_BAD;
  pthread_mutex_lock(&lock);
  CK_RV rv = !initialized ? CKR_CRYPTOKI_NOT_INITIALIZED : slotID != SLOT ? CKR_SLOT_ID_INVALID : CKR_OK;
  if (rv == CKR_OK && !present()) rv = CKR_TOKEN_NOT_PRESENT;
  if (rv == CKR_OK && session_count) rv = CKR_SESSION_EXISTS;
  if (rv == CKR_OK && token.initialized) rv = check_pin(token.so_pin, &token.so_tries, &token.so_failed, pPin, ulPinLen);
  if (rv == CKR_OK && !token.initialized) rv = set_pin(token.so_pin, pPin, ulPinLen);
  if (rv == CKR_OK) {
    /* a re-initialised key forgets its objects and its user PIN */
    for (size_t i = 0; i < token.object_count; i++) gk_object_clear(&token.objects[i]);
    token.object_count = 0;
    memcpy(token.label, pLabel, sizeof(token.label));
    memset(token.user_pin, 0, sizeof(token.user_pin));
    token.user_pin_set = 0;
    token.user_tries = token.so_tries = max_tries;
    token.user_failed = token.so_failed = 0;
    token.initialized = 1;
    rv = save();
  }
  pthread_mutex_unlock(&lock);
  return rv;
}

CK_RV C_InitPIN(CK_SESSION_HANDLE hSession, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen) {
  pthread_mutex_lock(&lock);
  session_t *s = NULL;
  CK_RV rv = session_of(hSession, &s);
  if (rv == CKR_OK && login != LOGGED_SO) rv = CKR_USER_NOT_LOGGED_IN;
  if (rv == CKR_OK && !(s->flags & CKF_RW_SESSION)) rv = CKR_SESSION_READ_ONLY;
  if (rv == CKR_OK) rv = set_pin(token.user_pin, pPin, ulPinLen);
  if (rv == CKR_OK) {
    /* the SO's reset: a locked user PIN gets every try back */
    token.user_pin_set = 1;
    token.user_tries = max_tries;
    token.user_failed = 0;
    rv = save();
  }
  pthread_mutex_unlock(&lock);
  return rv;
}

CK_RV C_SetPIN(CK_SESSION_HANDLE hSession, CK_UTF8CHAR_PTR pOldPin, CK_ULONG ulOldLen, CK_UTF8CHAR_PTR pNewPin,
               CK_ULONG ulNewLen) {
  pthread_mutex_lock(&lock);
  session_t *s = NULL;
  CK_RV rv = session_of(hSession, &s);
  if (rv == CKR_OK && !(s->flags & CKF_RW_SESSION)) rv = CKR_SESSION_READ_ONLY;
  if (rv == CKR_OK && login != LOGGED_SO && !token.user_pin_set) rv = CKR_USER_PIN_NOT_INITIALIZED;
  if (rv == CKR_OK && (ulNewLen < PIN_MIN || ulNewLen > PIN_MAX)) rv = CKR_PIN_LEN_RANGE;
  if (rv == CKR_OK) {
    if (login == LOGGED_SO) {
      rv = check_pin(token.so_pin, &token.so_tries, &token.so_failed, pOldPin, ulOldLen);
      if (rv == CKR_OK) rv = set_pin(token.so_pin, pNewPin, ulNewLen);
    } else {
      rv = check_pin(token.user_pin, &token.user_tries, &token.user_failed, pOldPin, ulOldLen);
      if (rv == CKR_OK) rv = set_pin(token.user_pin, pNewPin, ulNewLen);
    }
    if (rv == CKR_OK) rv = save();
  }
  pthread_mutex_unlock(&lock);
  return rv;
}

/* ---------- sessions ---------- */

CK_RV C_OpenSession(CK_SLOT_ID slotID, CK_FLAGS flags, CK_VOID_PTR pApplication, CK_NOTIFY Notify,
                    CK_SESSION_HANDLE_PTR phSession) {
  (void)pApplication;
  (void)Notify;
  if (!phSession) return CKR_ARGUMENTS_BAD;
  pthread_mutex_lock(&lock);
  CK_RV rv = !initialized ? CKR_CRYPTOKI_NOT_INITIALIZED : slotID != SLOT ? CKR_SLOT_ID_INVALID : CKR_OK;
  if (rv == CKR_OK && !present()) rv = CKR_TOKEN_NOT_PRESENT;
  if (rv == CKR_OK && !(flags & CKF_SERIAL_SESSION)) rv = CKR_SESSION_PARALLEL_NOT_SUPPORTED;
  if (rv == CKR_OK && login == LOGGED_SO && !(flags & CKF_RW_SESSION)) rv = CKR_SESSION_READ_WRITE_SO_EXISTS;
  if (rv == CKR_OK) {
    session_t *grown = realloc(sessions, (session_count + 1) * sizeof(session_t));
    if (!grown)
      rv = CKR_HOST_MEMORY;
    else {
      sessions = grown;
      session_t *s = &sessions[session_count++];
      memset(s, 0, sizeof(*s));
      s->handle = next_session++;
      s->flags = flags;
      *phSession = s->handle;
    }
  }
  pthread_mutex_unlock(&lock);
  return rv;
}

CK_RV C_CloseSession(CK_SESSION_HANDLE hSession) {
  pthread_mutex_lock(&lock);
  session_t *s = NULL;
  CK_RV rv = session_of(hSession, &s);
  if (rv == CKR_OK) {
    end_session_ops(s);
    drop_session_objects(hSession);
    *s = sessions[session_count - 1];
    session_count--;
    if (session_count == 0) login = LOGGED_OUT; /* the last session takes the login with it */
  }
  pthread_mutex_unlock(&lock);
  return rv;
}

CK_RV C_CloseAllSessions(CK_SLOT_ID slotID) {
  pthread_mutex_lock(&lock);
  CK_RV rv = !initialized ? CKR_CRYPTOKI_NOT_INITIALIZED : slotID != SLOT ? CKR_SLOT_ID_INVALID : CKR_OK;
  if (rv == CKR_OK) close_all_sessions();
  pthread_mutex_unlock(&lock);
  return rv;
}

CK_RV C_GetSessionInfo(CK_SESSION_HANDLE hSession, CK_SESSION_INFO_PTR pInfo) {
  if (!pInfo) return CKR_ARGUMENTS_BAD;
  pthread_mutex_lock(&lock);
  session_t *s = NULL;
  CK_RV rv = session_of(hSession, &s);
  if (rv == CKR_OK) {
    int rw = (s->flags & CKF_RW_SESSION) != 0;
    pInfo->slotID = SLOT;
    pInfo->flags = s->flags;
    pInfo->ulDeviceError = 0;
    pInfo->state = login == LOGGED_SO     ? CKS_RW_SO_FUNCTIONS
                   : login == LOGGED_USER ? (rw ? CKS_RW_USER_FUNCTIONS : CKS_RO_USER_FUNCTIONS)
                                          : (rw ? CKS_RW_PUBLIC_SESSION : CKS_RO_PUBLIC_SESSION);
  }
  pthread_mutex_unlock(&lock);
  return rv;
}

CK_RV C_Login(CK_SESSION_HANDLE hSession, CK_USER_TYPE userType, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen) {
  pthread_mutex_lock(&lock);
  session_t *s = NULL;
  CK_RV rv = session_of(hSession, &s);
  if (rv == CKR_OK && userType != CKU_USER && userType != CKU_SO)
    rv = userType == CKU_CONTEXT_SPECIFIC ? CKR_OPERATION_NOT_INITIALIZED : CKR_USER_TYPE_INVALID;
  if (rv == CKR_OK && login != LOGGED_OUT)
    rv = (login == LOGGED_SO) == (userType == CKU_SO) ? CKR_USER_ALREADY_LOGGED_IN : CKR_USER_ANOTHER_ALREADY_LOGGED_IN;
  if (rv == CKR_OK && !token.initialized) rv = CKR_USER_PIN_NOT_INITIALIZED;
  if (rv == CKR_OK && userType == CKU_SO) {
    for (size_t i = 0; i < session_count; i++)
      if (!(sessions[i].flags & CKF_RW_SESSION)) rv = CKR_SESSION_READ_ONLY_EXISTS;
    if (rv == CKR_OK) rv = check_pin(token.so_pin, &token.so_tries, &token.so_failed, pPin, ulPinLen);
    if (rv == CKR_OK) login = LOGGED_SO;
  } else if (rv == CKR_OK) {
    if (!token.user_pin_set) rv = CKR_USER_PIN_NOT_INITIALIZED;
    if (rv == CKR_OK) rv = check_pin(token.user_pin, &token.user_tries, &token.user_failed, pPin, ulPinLen);
    if (rv == CKR_OK) login = LOGGED_USER;
  }
  pthread_mutex_unlock(&lock);
  return rv;
}

CK_RV C_Logout(CK_SESSION_HANDLE hSession) {
  pthread_mutex_lock(&lock);
  session_t *s = NULL;
  CK_RV rv = session_of(hSession, &s);
  if (rv == CKR_OK && login == LOGGED_OUT) rv = CKR_USER_NOT_LOGGED_IN;
  if (rv == CKR_OK) {
    login = LOGGED_OUT;
    for (size_t i = 0; i < session_count; i++) end_session_ops(&sessions[i]);
  }
  pthread_mutex_unlock(&lock);
  return rv;
}

/* ---------- objects ---------- */

/* May this session create, change or destroy an object with these flags? */
static CK_RV may_write(session_t *s, int on_token, int private_object) {
  if (on_token && !(s->flags & CKF_RW_SESSION)) return CKR_SESSION_READ_ONLY;
  if (private_object && login != LOGGED_USER) return CKR_USER_NOT_LOGGED_IN;
  return CKR_OK;
}

static int template_bool(const CK_ATTRIBUTE *t, CK_ULONG n, CK_ATTRIBUTE_TYPE type, int fallback) {
  for (CK_ULONG i = 0; i < n; i++)
    if (t[i].type == type && t[i].ulValueLen == sizeof(CK_BBOOL) && t[i].pValue) return *(CK_BBOOL *)t[i].pValue != 0;
  return fallback;
}

static const CK_ATTRIBUTE *template_find(const CK_ATTRIBUTE *t, CK_ULONG n, CK_ATTRIBUTE_TYPE type) {
  for (CK_ULONG i = 0; i < n; i++)
    if (t[i].type == type) return &t[i];
  return NULL;
}

static CK_RV copy_template(gk_object *o, const CK_ATTRIBUTE *t, CK_ULONG n) {
  for (CK_ULONG i = 0; i < n; i++) {
    if (!t[i].pValue && t[i].ulValueLen) return CKR_ATTRIBUTE_VALUE_INVALID;
    if (gk_attr_set(o, t[i].type, t[i].pValue, t[i].ulValueLen) != 0) return CKR_HOST_MEMORY;
  }
  return CKR_OK;
}

CK_RV C_CreateObject(CK_SESSION_HANDLE hSession, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount,
                     CK_OBJECT_HANDLE_PTR phObject) {
  if ((!pTemplate && ulCount) || !phObject) return CKR_ARGUMENTS_BAD;
  pthread_mutex_lock(&lock);
  session_t *s = NULL;
  CK_RV rv = session_of(hSession, &s);
  const CK_ATTRIBUTE *cls = pTemplate ? template_find(pTemplate, ulCount, CKA_CLASS) : NULL;
  CK_OBJECT_CLASS object_class = CKO_DATA;
  if (rv == CKR_OK && (!cls || cls->ulValueLen != sizeof(CK_OBJECT_CLASS) || !cls->pValue)) rv = CKR_TEMPLATE_INCOMPLETE;
  if (rv == CKR_OK) {
    memcpy(&object_class, cls->pValue, sizeof(object_class));
    /* certificates and data objects come in; keys are made on the key and never imported */
    if (object_class != CKO_CERTIFICATE && object_class != CKO_DATA) rv = CKR_ATTRIBUTE_VALUE_INVALID;
  }
  int on_token = rv == CKR_OK && template_bool(pTemplate, ulCount, CKA_TOKEN, 0);
  if (rv == CKR_OK) rv = may_write(s, on_token, template_bool(pTemplate, ulCount, CKA_PRIVATE, 0));
  if (rv == CKR_OK) {
    gk_object *o = new_object(on_token ? 0 : hSession);
    if (!o)
      rv = CKR_HOST_MEMORY;
    else {
      CK_OBJECT_HANDLE handle = o->handle;
      rv = copy_template(o, pTemplate, ulCount);
      if (rv == CKR_OK && !gk_attr_find(o, CKA_TOKEN)) rv = gk_attr_set_bool(o, CKA_TOKEN, CK_FALSE) ? CKR_HOST_MEMORY : CKR_OK;
      if (rv == CKR_OK && !gk_attr_find(o, CKA_PRIVATE)) rv = gk_attr_set_bool(o, CKA_PRIVATE, CK_FALSE) ? CKR_HOST_MEMORY : CKR_OK;
      if (rv == CKR_OK && !gk_attr_find(o, CKA_MODIFIABLE)) rv = gk_attr_set_bool(o, CKA_MODIFIABLE, CK_TRUE) ? CKR_HOST_MEMORY : CKR_OK;
      if (rv == CKR_OK && object_class == CKO_CERTIFICATE && !gk_attr_find(o, CKA_CERTIFICATE_TYPE))
        rv = gk_attr_set_ulong(o, CKA_CERTIFICATE_TYPE, CKC_X_509) ? CKR_HOST_MEMORY : CKR_OK;
      if (rv == CKR_OK && on_token) rv = save_objects();
      if (rv == CKR_OK)
        *phObject = handle;
      else
        remove_object(handle);
    }
  }
  pthread_mutex_unlock(&lock);
  return rv;
}

CK_RV C_DestroyObject(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject) {
  pthread_mutex_lock(&lock);
  session_t *s = NULL;
  CK_RV rv = session_of(hSession, &s);
  gk_object *o = rv == CKR_OK ? object_of(hObject) : NULL;
  if (rv == CKR_OK && !o) rv = CKR_OBJECT_HANDLE_INVALID;
  int on_token = o && o->session == 0;
  if (rv == CKR_OK) rv = may_write(s, on_token, gk_attr_bool(o, CKA_PRIVATE, 0));
  if (rv == CKR_OK && !gk_attr_bool(o, CKA_DESTROYABLE, 1)) rv = CKR_ACTION_PROHIBITED;
  if (rv == CKR_OK) {
    remove_object(hObject);
    if (on_token) rv = save_objects();
  }
  pthread_mutex_unlock(&lock);
  return rv;
}

/* Attributes that a private key has and never shows. */
static int sensitive(gk_object *o, CK_ATTRIBUTE_TYPE type) {
  return o->has_secret && (type == CKA_VALUE || type == CKA_PRIVATE_EXPONENT || type == CKA_PRIME_1 ||
                           type == CKA_PRIME_2 || type == CKA_EXPONENT_1 || type == CKA_EXPONENT_2 ||
                           type == CKA_COEFFICIENT);
}

CK_RV C_GetAttributeValue(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, CK_ATTRIBUTE_PTR pTemplate,
                          CK_ULONG ulCount) {
  if (!pTemplate && ulCount) return CKR_ARGUMENTS_BAD;
  pthread_mutex_lock(&lock);
  session_t *s = NULL;
  CK_RV rv = session_of(hSession, &s);
  gk_object *o = rv == CKR_OK ? object_of(hObject) : NULL;
  if (rv == CKR_OK && !o) rv = CKR_OBJECT_HANDLE_INVALID;
  for (CK_ULONG i = 0; rv != CKR_SESSION_HANDLE_INVALID && o && i < ulCount; i++) {
    CK_ATTRIBUTE *t = &pTemplate[i];
    gk_attr *a = gk_attr_find(o, t->type);
    if (sensitive(o, t->type)) {
      t->ulValueLen = CK_UNAVAILABLE_INFORMATION;
      rv = CKR_ATTRIBUTE_SENSITIVE;
    } else if (!a) {
      t->ulValueLen = CK_UNAVAILABLE_INFORMATION;
      if (rv == CKR_OK) rv = CKR_ATTRIBUTE_TYPE_INVALID;
    } else if (!t->pValue) {
      t->ulValueLen = a->len;
    } else if (t->ulValueLen < a->len) {
      t->ulValueLen = CK_UNAVAILABLE_INFORMATION;
      if (rv == CKR_OK) rv = CKR_BUFFER_TOO_SMALL;
    } else {
      memcpy(t->pValue, a->bytes, a->len);
      t->ulValueLen = a->len;
    }
  }
  pthread_mutex_unlock(&lock);
  return rv;
}

CK_RV C_SetAttributeValue(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, CK_ATTRIBUTE_PTR pTemplate,
                          CK_ULONG ulCount) {
  if (!pTemplate && ulCount) return CKR_ARGUMENTS_BAD;
  pthread_mutex_lock(&lock);
  session_t *s = NULL;
  CK_RV rv = session_of(hSession, &s);
  gk_object *o = rv == CKR_OK ? object_of(hObject) : NULL;
  if (rv == CKR_OK && !o) rv = CKR_OBJECT_HANDLE_INVALID;
  if (rv == CKR_OK) rv = may_write(s, o->session == 0, gk_attr_bool(o, CKA_PRIVATE, 0));
  if (rv == CKR_OK && !gk_attr_bool(o, CKA_MODIFIABLE, 1)) rv = CKR_ACTION_PROHIBITED;
  for (CK_ULONG i = 0; rv == CKR_OK && i < ulCount; i++) {
    CK_ATTRIBUTE_TYPE type = pTemplate[i].type;
    /* what makes an object what it is, and a key's protection, never change */
    if (type == CKA_CLASS || type == CKA_KEY_TYPE || type == CKA_TOKEN || type == CKA_PRIVATE ||
        type == CKA_LOCAL || type == CKA_ALWAYS_SENSITIVE || type == CKA_NEVER_EXTRACTABLE || type == CKA_EC_POINT ||
        type == CKA_EC_PARAMS || type == CKA_KEY_GEN_MECHANISM || sensitive(o, type))
      rv = CKR_ATTRIBUTE_READ_ONLY;
    else if (o->has_secret && type == CKA_SENSITIVE && !template_bool(&pTemplate[i], 1, CKA_SENSITIVE, 1))
      rv = CKR_ATTRIBUTE_READ_ONLY;
    else if (o->has_secret && type == CKA_EXTRACTABLE && template_bool(&pTemplate[i], 1, CKA_EXTRACTABLE, 0))
      rv = CKR_ATTRIBUTE_READ_ONLY;
  }
  if (rv == CKR_OK) rv = copy_template(o, pTemplate, ulCount);
  if (rv == CKR_OK && o->session == 0) rv = save_objects();
  pthread_mutex_unlock(&lock);
  return rv;
}

CK_RV C_FindObjectsInit(CK_SESSION_HANDLE hSession, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount) {
  if (!pTemplate && ulCount) return CKR_ARGUMENTS_BAD;
  pthread_mutex_lock(&lock);
  session_t *s = NULL;
  CK_RV rv = session_of(hSession, &s);
  if (rv == CKR_OK && s->finding) rv = CKR_OPERATION_ACTIVE;
  if (rv == CKR_OK) {
    s->found = malloc((token.object_count ? token.object_count : 1) * sizeof(CK_OBJECT_HANDLE));
    if (!s->found) rv = CKR_HOST_MEMORY;
  }
  if (rv == CKR_OK) {
    s->found_count = s->found_at = 0;
    for (size_t i = 0; i < token.object_count; i++) {
      gk_object *o = &token.objects[i];
      if (visible(o) && gk_object_matches(o, pTemplate, ulCount)) s->found[s->found_count++] = o->handle;
    }
    s->finding = 1;
  }
  pthread_mutex_unlock(&lock);
  return rv;
}

CK_RV C_FindObjects(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE_PTR phObject, CK_ULONG ulMaxObjectCount,
                    CK_ULONG_PTR pulObjectCount) {
  if (!phObject || !pulObjectCount) return CKR_ARGUMENTS_BAD;
  pthread_mutex_lock(&lock);
  session_t *s = NULL;
  CK_RV rv = session_of(hSession, &s);
  if (rv == CKR_OK && !s->finding) rv = CKR_OPERATION_NOT_INITIALIZED;
  if (rv == CKR_OK) {
    CK_ULONG n = 0;
    while (n < ulMaxObjectCount && s->found_at < s->found_count) phObject[n++] = s->found[s->found_at++];
    *pulObjectCount = n;
  }
  pthread_mutex_unlock(&lock);
  return rv;
}

CK_RV C_FindObjectsFinal(CK_SESSION_HANDLE hSession) {
  pthread_mutex_lock(&lock);
  session_t *s = NULL;
  CK_RV rv = session_of(hSession, &s);
  if (rv == CKR_OK && !s->finding) rv = CKR_OPERATION_NOT_INITIALIZED;
  if (rv == CKR_OK) {
    free(s->found);
    s->found = NULL;
    s->found_count = s->found_at = 0;
    s->finding = 0;
  }
  pthread_mutex_unlock(&lock);
  return rv;
}

/* ---------- SM2 keys and signatures ---------- */

static CK_RV key_pair_attributes(gk_object *pub, gk_object *priv, CK_MECHANISM_TYPE mechanism) {
  unsigned char ec_point[2 + GK_POINT] = {0x04, GK_POINT};
  memcpy(ec_point + 2, priv->point, GK_POINT);
  int failed = 0;
  CK_BBOOL on_token_pub = (CK_BBOOL)gk_attr_bool(pub, CKA_TOKEN, 0), on_token_priv = (CK_BBOOL)gk_attr_bool(priv, CKA_TOKEN, 0);
  failed |= gk_attr_set_ulong(pub, CKA_CLASS, CKO_PUBLIC_KEY);
  failed |= gk_attr_set_ulong(pub, CKA_KEY_TYPE, vendor->key_type);
  failed |= gk_attr_set_bool(pub, CKA_TOKEN, on_token_pub);
  if (!gk_attr_find(pub, CKA_PRIVATE)) failed |= gk_attr_set_bool(pub, CKA_PRIVATE, CK_FALSE);
  if (!gk_attr_find(pub, CKA_VERIFY)) failed |= gk_attr_set_bool(pub, CKA_VERIFY, CK_TRUE);
  failed |= gk_attr_set(pub, CKA_EC_PARAMS, SM2_PARAMS, sizeof(SM2_PARAMS));
  failed |= gk_attr_set(pub, CKA_EC_POINT, ec_point, sizeof(ec_point));
  failed |= gk_attr_set_bool(pub, CKA_LOCAL, CK_TRUE);
  failed |= gk_attr_set_ulong(pub, CKA_KEY_GEN_MECHANISM, mechanism);
  failed |= gk_attr_set_ulong(priv, CKA_CLASS, CKO_PRIVATE_KEY);
  failed |= gk_attr_set_ulong(priv, CKA_KEY_TYPE, vendor->key_type);
  failed |= gk_attr_set_bool(priv, CKA_TOKEN, on_token_priv);
  failed |= gk_attr_set_bool(priv, CKA_PRIVATE, CK_TRUE);
  if (!gk_attr_find(priv, CKA_SIGN)) failed |= gk_attr_set_bool(priv, CKA_SIGN, CK_TRUE);
  failed |= gk_attr_set_bool(priv, CKA_SENSITIVE, CK_TRUE);
  failed |= gk_attr_set_bool(priv, CKA_EXTRACTABLE, CK_FALSE);
  failed |= gk_attr_set_bool(priv, CKA_ALWAYS_SENSITIVE, CK_TRUE);
  failed |= gk_attr_set_bool(priv, CKA_NEVER_EXTRACTABLE, CK_TRUE);
  failed |= gk_attr_set(priv, CKA_EC_PARAMS, SM2_PARAMS, sizeof(SM2_PARAMS));
  failed |= gk_attr_set_bool(priv, CKA_LOCAL, CK_TRUE);
  failed |= gk_attr_set_ulong(priv, CKA_KEY_GEN_MECHANISM, mechanism);
  return failed ? CKR_HOST_MEMORY : CKR_OK;
}

/* A template that asks for something else than an SM2 key this key can keep. */
static CK_RV check_key_template(const CK_ATTRIBUTE *t, CK_ULONG n, int private_key) {
  const CK_ATTRIBUTE *type = template_find(t, n, CKA_KEY_TYPE);
  const CK_ATTRIBUTE *params = template_find(t, n, CKA_EC_PARAMS);
  if (type && (type->ulValueLen != sizeof(CK_KEY_TYPE) || !type->pValue || *(CK_KEY_TYPE *)type->pValue != vendor->key_type))
    return CKR_TEMPLATE_INCONSISTENT;
  if (params && (params->ulValueLen != sizeof(SM2_PARAMS) || !params->pValue || memcmp(params->pValue, SM2_PARAMS, sizeof(SM2_PARAMS)) != 0))
    return CKR_CURVE_NOT_SUPPORTED;
  /* a GM key's private key never leaves it: asking otherwise is refused, not silently changed */
  if (private_key && (!template_bool(t, n, CKA_SENSITIVE, 1) || template_bool(t, n, CKA_EXTRACTABLE, 0)))
    return CKR_ATTRIBUTE_VALUE_INVALID;
  return CKR_OK;
}

CK_RV C_GenerateKeyPair(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_ATTRIBUTE_PTR pPublicKeyTemplate,
                        CK_ULONG ulPublicKeyAttributeCount, CK_ATTRIBUTE_PTR pPrivateKeyTemplate,
                        CK_ULONG ulPrivateKeyAttributeCount, CK_OBJECT_HANDLE_PTR phPublicKey,
                        CK_OBJECT_HANDLE_PTR phPrivateKey) {
  if (!pMechanism || !phPublicKey || !phPrivateKey || (!pPublicKeyTemplate && ulPublicKeyAttributeCount) ||
      (!pPrivateKeyTemplate && ulPrivateKeyAttributeCount))
    return CKR_ARGUMENTS_BAD;
  pthread_mutex_lock(&lock);
  session_t *s = NULL;
  CK_RV rv = session_of(hSession, &s);
  if (rv == CKR_OK && pMechanism->mechanism != vendor->keygen) rv = CKR_MECHANISM_INVALID;
  if (rv == CKR_OK) rv = check_key_template(pPublicKeyTemplate, ulPublicKeyAttributeCount, 0);
  if (rv == CKR_OK) rv = check_key_template(pPrivateKeyTemplate, ulPrivateKeyAttributeCount, 1);
  int pub_on_token = template_bool(pPublicKeyTemplate, ulPublicKeyAttributeCount, CKA_TOKEN, 0);
  int priv_on_token = template_bool(pPrivateKeyTemplate, ulPrivateKeyAttributeCount, CKA_TOKEN, 0);
  if (rv == CKR_OK) rv = may_write(s, pub_on_token, template_bool(pPublicKeyTemplate, ulPublicKeyAttributeCount, CKA_PRIVATE, 0));
  if (rv == CKR_OK) rv = may_write(s, priv_on_token, 1);
  unsigned char d[GK_SCALAR], point[GK_POINT];
  if (rv == CKR_OK && gk_sm2_generate(d, point) != 0) rv = CKR_DEVICE_ERROR;
  if (rv == CKR_OK) {
    CK_OBJECT_HANDLE pub_handle = 0, priv_handle = 0;
    gk_object *pub = new_object(pub_on_token ? 0 : hSession);
    if (pub) pub_handle = pub->handle;
    gk_object *priv = pub ? new_object(priv_on_token ? 0 : hSession) : NULL;
    if (priv) priv_handle = priv->handle;
    /* new_object may have moved the array: find the public key again */
    pub = priv ? &token.objects[token.object_count - 2] : NULL;
    if (!pub || !priv) rv = CKR_HOST_MEMORY;
    if (rv == CKR_OK) rv = copy_template(pub, pPublicKeyTemplate, ulPublicKeyAttributeCount);
    if (rv == CKR_OK) rv = copy_template(priv, pPrivateKeyTemplate, ulPrivateKeyAttributeCount);
    if (rv == CKR_OK) {
      priv->has_secret = 1;
      memcpy(priv->d, d, sizeof(d));
      memcpy(priv->point, point, sizeof(point));
      rv = key_pair_attributes(pub, priv, pMechanism->mechanism);
    }
    if (rv == CKR_OK && (pub_on_token || priv_on_token)) rv = save_objects();
    if (rv == CKR_OK) {
      *phPublicKey = pub_handle;
      *phPrivateKey = priv_handle;
    } else {
      if (priv_handle) remove_object(priv_handle);
      if (pub_handle) remove_object(pub_handle);
    }
  }
  memset(d, 0, sizeof(d));
  pthread_mutex_unlock(&lock);
  return rv;
}

CK_RV C_SignInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey) {
  if (!pMechanism) return CKR_ARGUMENTS_BAD;
  pthread_mutex_lock(&lock);
  session_t *s = NULL;
  CK_RV rv = session_of(hSession, &s);
  const gk_sign_mechanism *mechanism = rv == CKR_OK ? gk_vendor_sign(vendor, pMechanism->mechanism) : NULL;
  gk_object *key = rv == CKR_OK ? object_of(hKey) : NULL;
  if (rv == CKR_OK && s->sign) rv = CKR_OPERATION_ACTIVE;
  if (rv == CKR_OK && !mechanism) rv = CKR_MECHANISM_INVALID;
  if (rv == CKR_OK && !key) rv = login == LOGGED_USER ? CKR_KEY_HANDLE_INVALID : CKR_USER_NOT_LOGGED_IN;
  if (rv == CKR_OK && (!key->has_secret || gk_attr_ulong(key, CKA_KEY_TYPE, 0) != vendor->key_type))
    rv = CKR_KEY_TYPE_INCONSISTENT;
  if (rv == CKR_OK && !gk_attr_bool(key, CKA_SIGN, 0)) rv = CKR_KEY_FUNCTION_NOT_PERMITTED;
  if (rv == CKR_OK) {
    s->sign = mechanism;
    s->sign_key = hKey;
    s->data_len = 0;
  }
  pthread_mutex_unlock(&lock);
  return rv;
}

/* Signs what the session was given; the operation ends unless only the length was asked. */
static CK_RV finish_sign(session_t *s, const unsigned char *data, size_t len, CK_BYTE_PTR pSignature,
                         CK_ULONG_PTR pulSignatureLen) {
  size_t needed = s->sign->encoding == GK_RAW ? 64 : GK_SIG_MAX;
  if (!pSignature) {
    *pulSignatureLen = needed;
    return CKR_OK;
  }
  if (*pulSignatureLen < needed) {
    *pulSignatureLen = needed;
    return CKR_BUFFER_TOO_SMALL;
  }
  CK_RV rv = CKR_OK;
  gk_object *key = object_of(s->sign_key);
  if (!key)
    rv = CKR_KEY_HANDLE_INVALID;
  else if (s->sign->input == GK_INPUT_DIGEST && len != 32)
    rv = CKR_DATA_LEN_RANGE;
  else {
    size_t sig_len = *pulSignatureLen;
    if (!key->key) key->key = gk_sm2_load(key->d, key->point);
    if (!key->key || gk_sm2_sign(key->key, s->sign->input, s->sign->encoding, data, len, pSignature, &sig_len) != 0)
      rv = CKR_FUNCTION_FAILED;
    else
      *pulSignatureLen = sig_len;
  }
  free(s->data);
  s->data = NULL;
  s->data_len = 0;
  s->sign = NULL;
  return rv;
}

CK_RV C_Sign(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pSignature,
             CK_ULONG_PTR pulSignatureLen) {
  if ((!pData && ulDataLen) || !pulSignatureLen) return CKR_ARGUMENTS_BAD;
  pthread_mutex_lock(&lock);
  session_t *s = NULL;
  CK_RV rv = session_of(hSession, &s);
  if (rv == CKR_OK && !s->sign) rv = CKR_OPERATION_NOT_INITIALIZED;
  if (rv == CKR_OK) rv = finish_sign(s, pData, ulDataLen, pSignature, pulSignatureLen);
  pthread_mutex_unlock(&lock);
  return rv;
}

CK_RV C_SignUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen) {
  if (!pPart && ulPartLen) return CKR_ARGUMENTS_BAD;
  pthread_mutex_lock(&lock);
  session_t *s = NULL;
  CK_RV rv = session_of(hSession, &s);
  if (rv == CKR_OK && !s->sign) rv = CKR_OPERATION_NOT_INITIALIZED;
  if (rv == CKR_OK && ulPartLen) {
    unsigned char *grown = realloc(s->data, s->data_len + ulPartLen);
    if (!grown)
      rv = CKR_HOST_MEMORY;
    else {
      memcpy(grown + s->data_len, pPart, ulPartLen);
      s->data = grown;
      s->data_len += ulPartLen;
    }
  }
  pthread_mutex_unlock(&lock);
  return rv;
}

CK_RV C_SignFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature, CK_ULONG_PTR pulSignatureLen) {
  if (!pulSignatureLen) return CKR_ARGUMENTS_BAD;
  pthread_mutex_lock(&lock);
  session_t *s = NULL;
  CK_RV rv = session_of(hSession, &s);
  if (rv == CKR_OK && !s->sign) rv = CKR_OPERATION_NOT_INITIALIZED;
  if (rv == CKR_OK) rv = finish_sign(s, s->data, s->data_len, pSignature, pulSignatureLen);
  pthread_mutex_unlock(&lock);
  return rv;
}

CK_RV C_GenerateRandom(CK_SESSION_HANDLE hSession, CK_BYTE_PTR RandomData, CK_ULONG ulRandomLen) {
  if (!RandomData && ulRandomLen) return CKR_ARGUMENTS_BAD;
  pthread_mutex_lock(&lock);
  session_t *s = NULL;
  CK_RV rv = session_of(hSession, &s);
  if (rv == CKR_OK && ulRandomLen && gk_random(RandomData, ulRandomLen) != 0) rv = CKR_DEVICE_ERROR;
  pthread_mutex_unlock(&lock);
  return rv;
}

/* Without CKF_DONT_BLOCK a wait would hold the caller's thread: only polling is offered. */
CK_RV C_WaitForSlotEvent(CK_FLAGS flags, CK_SLOT_ID_PTR pSlot, CK_VOID_PTR pReserved) {
  if (!pSlot || pReserved) return CKR_ARGUMENTS_BAD;
  if (!(flags & CKF_DONT_BLOCK)) return CKR_FUNCTION_NOT_SUPPORTED;
  pthread_mutex_lock(&lock);
  CK_RV rv = initialized ? CKR_NO_EVENT : CKR_CRYPTOKI_NOT_INITIALIZED;
  if (initialized) {
    int now = present();
    if (now != last_present) {
      last_present = now;
      *pSlot = SLOT;
      rv = CKR_OK;
    }
  }
  pthread_mutex_unlock(&lock);
  return rv;
}
