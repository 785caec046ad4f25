"""The layers in docs/architecture.md hold: entry points → surfaces → domain → foundations.

``lint-imports`` reads the contracts in pyproject.toml; an import that runs back up a layer, one
surface importing another, or a benchmark importing the tests breaks the run.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def test_no_import_runs_back_up_a_layer():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run([str(lint_imports), "--no-cache"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout
