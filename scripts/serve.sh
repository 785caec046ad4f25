#!/usr/bin/env bash
# Set up (only what changed, never the test extras) and start the whole service on the embedded
# SQLite database. Arguments go to `cramp-coach serve` (for example --port 8080).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh serve
exec .venv/bin/cramp-coach serve "$@"
