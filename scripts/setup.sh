#!/usr/bin/env bash
# Idempotent set-up on a fresh machine: Debian packages the tests use, a virtualenv, the project.
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(espeak-ng sox chromium)
missing=()
for package in "${debian_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ] && [ "${CRAMP_COACH_SKIP_APT:-0}" != "1" ]; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test,postgres]"
