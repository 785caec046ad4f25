"""The evaluation's score per set, printed in the terminal summary ("held-out: 118/120")."""
from __future__ import annotations

import sys

LABELS = {"own": "own", "heldout": "held-out", "shared": "shared"}


def write_eval_scores(terminalreporter) -> None:
    module = sys.modules.get("tests.test_eval")
    if module is None:
        return
    for label, (passed, run) in module.SCORES.items():
        terminalreporter.write_line(f"{LABELS[label]}: {passed}/{run}")
    for passed, run in module.RED_FLAG_SCORE:
        terminalreporter.write_line(f"red flags: {passed}/{run}")
