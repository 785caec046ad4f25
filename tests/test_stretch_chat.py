"""The acceptance walk-through: stretch routines spoken through ``cramp-coach chat --json``."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from foundations.ssml import plain_text, ssml_problems
from skill.stretch.routines import RoutineBook
from tests.stretch_session import breaks_of

CRAMP_COACH = Path(sys.executable).parent / "cramp-coach"
CALF = RoutineBook.load().get("calf")
APL_RENDER = "Alexa.Presentation.APL.RenderDocument"


def chat(database_url: str, *utterances: str, apl: bool = False) -> list[dict]:
    """One ``cramp-coach chat --json`` run: the utterances on stdin, one JSON turn per line out."""
    env = {**os.environ, "CRAMP_COACH_DATABASE_URL": database_url}
    command = [str(CRAMP_COACH), "chat", "--json"] + (["--apl"] if apl else [])
    result = subprocess.run(command, input="\n".join(utterances) + "\n", capture_output=True, text=True,
                            env=env, timeout=120, check=True)
    turns = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(turns) == len(utterances)
    for turn in turns:
        assert ssml_problems(turn["response"]["response"]["outputSpeech"]["ssml"]) == []
    return turns


def speech(turn: dict) -> str:
    return plain_text(turn["response"]["response"]["outputSpeech"]["ssml"])


def breaks(turn: dict) -> list[float]:
    return breaks_of(turn["response"]["response"]["outputSpeech"]["ssml"])


def test_calf_routine_walked_with_next_repeat_back_and_stop_times_every_hold(database_url):
    turns = chat(database_url, "ask cramp coach to walk me through a calf stretch", "next", "repeat",
                 "go back", "next", "next", "stop")
    assert [turn["intent"] for turn in turns] == [
        "StartStretchIntent", "AMAZON.NextIntent", "AMAZON.RepeatIntent", "AMAZON.PreviousIntent",
        "AMAZON.NextIntent", "AMAZON.NextIntent", "AMAZON.StopIntent"]
    heard_steps = [CALF.steps[index] for index in (0, 1, 1, 0, 1, 2)]
    for turn, step in zip(turns, heard_steps):
        assert f"{step.move.name}." in speech(turn)
        assert all(seconds <= 10 for seconds in breaks(turn))
        assert sum(breaks(turn)) == step.timed_seconds
        assert "directives" not in turn["response"]["response"]
    assert "stopping your calf stretch at step 3" in speech(turns[-1])
    assert turns[-1]["response"]["response"]["shouldEndSession"] is True


def test_pause_then_resume_from_a_new_session_continues_at_the_same_step(database_url):
    paused = chat(database_url, "walk me through a calf stretch", "next", "pause")
    assert "Paused at step 2 of 3" in speech(paused[-1])
    [resumed] = chat(database_url, "ask cramp coach to resume my stretch")
    assert resumed["request"]["session"]["new"] is True
    assert "Step 2 of 3, standing wall stretch" in speech(resumed)


def test_screen_is_sent_only_when_the_device_supports_apl(database_url):
    [with_screen] = chat(database_url, "walk me through a calf stretch", apl=True)
    assert "Alexa.Presentation.APL" in with_screen["request"]["context"]["System"]["device"]["supportedInterfaces"]
    [directive] = with_screen["response"]["response"]["directives"]
    assert directive["type"] == APL_RENDER
    assert directive["datasources"]["step"]["progress"] == "Step 1 of 3"
    [voice_only] = chat(database_url, "walk me through a calf stretch")
    assert "directives" not in voice_only["response"]["response"]


def test_bad_input_mid_routine_keeps_the_routine_and_says_what_to_do(database_url):
    turns = chat(database_url, "start my bedtime routine", "next", "what causes cramps",
                 "blorf quantum banana", "next")
    question, gibberish, following = turns[2:]
    assert speech(question).endswith("When you're ready to carry on with your bedtime routine, say next.")
    assert "You're on step 2 of 5 of your bedtime routine" in speech(gibberish)
    assert "Step 3 of 5" in speech(following)


def test_next_after_the_last_step_says_the_routine_is_finished(database_url):
    turns = chat(database_url, "help me stretch my thigh", "next", "next", "next")
    assert "end of your thigh stretch" in speech(turns[2])
    assert "You've finished your thigh stretch" in speech(turns[3])
    assert turns[3]["response"]["response"]["shouldEndSession"] is False


def test_wrap_up_suggests_a_stretch_reminder_phrase_that_sets_one(database_url):
    turns = chat(database_url, "help me stretch my thigh", "next", "next")
    suggestion = speech(turns[-1]).split("you can say, ")[1].split(".")[0]
    [reminder] = chat(database_url, suggestion)
    assert reminder["intent"] == "CreateReminderIntent"
    assert reminder["slots"]["kind"]["id"] == "STRETCH"
