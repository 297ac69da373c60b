#!/usr/bin/env bash
# Sets up sohoa on a Debian machine: system packages, the .venv virtualenv, and the project in it.
# Safe to run again: installed packages and an existing .venv are kept.
#   scripts/setup.sh            system packages (as root) + .venv + project with test tools
#   SOHOA_APT_EXTRA="postgresql" scripts/setup.sh   also install more Debian packages (CI adds PostgreSQL)
set -euo pipefail

cd "$(dirname "$0")/.."

APT_PACKAGES=(
  python3 python3-venv python3-pip
  tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd tesseract-ocr-script-viet
  poppler-utils
  fonts-liberation2 fonts-dejavu-core fonts-noto-core
)
# shellcheck disable=SC2206
APT_PACKAGES+=(${SOHOA_APT_EXTRA:-})

missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    echo "setup: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: these Debian packages are missing; as root (or with sudo), run this and then this script again:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi

# The interpreter: python3 (Debian 12 ships 3.11), or the one PYTHON names.
PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "setup: $PYTHON is $("$PYTHON" -V 2>&1); sohoa needs Python 3.11 or newer (set PYTHON=...)" >&2
  exit 1
fi

if [[ ! -x .venv/bin/python ]]; then
  echo "setup: creating .venv with $("$PYTHON" -V)"
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
echo "setup: installing sohoa and its dependencies into .venv"
.venv/bin/python -m pip install --quiet --editable ".[dev,postgres]"

echo "setup: done. Tesseract $(tesseract --version 2>/dev/null | head -n1 | cut -d' ' -f2), languages: $(tesseract --list-langs 2>/dev/null | tail -n +2 | tr '\n' ' ')"
