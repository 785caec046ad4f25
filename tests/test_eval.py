"""Spoken-question evaluation: each case is said once ("Alexa, ask cramp coach …") through the
simulator, and the plain text of the reply is checked against the case's stems.

Cases come from ``tests/eval/questions.yaml`` (ours) and, when present,
``../shared/eval/questions.yaml`` (the shared set). In each case every ``must`` group needs
one of its stems in the reply, and no ``must_not`` stem may appear (case-insensitive).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from foundations.yaml_loader import load_yaml

from cramp_coach.config import Settings
from skill.simulator.conversation import Simulator
from skill.simulator.envelope import Device
from tests.conftest import TEST_SKILL_ID

PROJECT_CASES = Path(__file__).resolve().parent / "eval" / "questions.yaml"
SHARED_CASES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "questions.yaml"
SECTIONS = ("questions", "redflags", "medication")


def _cases(path: Path) -> list[dict]:
    if not path.exists():
        return []
    document = load_yaml(path) or {}
    return [case for section in SECTIONS for case in document.get(section) or []]


CASES = _cases(PROJECT_CASES) + _cases(SHARED_CASES)


@pytest.fixture(scope="module")
def simulator(tmp_path_factory):
    database = tmp_path_factory.mktemp("eval") / "eval.sqlite"
    settings = Settings(database_url=f"sqlite:///{database}", skill_id=TEST_SKILL_ID)
    simulator = Simulator.in_process(settings, Device(TEST_SKILL_ID))
    yield simulator
    simulator.close()


def test_project_evaluation_cases_exist():
    assert PROJECT_CASES.exists(), f"{PROJECT_CASES} is missing: the spoken-question cases live there"
    assert _cases(PROJECT_CASES), f"{PROJECT_CASES} has no cases in {SECTIONS}"


@pytest.mark.parametrize("case", CASES, ids=[case["say"] for case in CASES])
def test_spoken_question_gets_an_answer_with_the_expected_facts(simulator, case):
    turn = simulator.say(case["say"])
    reply = turn.text.lower()
    heard = f"heard {turn.resolution.intent} {({n: f.value for n, f in turn.resolution.slots.items()})}"
    missing = [group for group in case.get("must") or [] if not any(str(stem).lower() in reply for stem in group)]
    present = [str(stem) for stem in case.get("must_not") or [] if str(stem).lower() in reply]
    assert turn.ok, f"HTTP {turn.status}: {turn.response}"
    assert not missing, f"{heard}; reply {turn.text!r} lacks any of {missing}"
    assert not present, f"{heard}; reply {turn.text!r} contains {present}"
