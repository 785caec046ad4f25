"""Walking through stretch routines by voice, through POST /alexa."""
from __future__ import annotations

import pytest

from skill.stretch.routines import RoutineBook
from tests.stretch_session import Conversation, slot

ROUTINES = RoutineBook.load()
SAFETY_LINE = "stop straight away if anything hurts"


@pytest.fixture
def talk(client, clock) -> Conversation:
    return Conversation(client, clock)


def test_calf_routine_walked_with_next_repeat_back_and_stop_speaks_each_step_in_order(talk):
    first = talk.start("CALF")
    assert "Let's do your calf stretch" in first.speech
    assert "Step 1 of 3, seated toe pull" in first.speech
    assert not first.ends_session
    assert "Step 2 of 3, standing wall stretch" in talk.say("AMAZON.NextIntent").speech
    repeated = talk.say("AMAZON.RepeatIntent")
    assert repeated.speech.startswith("Here it is again. Step 2 of 3")
    assert "Step 1 of 3, seated toe pull" in talk.say("AMAZON.PreviousIntent").speech
    assert "Step 2 of 3" in talk.say("AMAZON.NextIntent").speech
    assert "Step 3 of 3, calf massage" in talk.say("AMAZON.NextIntent").speech
    stopped = talk.say("AMAZON.StopIntent")
    assert "stopping your calf stretch at step 3" in stopped.speech
    assert "resume my stretch" in stopped.speech
    assert stopped.ends_session


def test_last_next_wraps_up_with_the_routine_tip_and_keeps_listening(talk):
    talk.start("CALF")
    talk.say("AMAZON.NextIntent")
    talk.say("AMAZON.NextIntent")
    wrap_up = talk.say("AMAZON.NextIntent")
    assert "end of your calf stretch" in wrap_up.speech
    assert ROUTINES.get("calf").tip.say in wrap_up.speech
    assert not wrap_up.ends_session


def test_every_routine_opens_with_the_stop_if_it_hurts_line(talk):
    for routine in ROUTINES.all():
        opening = talk.start(routine.id.upper())
        assert f"Let's do your {routine.name}" in opening.speech
        assert SAFETY_LINE in opening.speech
        assert "Step 1 of" in opening.speech


def test_two_sided_step_says_when_to_switch_sides(talk):
    talk.start("CALF")
    speech = talk.say("AMAZON.NextIntent").speech
    assert speech.index("Start with your left calf") < speech.index("Now the other side, your right calf")


@pytest.mark.parametrize(("body_part", "routine_name"), [
    ("THIGH", "thigh stretch"), ("CALF", "calf stretch"), ("LEG", "calf stretch"),
    ("FOOT", "foot arch stretch"), ("FINGERS", "hand and finger stretch"),
])
def test_start_by_body_part_opens_its_routine(talk, body_part, routine_name):
    opening = talk.say("StartStretchIntent", slot("bodyPart", body_part, body_part.lower()))
    assert f"Let's do your {routine_name}" in opening.speech


def test_start_by_body_part_without_a_routine_says_so_and_lists_the_routines(talk):
    answer = talk.say("StartStretchIntent", slot("bodyPart", "NECK", "neck"))
    assert "don't have a stretch for that part of the body" in answer.speech
    assert "bedtime routine" in answer.speech
    assert not answer.ends_session


def test_what_stretches_do_you_have_lists_every_routine_briefly(talk):
    answer = talk.say("ListStretchesIntent")
    for routine in ROUTINES.all():
        assert routine.name in answer.speech
    assert len(answer.speech) < 300
    assert answer.speech.endswith("?")


def test_left_hand_stretch_request_gets_the_urgent_referral_not_a_routine(talk):
    answer = talk.say("StartStretchIntent", slot("bodyPart", "LEFT_HAND", "left hand"))
    assert "emergency services" in answer.speech
    assert "Let's do" not in answer.speech


def test_skip_moves_on_and_start_over_returns_to_step_one(talk):
    talk.start("HANDS")
    assert talk.say("SkipStepIntent").speech.startswith("Okay, skipping that one. Step 2 of 5")
    assert "Step 1 of 5" in talk.say("AMAZON.StartOverIntent").speech


def test_steps_left_and_which_stretch_answer_without_moving(talk):
    talk.start("BEDTIME")
    talk.say("AMAZON.NextIntent")
    assert "3 more steps after this one" in talk.say("StepsLeftIntent").speech
    current = talk.say("CurrentStretchIntent")
    assert "step 2 of 5 of your bedtime routine, the standing wall stretch" in current.speech
    assert "Step 3 of 5" in talk.say("AMAZON.NextIntent").speech


def test_back_on_the_first_step_repeats_it(talk):
    talk.start("THIGH")
    answer = talk.say("AMAZON.PreviousIntent")
    assert answer.speech.startswith("This is the first step")
    assert "Step 1 of 2" in answer.speech
