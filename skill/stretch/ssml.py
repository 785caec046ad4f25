"""A routine step as SSML, with its holds timed by the speaker itself.

A hold of N seconds is a chain of ``<break>``s (Alexa allows at most 10 s each) that add up
to exactly N, with a short countdown cue between them ("ten more seconds") and a release
cue at the end ("and relax"). Prompts come from the request's ``Speech``; the move's
instruction is routine data, escaped by ``spoken``. The caller wraps the result in ``<speak>``.
"""
from __future__ import annotations

from markupsafe import Markup

from foundations.ssml import MAX_BREAK_SECONDS
from skill.speech import Speech, spoken
from skill.stretch.routines import Routine, Step

BREAK_SECONDS = int(MAX_BREAK_SECONDS)
BREAK = Markup('<break time="{}s"/>')


def hold_chunks(seconds: int) -> list[int]:
    """Break lengths for a hold: the short remainder first, so the cues count down in tens."""
    tens, rest = divmod(seconds, BREAK_SECONDS)
    return ([rest] if rest else []) + [BREAK_SECONDS] * tens


def hold_ssml(seconds: int, kind: str, speech: Speech) -> Markup:
    """One timed hold (or timed movement) of ``seconds``: start cue, breaks, countdown, release."""
    parts = [speech.say(f"stretch.{kind}.start")]
    remaining = seconds
    for index, chunk in enumerate(hold_chunks(seconds)):
        if index:
            parts.append(speech.say("stretch.countdown", seconds=remaining))
        parts.append(BREAK.format(chunk))
        remaining -= chunk
    parts.append(speech.say(f"stretch.{kind}.end"))
    return spoken(*parts)


def step_ssml(routine: Routine, index: int, speech: Speech) -> Markup:
    """Step ``index`` of ``routine``: heading, instruction, its timed holds, what to say next."""
    step = routine.steps[index]
    total = len(routine.steps)
    parts = [speech.say("stretch.step.heading", number=index + 1, total=total, name=step.move.name),
             step.move.say]
    if step.move.hold:
        parts += _timed_parts(step, speech)
    parts.append(speech.say(_prompt_key(step, index == total - 1)))
    return spoken(*parts)


def _prompt_key(step: Step, last: bool) -> str:
    if last:
        return "stretch.step.last"
    return "stretch.step.next" if step.move.hold else "stretch.step.untimed"


def _timed_parts(step: Step, speech: Speech) -> list[Markup]:
    parts = []
    for side_number, side in enumerate(step.sides or (None,)):
        if side is not None:
            key = "stretch.side.first" if side_number == 0 else "stretch.side.switch"
            parts.append(speech.say(key, side=speech.say(f"stretch.side.{side}"), limb=step.move.limb))
        for repetition in range(step.repetitions):
            if repetition:
                parts.append(speech.say("stretch.repetition"))
            parts.append(hold_ssml(step.move.hold, step.move.kind, speech))
    return parts
