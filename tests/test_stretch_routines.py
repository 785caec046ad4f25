"""The routines data: every move from a seed article, sensible holds, the moves the issue asks for."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from knowledge.safety import mentions_prescription
from skill.stretch.routines import MAX_HOLD_SECONDS, ROUTINES_FILE, RoutineBook, RoutineError
from tests.seeds import assert_quotes_its_seed

BOOK = RoutineBook.load()
MODEL = Path(__file__).resolve().parents[1] / "interaction_model" / "interactionModels" / "custom" / "en-US.json"


@pytest.mark.parametrize("line", BOOK.lines(), ids=lambda line: getattr(line, "id", line.say[:30]))
def test_every_spoken_move_and_tip_quotes_its_seed_article_verbatim(line):
    assert line.source in BOOK.sources
    assert_quotes_its_seed(line.source, line.quote)
    assert not mentions_prescription(line.say)


@pytest.mark.parametrize("routine", BOOK.all(), ids=lambda routine: routine.id)
def test_every_routine_has_timed_holds_within_a_minute(routine):
    assert any(step.move.hold for step in routine.steps)
    for step in routine.steps:
        assert 0 <= step.move.hold <= MAX_HOLD_SECONDS


def test_calf_routine_has_seated_toe_pull_and_wall_stretch_held_20_seconds_each_side():
    steps = {step.move.id: step for step in BOOK.get("calf").steps}
    assert steps["seated_toe_pull"].move.hold == 20
    assert steps["wall_calf_stretch"].move.hold == 20
    assert steps["wall_calf_stretch"].sides == ("left", "right")


def test_thigh_routine_holds_heel_to_buttock_20_seconds_each_side():
    step = BOOK.get("thigh").steps[0]
    assert "heel as close to your buttock" in step.move.say
    assert (step.move.hold, len(step.sides)) == (20, 2)


def test_hand_routine_shakes_squeezes_types_bends_little_finger_and_massages():
    moves = [step.move.id for step in BOOK.get("hands").steps]
    assert moves == ["hand_shake_out", "fist_squeeze", "typing_motion", "little_finger_bend", "hand_massage"]


def test_warm_up_starts_slowly_with_untimed_cycling_then_stretches():
    first, *rest = BOOK.get("warmup").steps
    assert first.move.hold == 0
    assert "five to ten minutes" in first.move.say and "slowly" in first.move.say
    assert rest and all(step.move.hold for step in rest)


def test_body_parts_each_open_one_routine():
    assert BOOK.for_body_part("THIGH").id == "thigh"
    assert BOOK.for_body_part("TOES").id == "foot"
    assert BOOK.for_body_part("NECK") is None


def test_routine_slot_ids_and_body_parts_match_the_interaction_model():
    language = json.loads(MODEL.read_text(encoding="utf-8"))["interactionModel"]["languageModel"]
    types = {slot_type["name"]: {value["id"] for value in slot_type["values"]} for slot_type in language["types"]}
    assert types["StretchRoutine"] == {routine.id.upper() for routine in BOOK.all()}
    assert {part for routine in BOOK.all() for part in routine.body_parts} <= types["BODY_PART"]
    intents = {intent["name"] for intent in language["intents"]}
    assert {"StartStretchIntent", "ListStretchesIntent", "ResumeStretchIntent", "StepsLeftIntent",
            "CurrentStretchIntent", "SkipStepIntent", "AMAZON.NextIntent", "AMAZON.PreviousIntent",
            "AMAZON.RepeatIntent", "AMAZON.StartOverIntent", "AMAZON.PauseIntent",
            "AMAZON.ResumeIntent"} <= intents


@pytest.mark.parametrize(("change", "problem"), [
    (("source: 003_de7c05f641cbb45c.txt", "source: 999_unknown.txt"), "unknown source"),
    (("hold: 20", "hold: 90"), "hold must be 0 to 60"),
    (("- {move: calf_massage}", "- {move: cartwheel}"), "unknown move"),
    (("sides: [left, right]}", "sides: [left, left]}"), "sides must be distinct"),
])
def test_malformed_routines_file_is_refused_at_start(tmp_path, change, problem):
    broken = tmp_path / "routines.yaml"
    broken.write_text(ROUTINES_FILE.read_text(encoding="utf-8").replace(*change, 1), encoding="utf-8")
    with pytest.raises(RoutineError, match=problem):
        RoutineBook.load(broken)
