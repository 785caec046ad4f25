"""Spoken-question evaluation: each case is said through the simulator, and the plain text of
the reply is checked against the case's stems.

Cases come from every ``*.yaml`` in ``tests/eval/`` (ours), ``tests/eval/heldout/`` (written
before tuning and never tuned on: its cases are named by file and number only, and a failure
reports the section and what was heard, never the words) and ``../shared/eval/`` (the shared
set, when present), with the sections ``questions``, ``redflags``, ``medication``,
``out_of_scope`` and ``conversations`` (``turns`` said in one session; the checks apply to
the reply to the last turn). In each case every ``must`` group needs one of its stems in the
reply, and no ``must_not`` stem may appear (case-insensitive). The terminal summary prints
each set's score (``tests/eval_summary.py``).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from foundations.yaml_loader import load_yaml

from cramp_coach.config import Settings
from skill.simulator.conversation import Simulator
from skill.simulator.envelope import Device
from tests.conftest import SHARED_DIR, TEST_SKILL_ID

EVAL_DIR = Path(__file__).resolve().parent / "eval"
HELDOUT_DIR = EVAL_DIR / "heldout"
SHARED_EVAL_DIR = SHARED_DIR / "eval"
SECTIONS = ("questions", "redflags", "medication", "out_of_scope", "conversations")
SETS = (("own", EVAL_DIR), ("heldout", HELDOUT_DIR), ("shared", SHARED_EVAL_DIR))


def _cases(label: str, directory: Path) -> list[tuple[str, str, dict]]:
    """(test id, section, case) for every case of every file in ``directory``."""
    found = []
    for path in sorted(directory.glob("*.yaml")) if directory.is_dir() else []:
        document = load_yaml(path) or {}
        for section in SECTIONS:
            for index, case in enumerate(document.get(section) or []):
                said = " / ".join(case.get("turns") or [case.get("say", "")])
                name = f"{path.stem}-{section}-{index}" if label == "heldout" else said
                found.append((f"{label}:{name}", section, case))
    return found


CASES = [case for label, directory in SETS for case in _cases(label, directory)]


@pytest.fixture(scope="module")
def simulator(tmp_path_factory):
    database = tmp_path_factory.mktemp("eval") / "eval.sqlite"
    settings = Settings(database_url=f"sqlite:///{database}", skill_id=TEST_SKILL_ID)
    simulator = Simulator.in_process(settings, Device(TEST_SKILL_ID))
    yield simulator
    simulator.close()


def test_project_evaluation_cases_exist():
    own = _cases("own", EVAL_DIR)
    assert own, f"{EVAL_DIR} has no cases in {SECTIONS}"


@pytest.mark.parametrize(("name", "section", "case"), CASES, ids=[name for name, _, _ in CASES])
def test_spoken_case_gets_a_reply_with_the_expected_facts(simulator, name, section, case):
    simulator.session = None
    turns = case.get("turns") or [case["say"]]
    for utterance in turns:
        turn = simulator.send(str(utterance))
        assert turn.ok, f"HTTP {turn.status}"
    simulator.session = None
    reply = turn.text.lower()
    missing = [index for index, group in enumerate(case.get("must") or [])
               if not any(str(stem).lower() in reply for stem in group)]
    present = [index for index, stem in enumerate(case.get("must_not") or []) if str(stem).lower() in reply]
    if name.startswith("heldout:"):
        detail = f"{section}: heard {turn.resolution.intent}; must groups missing {missing}, must_not present {present}"
    else:
        slots = {slot: fill.value for slot, fill in turn.resolution.slots.items()}
        detail = f"heard {turn.resolution.intent} {slots}; reply {turn.text!r}; missing {missing}, present {present}"
    assert not missing and not present, detail
