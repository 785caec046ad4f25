"""Every benchmark starts as a file (from any folder) and as a module, and ``--help`` names its options.

The eight ``--help`` runs start together in one fixture, so the module costs about as long as its
slowest start-up rather than the sum of them.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]

OPTIONS = {
    "dispatch": ["--reminders", "--batch-size", "--database-url", "--skip-sqlite"],
    "endpoint": ["--requests", "--rounds", "--seconds", "--database-url"],
    "progress": ["--schedules", "--rounds"],
    "endpoint_server": ["{ours,hello,flask}", "PORT", "DATABASE_URL", "ROOTS_PEM", "CHAIN_PEM", "SKILL_ID"],
}


@pytest.fixture(scope="module")
def help_runs(tmp_path_factory) -> dict[tuple[str, str], subprocess.CompletedProcess]:
    """``--help`` of each benchmark as ``python benchmarks/NAME.py`` (from elsewhere) and ``python -m benchmarks.NAME``."""
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    commands = {}
    for name in OPTIONS:
        commands[name, "file"] = ([sys.executable, str(PROJECT_ROOT / "benchmarks" / f"{name}.py"), "--help"], elsewhere)
        commands[name, "module"] = ([sys.executable, "-m", f"benchmarks.{name}", "--help"], PROJECT_ROOT)
    started = {key: subprocess.Popen(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for key, (argv, cwd) in commands.items()}
    runs = {}
    for key, process in started.items():
        stdout, stderr = process.communicate(timeout=120)
        runs[key] = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    return runs


@pytest.mark.parametrize("name", sorted(OPTIONS))
def test_benchmark_help_as_file_and_as_module_exits_0_and_names_every_option(help_runs, name):
    as_file, as_module = help_runs[name, "file"], help_runs[name, "module"]
    assert as_file.returncode == 0, as_file.stderr
    assert as_module.returncode == 0, as_module.stderr
    usage = as_file.stdout
    assert usage.startswith(f"usage: {name}.py")
    missing = [option for option in OPTIONS[name] if option not in usage]
    assert not missing, f"{name} --help does not name {missing}:\n{usage}"
    assert as_module.stdout == usage
