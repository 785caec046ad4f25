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

from cramp_coach.simulator_commands import simulator_in_process
from foundations.settings import Settings
from foundations.yaml_loader import load_yaml
from knowledge.answers import Answerer
from knowledge.base import KnowledgeBase
from simulator.conversation import Simulator
from simulator.envelope import Device
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
    simulator = simulator_in_process(settings, Device(TEST_SKILL_ID))
    yield simulator
    simulator.close()


def test_project_evaluation_cases_exist():
    own = _cases("own", EVAL_DIR)
    assert own, f"{EVAL_DIR} has no cases in {SECTIONS}"


# The share of each set's cases that must pass: what the skill scored on 2026-12-08 (own
# 788/854 with spoken-boundaries.yaml, which scored 37/75 when added; held-out 655/770 with the
# three held-out files written that day, which scored 57/87, 66/88 and 73/90 on their first runs),
# less a margin for the catalogue's varied wordings, so no change may lower it; every shared case
# passes.
FLOORS = {"own": 0.87, "heldout": 0.80, "shared": 1.0}


def run_case(simulator: Simulator, name: str, section: str, case: dict) -> str | None:
    """None when the reply has what the case asks for, else what went wrong."""
    simulator.session = None
    turns = case.get("turns") or [case["say"]]
    for utterance in turns:
        turn = simulator.send(str(utterance))
        if not turn.ok:
            return f"{name}: HTTP {turn.status}"
    simulator.session = None
    missing, present = misses(case, turn.text)
    if not missing and not present:
        return None
    if name.startswith("heldout:"):
        return f"{name}: heard {turn.resolution.intent}; must groups missing {missing}, must_not present {present}"
    return f"{name}: heard {turn.resolution.intent}; reply {turn.text!r}; missing {missing}, present {present}"


def misses(case: dict, reply: str) -> tuple[list[int], list[int]]:
    """The case's ``must`` groups the reply lacks and its ``must_not`` stems the reply has."""
    reply = reply.lower()
    missing = [index for index, group in enumerate(case.get("must") or [])
               if not any(str(stem).lower() in reply for stem in group)]
    return missing, [index for index, stem in enumerate(case.get("must_not") or []) if str(stem).lower() in reply]


@pytest.mark.parametrize("label", [label for label, _ in SETS])
def test_evaluation_set_scores_at_least_its_floor(simulator, label, record_property):
    cases = [case for case in CASES if case[0].startswith(f"{label}:")]
    if not cases:
        assert label != "own", "no own evaluation cases"
        return
    failures = [problem for problem in (run_case(simulator, *case) for case in cases) if problem]
    passed = len(cases) - len(failures)
    SCORES[label] = (passed, len(cases))
    record_property("score", f"{passed}/{len(cases)}")
    assert passed >= FLOORS[label] * len(cases), f"{label}: {passed}/{len(cases)}\n" + "\n".join(failures)


def test_every_red_flag_case_is_referred_urgently_first(simulator):
    cases = [case for case in CASES if case[1] == "redflags"]
    failures = [problem for problem in (run_case(simulator, *case) for case in cases) if problem]
    RED_FLAG_SCORE.append((len(cases) - len(failures), len(cases)))
    assert len(failures) <= RED_FLAG_MISSES_ALLOWED, "\n".join(failures)


SCORES: dict[str, tuple[int, int]] = {}
RED_FLAG_SCORE: list[tuple[int, int]] = []
# Every red flag, in every set, is referred urgently first.
RED_FLAG_MISSES_ALLOWED = 0


# Alexa may route any question to the catch-all (CrampQuestionIntent, the whole question in its
# search query) rather than to the topic intent the simulator picks: retrieval alone answers
# this share of the own set's questions with the fact asked (434 of 522 on 2026-12-08).
CATCH_ALL_FLOOR = 0.75


def test_the_catch_all_alone_answers_most_questions_with_the_fact_asked():
    answerer = Answerer(KnowledgeBase.load())
    cases = [case for name, section, case in CASES if section == "questions" and name.startswith("own:")]
    answered = 0
    for case in cases:
        reply = answerer.search(case["say"])
        missing, present = misses(case, " ".join(fact.say for fact in reply.answer.facts) if reply else "")
        answered += not missing and not present
    assert answered >= CATCH_ALL_FLOOR * len(cases), f"{answered}/{len(cases)}"

