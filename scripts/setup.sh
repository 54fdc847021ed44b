#!/usr/bin/env bash
# Installs exactly the Debian packages mpisight needs that are missing; safe to run again.
set -euo pipefail

packages=(
  cmake g++ gfortran make python3 git
  mpich libmpich-dev
  libopen-trace-format2-dev otf2-tools python3-otf2
  libfmt-dev nlohmann-json3-dev libgtest-dev
  libdw-dev       # elfutils: call sites resolved to source lines
  clang-format    # tests/style keeps the tree formatted
)
if [[ "${MPISIGHT_WITH_BROWSER:-0}" == 1 ]]; then
  packages+=(chromium nodejs npm)
fi

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
sudo_cmd=()
((EUID == 0)) || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
