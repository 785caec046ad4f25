#!/usr/bin/env bash
# Set up (only what changed) and run the whole test suite. Extra arguments go to pytest.
# The PostgreSQL leg runs when CRAMP_COACH_TEST_POSTGRES_URL is set (.ci/run sets it).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
exec .venv/bin/python -m pytest "$@"
