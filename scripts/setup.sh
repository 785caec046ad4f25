#!/usr/bin/env bash
# Idempotent set-up on a fresh machine: a virtualenv with the project, and (for the tests) the
# Debian packages the tests use.
#
#   scripts/setup.sh            the service: the project and its PostgreSQL driver
#   scripts/setup.sh test       the same plus the test extras and the Debian packages
#
# The project is installed only when pyproject.toml (where the dependencies are pinned) changed
# since the last install into this .venv, or the .venv is new. Output is quiet: the installers'
# log is printed only when a step fails.
set -euo pipefail
cd "$(dirname "$0")/.."

purpose="${1:-serve}"
case "$purpose" in
    serve) extras="postgres" ;;
    test) extras="test,postgres" ;;
    *) echo "usage: scripts/setup.sh [serve|test]" >&2; exit 2 ;;
esac

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
quietly() {
    if ! "$@" >"$log" 2>&1; then
        cat "$log" >&2
        echo "set-up failed: $*" >&2
        exit 1
    fi
}

if [ "$purpose" = test ]; then
    missing=()
    for package in espeak-ng sox chromium; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    if [ "${#missing[@]}" -gt 0 ] && [ "${CRAMP_COACH_SKIP_APT:-0}" != "1" ]; then
        SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
        echo "installing Debian packages: ${missing[*]}" >&2
        quietly $SUDO apt-get update -qq
        quietly env DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
    fi
fi

# A set-up interrupted while the venv was being made leaves it without pip: start it again.
if ! [ -x .venv/bin/python ] || ! compgen -G ".venv/lib/python3*/site-packages/pip" >/dev/null; then
    rm -rf .venv
    quietly python3 -m venv .venv
fi

# One stamp per set of extras, holding the hash of the pyproject.toml it was installed from.
want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
installed() { [ "$(cat ".venv/.installed-$1" 2>/dev/null)" = "$want" ]; }
if installed "$extras" || { [ "$purpose" = serve ] && installed "test,postgres"; }; then
    exit 0
fi
echo "installing the project into .venv (pyproject.toml changed or first run)…" >&2
quietly .venv/bin/python -m pip install --disable-pip-version-check --upgrade pip
quietly .venv/bin/python -m pip install --disable-pip-version-check -e ".[$extras]"
echo "$want" > ".venv/.installed-$extras"
