#!/usr/bin/env bash
# Set up (idempotently) and start the whole service on the embedded SQLite database.
# Arguments go to `cramp-coach serve` (for example --port 8080).
set -euo pipefail
cd "$(dirname "$0")/.."
CRAMP_COACH_SKIP_APT="${CRAMP_COACH_SKIP_APT:-1}" scripts/setup.sh
exec .venv/bin/cramp-coach serve "$@"
