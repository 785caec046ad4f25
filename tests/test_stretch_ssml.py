"""Step SSML: valid for Alexa, holds made of breaks of at most 10 s that add up to the hold,
and a 20-second hold that really lasts about 20 seconds when spoken (espeak-ng + sox)."""
from __future__ import annotations

import random
import shutil
import subprocess

import pytest

from foundations.ssml import plain_text, ssml_problems
from knowledge.sources import SourcedLine
from skill.speech import Speech, SpeechCatalogue
from skill.stretch.routines import Move, Routine, RoutineBook, Step
from skill.stretch.ssml import hold_chunks, hold_ssml, step_ssml
from tests.stretch_session import breaks_of

BOOK = RoutineBook.load()
SPEECH = Speech(SpeechCatalogue.load(), "en-US", random.Random())
STEPS = [(routine, index) for routine in BOOK.all() for index in range(len(routine.steps))]


@pytest.mark.parametrize(("seconds", "chunks"), [(20, [10, 10]), (25, [5, 10, 10]), (5, [5]), (10, [10])])
def test_hold_is_split_into_breaks_of_at_most_ten_seconds_remainder_first(seconds, chunks):
    assert hold_chunks(seconds) == chunks


def test_twenty_second_hold_counts_down_and_releases():
    speech = plain_text(f"<speak>{hold_ssml(20, 'hold', SPEECH)}</speak>")
    assert speech == "Hold it there. 10 more seconds. And relax."


@pytest.mark.parametrize(("routine", "index"), STEPS, ids=[f"{r.id}-{i + 1}" for r, i in STEPS])
def test_every_step_is_valid_ssml_whose_breaks_add_up_to_its_holds(routine, index):
    ssml = f"<speak>{step_ssml(routine, index, SPEECH)}</speak>"
    assert ssml_problems(ssml) == []
    assert sum(breaks_of(ssml)) == routine.steps[index].timed_seconds
    assert all(seconds <= 10 for seconds in breaks_of(ssml))


def test_last_step_tells_the_person_how_to_finish():
    routine = BOOK.get("calf")
    assert "say next to finish" in step_ssml(routine, len(routine.steps) - 1, SPEECH)


def test_repeated_hold_says_once_more_between_repetitions():
    routine = BOOK.get("hands")
    speech = plain_text(f"<speak>{step_ssml(routine, 1, SPEECH)}</speak>")
    assert speech.count("Hold it there.") == 3
    assert speech.count("Once more.") == 2


def test_instruction_with_an_ampersand_is_escaped():
    move = Move("m", "salt & water", "Sip salt & water.", "hold", 5, "hand", "s", "q")
    routine = Routine("r", "test", (), (Step(move),), SourcedLine("tip", "s", "q"))
    ssml = f"<speak>{step_ssml(routine, 0, SPEECH)}</speak>"
    assert ssml_problems(ssml) == []
    assert "Sip salt & water." in plain_text(ssml)


def _spoken_seconds(ssml: str, tmp_path) -> float:
    missing = [tool for tool in ("espeak-ng", "soxi") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"needs {' and '.join(missing)}: Debian packages espeak-ng and sox (scripts/setup.sh)")
    wav = tmp_path / "hold.wav"
    subprocess.run(["espeak-ng", "-m", "-w", str(wav), ssml], check=True, timeout=60)
    return float(subprocess.run(["soxi", "-D", str(wav)], check=True, capture_output=True, text=True,
                                timeout=60).stdout)


def test_twenty_second_hold_spoken_by_espeak_lasts_18_to_26_seconds(tmp_path):
    seconds = _spoken_seconds(f"<speak>{hold_ssml(20, 'hold', SPEECH)}</speak>", tmp_path)
    assert 18 <= seconds <= 26


def test_untimed_step_says_how_to_ask_for_the_next_step_once_the_session_has_closed():
    speech = plain_text(f"<speak>{step_ssml(BOOK.get('warmup'), 0, SPEECH)}</speak>")
    assert speech.endswith("say, Alexa, ask cramp coach for the next step.")
