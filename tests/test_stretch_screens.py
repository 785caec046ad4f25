"""Screens: each step is shown on devices that support APL, and nothing extra is sent elsewhere."""
from __future__ import annotations

from tests.stretch_session import Conversation

APL_RENDER = "Alexa.Presentation.APL.RenderDocument"


def test_echo_show_gets_a_screen_with_routine_step_text_progress_and_hold(client, clock):
    talk = Conversation(client, clock, fixture="start_calf_stretch_echo_show")
    talk.start("CALF")
    turn = talk.say("AMAZON.NextIntent")
    [directive] = turn.directives
    assert directive["type"] == APL_RENDER
    screen = directive["datasources"]["step"]
    assert screen["routine"] == "Calf stretch"
    assert screen["name"] == "Standing wall stretch"
    assert screen["progress"] == "Step 2 of 3"
    assert screen["hold"] == "20 seconds each side"
    assert "press your rear heel down" in screen["text"]
    assert directive["document"]["type"] == "APL"


def test_echo_show_screen_for_untimed_step_says_in_your_own_time(client, clock):
    talk = Conversation(client, clock, fixture="start_calf_stretch_echo_show")
    [directive] = talk.start("WARMUP").directives
    assert directive["datasources"]["step"]["hold"] == "In your own time"


def test_repeated_hold_screen_says_how_many_times(client, clock):
    talk = Conversation(client, clock, fixture="start_calf_stretch_echo_show")
    talk.start("HANDS")
    [directive] = talk.say("AMAZON.NextIntent").directives
    assert directive["datasources"]["step"]["hold"] == "5 seconds, 3 times"


def test_voice_only_device_gets_no_directives_at_any_step(client, clock):
    talk = Conversation(client, clock)
    turns = [talk.start("CALF"), talk.say("AMAZON.NextIntent"), talk.say("AMAZON.RepeatIntent"),
             talk.say("AMAZON.NextIntent"), talk.say("AMAZON.NextIntent")]
    assert all(turn.directives == [] for turn in turns)


def test_echo_show_gets_no_step_screen_for_answers_that_are_not_steps(client, clock):
    talk = Conversation(client, clock, fixture="start_calf_stretch_echo_show")
    assert talk.say("ListStretchesIntent").directives == []
