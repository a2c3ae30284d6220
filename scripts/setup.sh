#!/usr/bin/env bash
# Idempotent setup, run before `npm start`, `npm test` and `npm run bench`:
# installs the Debian packages sealdesk needs when any is missing, then runs `npm ci`
# when node_modules is absent or older than package-lock.json. A second run installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

# softhsm2: the token in tests and dev; opensc: pkcs11-tool, the peer that reads keys back;
# socat: pty pairs for simulated serial devices; poppler-utils + qpdf: peer PDF checkers;
# cups-ipp-utils: ippeveprinter, the real IPP printer; chromium: the pages' browser tests;
# fonts-noto-cjk: Chinese text in seal images and documents; libnss3-tools: certutil for pdfsig;
# dbus: ippeveprinter needs a D-Bus daemon to start (DNS-SD); openssl: the TSA and signature checks; build tools for native addons (pkcs11js, better-sqlite3).
DEBIAN_PACKAGES=(
  softhsm2 opensc socat poppler-utils qpdf cups-ipp-utils chromium fonts-noto-cjk
  libnss3-tools dbus openssl ca-certificates python3 make g++
  # stamping tests: inputs written by ghostscript (gs -sDEVICE=pdfwrite) and outputs checked by
  # mupdf's own parser (mutool info / show), two more independent PDF producers and readers
  ghostscript mupdf-tools
  # serialport lists ports with udevadm; node-hid's Linux build loads libusb-1.0 (both absent on a bare image)
  udev libusb-1.0-0
  # the simulated GM USB key (simulator/gm-key): a PKCS#11 module in C over OpenSSL 3's SM2/SM3;
  # BouncyCastle on a headless JDK (javac compiles test/helpers/Sm2Check.java): the independent
  # checker of every SM2 signature sealdesk makes
  gcc libc6-dev libssl-dev default-jdk-headless libbcprov-java
  # p11-kit's pkcs11.h: the PKCS#11 v2.40 header the simulated GM key is written against
  libp11-kit-dev
  # fc-scan: FreeType's own reading of the font an OFD certificate embeds (a check independent of fontkit)
  fontconfig
)

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]})); then
  cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then
    echo "sealdesk setup: missing Debian packages: ${missing[*]}" >&2
    echo "sealdesk setup: run as root:  $cmd" >&2
    exit 1
  fi
  echo "sealdesk setup: installing ${missing[*]}"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# npm ci when node_modules is absent or does not match package-lock.json. A tree that a
# developer's `npm install` already brought up to date (every dependency present at a version
# the lock allows) only gets its stamp renewed: `npm ci` would wipe it under running work.
stamp=node_modules/.sealdesk-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
have=$(cat "$stamp" 2>/dev/null || true)
if [[ "$want" != "$have" ]]; then
  if [[ -d node_modules ]] && npm ls --all >/dev/null 2>&1; then
    echo "$want" >"$stamp"
  else
    echo "sealdesk setup: npm ci"
    npm ci --no-audit --no-fund
    echo "$want" >"$stamp"
  fi
fi

# the simulated GM USB key (simulator/gm-key/build/libsealdesk-gmkey.so): rebuilt only when a source is newer
scripts/build-gm-key.sh

# the web pages (appliance/pages → appliance/pages/dist): an esbuild bundle, rebuilt each time (well under a second)
node --import tsx scripts/build-pages.ts

# the sealdesk command and the service (appliance/cli → dist/cli): an esbuild bundle that bin/sealdesk.js
# runs instead of the TypeScript sources while no source changed since; skipped when up to date
node --import tsx scripts/build-cli.ts
