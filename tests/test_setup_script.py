"""``scripts/setup.sh``: quiet, and installing only when ``pyproject.toml`` changed.

The project's own ``.venv`` is run against only when it is already installed, so the test never
reinstalls it; the installing runs use a copy of the script in a temporary folder whose
``.venv/bin/python`` is a stand-in that records what it was asked to do. ``apt-get`` is never
run (``CRAMP_COACH_SKIP_APT=1``).
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from foundations.settings import PROJECT_ROOT

INSTALLING = "installing the project into .venv (pyproject.toml changed or first run)…\n"
# Stands in for the virtualenv's Python: records each call, chatters like pip, fails when told.
FAKE_PYTHON = """#!/usr/bin/env bash
echo "$*" >> "$(dirname "$0")/../calls"
for line in $(seq 1 200); do echo "Collecting something-$line"; echo "warning $line" >&2; done
[ -z "${FAKE_PIP_FAILS:-}" ] || { echo "ERROR: No matching distribution found for $FAKE_PIP_FAILS" >&2; exit 1; }
"""


def run_setup(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(root / "scripts" / "setup.sh"), *args], cwd=root, capture_output=True, text=True,
                          timeout=60, env={**os.environ, "CRAMP_COACH_SKIP_APT": "1", **env})


@pytest.fixture
def checkout(tmp_path) -> Path:
    """The script and pyproject.toml in a folder of their own, with a stand-in virtualenv (pip in it)."""
    root = tmp_path / "checkout"
    (root / "scripts").mkdir(parents=True)
    shutil.copy2(PROJECT_ROOT / "scripts" / "setup.sh", root / "scripts" / "setup.sh")
    shutil.copy2(PROJECT_ROOT / "pyproject.toml", root / "pyproject.toml")
    python = root / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(FAKE_PYTHON)
    python.chmod(0o755)
    (root / ".venv" / "lib" / "python3.11" / "site-packages" / "pip").mkdir(parents=True)
    return root


def pip_installs(root: Path) -> list[str]:
    calls = root / ".venv" / "calls"
    lines = calls.read_text().splitlines() if calls.exists() else []
    return [line.split(" -e ")[1] for line in lines if " -e " in line]


@pytest.mark.parametrize("purpose", ["test", "serve"])
def test_setup_on_the_installed_project_prints_nothing_and_reinstalls_nothing(purpose):
    stamp = PROJECT_ROOT / ".venv" / ".installed-test,postgres"
    wanted = hashlib.sha256((PROJECT_ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not stamp.exists() or stamp.read_text().strip() != wanted:
        pytest.skip("needs .venv installed from the current pyproject.toml (run scripts/setup.sh test first)")
    before = stamp.stat().st_mtime_ns

    result = run_setup(PROJECT_ROOT, purpose)

    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert stamp.stat().st_mtime_ns == before


def test_first_setup_installs_once_with_one_line_and_a_second_run_is_silent(checkout):
    first = run_setup(checkout, "test")
    assert (first.returncode, first.stdout, first.stderr) == (0, "", INSTALLING)
    assert pip_installs(checkout) == [".[test,postgres]"]

    second = run_setup(checkout, "test")
    assert (second.returncode, second.stdout, second.stderr) == (0, "", "")
    assert pip_installs(checkout) == [".[test,postgres]"]


def test_setup_reinstalls_after_pyproject_changes(checkout):
    run_setup(checkout, "test")
    with (checkout / "pyproject.toml").open("a") as pyproject:
        pyproject.write("\n# a dependency pin changed\n")

    again = run_setup(checkout, "test")

    assert (again.returncode, again.stdout, again.stderr) == (0, "", INSTALLING)
    assert pip_installs(checkout) == [".[test,postgres]", ".[test,postgres]"]


def test_setup_for_serving_installs_without_the_test_extras(checkout):
    result = run_setup(checkout, "serve")
    assert (result.returncode, result.stderr) == (0, INSTALLING)
    assert pip_installs(checkout) == [".[postgres]"]


def test_failed_install_shows_the_installers_output_and_installs_again_next_time(checkout):
    failed = run_setup(checkout, "test", FAKE_PIP_FAILS="cramp-coach")
    assert failed.returncode == 1 and failed.stdout == ""
    assert "ERROR: No matching distribution found for cramp-coach" in failed.stderr
    assert "set-up failed: .venv/bin/python -m pip install" in failed.stderr

    retried = run_setup(checkout, "test")
    assert (retried.returncode, retried.stderr) == (0, INSTALLING)
