"""The endpoint benchmark starts as a file and as a module, and needs nothing from the tests."""
from __future__ import annotations

import subprocess
import sys

from foundations.settings import PROJECT_ROOT

SCRIPT = PROJECT_ROOT / "benchmarks" / "endpoint.py"


def test_endpoint_benchmark_runs_as_a_file_from_anywhere_and_as_a_module(tmp_path):
    as_file = subprocess.run([sys.executable, str(SCRIPT), "--help"], cwd=tmp_path, capture_output=True,
                             text=True, timeout=120)
    as_module = subprocess.run([sys.executable, "-m", "benchmarks.endpoint", "--help"], cwd=PROJECT_ROOT,
                               capture_output=True, text=True, timeout=120)
    assert as_file.returncode == 0 and as_module.returncode == 0, as_file.stderr + as_module.stderr
    assert "--requests" in as_file.stdout and as_file.stdout == as_module.stdout


def test_endpoint_benchmark_imports_nothing_from_the_tests():
    loaded = subprocess.run([sys.executable, "-c", "import sys, benchmarks.endpoint, benchmarks.endpoint_server; "
                             "print(sorted(name for name in sys.modules if name.split('.')[0] == 'tests'))"],
                            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.strip() == "[]"
