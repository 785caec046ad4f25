"""Off-script input mid-routine keeps the routine where it was and says how to carry on."""
from __future__ import annotations

import pytest

from tests.stretch_session import Conversation, slot

CARRY_ON = "When you're ready to carry on with your calf stretch, say next."


@pytest.fixture
def talk(client, clock) -> Conversation:
    conversation = Conversation(client, clock)
    conversation.start("CALF")
    conversation.say("AMAZON.NextIntent")
    return conversation


def test_unrelated_question_mid_routine_is_answered_then_next_continues_the_routine(talk):
    answer = talk.say("CausesIntent")
    assert "dehydration" in answer.speech
    assert answer.speech.endswith(CARRY_ON)
    assert answer.reprompt == CARRY_ON
    assert "Step 3 of 3, calf massage" in talk.say("AMAZON.NextIntent").speech


def test_gibberish_mid_routine_says_which_step_and_what_to_say(talk):
    answer = talk.say("AMAZON.FallbackIntent")
    assert "You're on step 2 of 3 of your calf stretch" in answer.speech
    assert "Say next to go on" in answer.speech
    assert not answer.ends_session
    assert "Step 3 of 3" in talk.say("AMAZON.NextIntent").speech


def test_help_mid_routine_lists_the_routine_commands(talk):
    answer = talk.say("AMAZON.HelpIntent")
    assert "step 2 of 3" in answer.speech
    assert all(word in answer.speech for word in ("next", "back", "repeat", "skip", "pause", "stop"))


def test_next_after_the_wrap_up_says_the_routine_is_finished_and_back_still_works(talk):
    talk.say("AMAZON.NextIntent")
    talk.say("AMAZON.NextIntent")
    answer = talk.say("AMAZON.NextIntent")
    assert "You've finished your calf stretch" in answer.speech
    assert "start over" in answer.speech
    assert not answer.ends_session
    assert "Step 3 of 3, calf massage" in talk.say("AMAZON.PreviousIntent").speech


def test_red_flag_mid_routine_gets_the_referral_without_a_nudge_back_to_stretching(talk):
    answer = talk.say("StartStretchIntent", slot("bodyPart", "LEFT_ARM", "left arm"))
    assert "emergency services" in answer.speech
    assert "say next" not in answer.speech


def test_unknown_routine_name_mid_routine_lists_routines_and_keeps_the_step(talk):
    answer = talk.say("StartStretchIntent", slot("routine", None, "yoga flow"))
    assert "bedtime routine" in answer.speech
    assert "Step 2 of 3" in talk.say("AMAZON.RepeatIntent").speech


def test_next_with_no_routine_and_nothing_saved_says_how_to_start_one(client, clock):
    answer = Conversation(client, clock).say("AMAZON.NextIntent")
    assert "no stretch going right now" in answer.speech
    assert "what stretches do you have" in answer.speech
    assert not answer.ends_session


@pytest.mark.parametrize("intent", ["StepsLeftIntent", "CurrentStretchIntent", "AMAZON.PauseIntent",
                                    "AMAZON.PreviousIntent", "SkipStepIntent"])
def test_routine_commands_with_no_routine_get_a_helpful_answer(client, clock, intent):
    answer = Conversation(client, clock).say(intent)
    assert "no stretch going right now" in answer.speech
    assert not answer.ends_session
