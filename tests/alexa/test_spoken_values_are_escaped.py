"""Values that are not the skill's own prompts — reminder labels, heard time-zone and factor words,
routine names and instructions — go through every reply that can speak them with ``&``, ``<``,
``>`` and quotes in them: each reply is SSML Alexa accepts, and says the value exactly as given
(escaped once: never raw, never twice)."""
from __future__ import annotations

from dataclasses import replace
from functools import partial

import pytest
from sqlalchemy import select

from cramp_coach.app import create_app
from foundations.ssml import plain_text
from models import User
from reminders.schedules import create_schedule
from reminders.spec import ScheduleSpec
from skill.context import SkillContext
from skill.stretch.routines import Move, Routine, RoutineBook
from tests.alexa.conftest import DEVICE_ZONE
from tests.alexa.data import PHONE
from tests.alexa.envelopes import USER, Talk, builtin, custom, kind
from tests.alexa_replies import speech_problems

HOSTILE = 'Tom & Jerry\'s "<b>best</b>" > rest'


def heard(body: dict) -> str:
    """The reply's speech as the person hears it, once its SSML is known to be valid."""
    assert speech_problems(body) == []
    speech = body["response"].get("outputSpeech") or {}
    reprompt = (body["response"].get("reprompt") or {}).get("outputSpeech") or {}
    return " ".join(plain_text(part["ssml"]) for part in (speech, reprompt) if part.get("ssml"))


def hostile_book() -> RoutineBook:
    """The routines, with the hostile value in every routine's and move's spoken words."""
    book = RoutineBook.load()

    def move(original: Move) -> Move:
        return replace(original, name=f"{original.name} {HOSTILE}", say=f"{original.say} {HOSTILE}.",
                       limb=f"{original.limb} {HOSTILE}")

    def routine(original: Routine) -> Routine:
        steps = tuple(replace(step, move=move(step.move)) for step in original.steps)
        return replace(original, name=f"{original.name} {HOSTILE}", steps=steps,
                       tip=replace(original.tip, say=f"{original.tip.say} {HOSTILE}."))

    return RoutineBook(book.sources, replace(book.safety, say=f"{book.safety.say} {HOSTILE}."),
                       {routine_id: routine(original) for routine_id, original in book.routines.items()})


@pytest.fixture
def stretch_talk(alexa_settings, clock, stand_in, monkeypatch) -> Talk:
    """The test user, talking to a skill whose routines carry the hostile value."""
    monkeypatch.setattr("cramp_coach.app.SkillContext", partial(SkillContext, routines=hostile_book()))
    application = create_app(alexa_settings, clock=clock, warn_when_unverified=False,
                             alexa_api_client=stand_in.api_client())
    yield Talk(application.test_client(), stand_in, clock)
    application.extensions["cramp_coach"]["engine"].dispose()


def test_routine_names_and_instructions_are_spoken_as_written_in_every_stretch_reply(stretch_talk, clock):
    talk = stretch_talk
    started = heard(talk.intent("StartStretchIntent", routine=custom("STRETCH_ROUTINE", "hand stretches", "HANDS")))
    assert started.count(HOSTILE) >= 4  # the routine, the safety line, the move's name and instruction
    for intent in ("AMAZON.NextIntent", "AMAZON.RepeatIntent", "AMAZON.PreviousIntent", "StepsLeftIntent",
                   "CurrentStretchIntent", "AMAZON.HelpIntent", "AMAZON.FallbackIntent", "CausesIntent",
                   "SkipStepIntent"):
        assert HOSTILE in heard(talk.intent(intent)), intent
    assert HOSTILE in heard(talk.intent("AMAZON.PauseIntent"))
    clock.advance(minutes=10)
    assert HOSTILE in heard(talk.launch())
    assert HOSTILE in heard(talk.intent("ResumeStretchIntent"))
    while "end of your" not in (reply := heard(talk.intent("AMAZON.NextIntent"))):
        assert HOSTILE in reply
    assert reply.count(HOSTILE) >= 2  # the routine and its tip
    assert HOSTILE in heard(talk.intent("AMAZON.NextIntent"))  # finished already
    listed = heard(talk.intent("ListStretchesIntent"))
    assert listed.count(HOSTILE) == len(RoutineBook.load().all())
    assert HOSTILE in heard(talk.intent("StartStretchIntent", bodyPart=custom("BODY_PART", "neck", None)))
    talk.intent("StartStretchIntent", routine=custom("STRETCH_ROUTINE", "calf stretch", "CALF"))
    assert HOSTILE in heard(talk.intent("AMAZON.StopIntent"))


def test_heard_time_zone_words_are_spoken_as_heard(talk, stand_in):
    stand_in.fail("GET", "System.timeZone", 500, times=5)
    assert "Which time zone" in heard(talk.intent("CreateReminderIntent", kind=kind("stretch", "STRETCH"),
                                                  time=builtin("21:00")))
    heard(talk.intent("SetTimeZoneIntent", zone=custom("TIME_ZONE", HOSTILE, "Mars/Olympus_Mons")))
    tokyo = custom("TIME_ZONE", HOSTILE, "Asia/Tokyo")
    assert "every day at 9 PM" in heard(talk.intent("SetTimeZoneIntent", zone=tokyo))
    talk.session = None
    assert f"use {HOSTILE} time" in heard(talk.intent("SetTimeZoneIntent", zone=tokyo))


@pytest.mark.parametrize(("intent", "slot_name", "slot_type"), [
    ("FactorQuestionIntent", "factor", "FACTOR"),
    ("RemedyQuestionIntent", "remedy", "REMEDY"),
    ("FactorEffectIntent", "factor", "FACTOR"),
])
def test_heard_factor_and_remedy_words_are_spoken_as_heard(talk, intent, slot_name, slot_type):
    assert f"mention {HOSTILE}" in heard(talk.intent(intent, **{slot_name: custom(slot_type, HOSTILE, None)}))


def test_heard_questions_and_body_parts_with_markup_get_valid_replies(talk):
    heard(talk.intent("CrampQuestionIntent", query=custom("AMAZON.SearchQuery", HOSTILE, None)))
    heard(talk.intent("CausesIntent", bodyPart=custom("BODY_PART", HOSTILE, None)))
    heard(talk.intent("StartStretchIntent", routine=custom("STRETCH_ROUTINE", HOSTILE, None)))
    heard(talk.intent("LogWaterIntent", container=custom("WATER_CONTAINER", HOSTILE, None)))


def test_a_labelled_reminder_gets_valid_replies_wherever_it_is_spoken_of(talk, db_session, clock):
    talk.launch()
    user = db_session.scalar(select(User).where(User.alexa_user_id == USER))
    create_schedule(db_session, user, ScheduleSpec(kind="hydration", time_zone=DEVICE_ZONE, at="21:00", label=HOSTILE,
                                                   notify=(PHONE,)), clock())
    db_session.commit()
    talk.launch()
    talk.yes()
    for intent in ("ListRemindersIntent", "NextReminderIntent", "MissedRemindersIntent", "SnoozeReminderIntent",
                   "PauseReminderIntent", "ResumeReminderIntent", "AllowRemindersIntent"):
        heard(talk.intent(intent))
    heard(talk.intent("DeleteReminderIntent"))
    heard(talk.yes())
