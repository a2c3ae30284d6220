#!/usr/bin/env bash
# Builds the simulated GM USB key (simulator/gm-key): a PKCS#11 module in C over OpenSSL 3's
# libcrypto, warning-free or not at all (-Wall -Wextra -Werror). Rebuilds only when a source is
# newer than the module, unless --force. --asan builds an AddressSanitizer variant beside it.
#   scripts/build-gm-key.sh [--force] [--asan]   → simulator/gm-key/build/libsealdesk-gmkey{,-asan}.so
set -euo pipefail
cd "$(dirname "$0")/.."
src=simulator/gm-key
out=$src/build
force=0
asan=0
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    --asan) asan=1 ;;
    *) echo "usage: $0 [--force] [--asan]" >&2; exit 2 ;;
  esac
done
# p11-kit's pkcs11.h (libp11-kit-dev) is the PKCS#11 v2.40 header the module is written against
cflags=(-std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -O2 -fPIC -I/usr/include/p11-kit-1)
sources=("$src"/*.c)
name=libsealdesk-gmkey
if ((asan)); then
  cflags+=(-O1 -g -fsanitize=address -fno-omit-frame-pointer)
  name=libsealdesk-gmkey-asan
fi
target=$out/$name.so
mkdir -p "$out"
if ((!force)) && [[ -f "$target" ]]; then
  stale=0
  for f in "${sources[@]}" "$src"/*.h "$0"; do [[ "$f" -nt "$target" ]] && stale=1; done
  ((stale)) || exit 0
fi
gcc "${cflags[@]}" -shared -o "$target.tmp" "${sources[@]}" -lcrypto -lpthread
mv "$target.tmp" "$target"
echo "built $target"
