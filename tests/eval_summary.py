"""The evaluation's score per set, printed in the terminal summary ("held-out: 118/120")."""
from __future__ import annotations

import re

LABELS = {"own": "own", "heldout": "held-out", "shared": "shared"}
_CASE = re.compile(r"test_eval\.py::test_spoken_case_gets_a_reply_with_the_expected_facts\[(own|heldout|shared):")


def eval_scores(stats: dict) -> dict[str, tuple[int, int]]:
    """Set label -> (passed, run) from pytest's terminal-reporter stats."""
    scores: dict[str, list[int]] = {}
    for outcome in ("passed", "failed"):
        for report in stats.get(outcome, []):
            match = _CASE.search(getattr(report, "nodeid", ""))
            if match and getattr(report, "when", "call") == "call":
                tally = scores.setdefault(LABELS[match.group(1)], [0, 0])
                tally[0] += outcome == "passed"
                tally[1] += 1
    return {label: (passed, run) for label, (passed, run) in scores.items()}


def write_eval_scores(terminalreporter) -> None:
    for label, (passed, run) in eval_scores(terminalreporter.stats).items():
        terminalreporter.write_line(f"{label}: {passed}/{run}")
