#!/usr/bin/env bash
# Installs exactly the Debian packages mpisight needs that are missing, and the viewer's browser-test package from
# its lockfile; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  cmake g++ gfortran make python3 git
  mpich libmpich-dev
  libopen-trace-format2-dev otf2-tools python3-otf2
  libfmt-dev nlohmann-json3-dev libgtest-dev
  libdw-dev       # elfutils: call sites resolved to source lines
  clang-format    # tests/style keeps the tree formatted
  chromium        # the viewer's end-to-end tests run the page in Debian's headless Chromium
)
# node and npm drive those tests; a node already on PATH (e.g. a newer one) is used as it is.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  packages+=(nodejs npm)
fi

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#packages[@]} packages present"
else
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  ((EUID == 0)) || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The browser tests' npm package (playwright-core, no browser download): installed exactly as locked, and again
# only when the lockfile changes.
browser_tests=tests/viewer/browser
lock_hash=$(sha256sum "$browser_tests/package-lock.json" | cut -d' ' -f1)
stamp="$browser_tests/node_modules/.mpisight-lock-sha256"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$lock_hash" ]]; then
  echo "setup: npm ci in $browser_tests"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix "$browser_tests" --no-audit --no-fund --loglevel=error
  echo "$lock_hash" >"$stamp"
fi
echo "setup: done"
