"""The issue's phrasings spoken through the local simulator (what ``cramp-coach say``/``chat`` run):
the interaction model and built-in slot types turn the words into intents, and the skill answers;
the simulated device's ``apiEndpoint`` is the stand-in, which knows its time zone."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from foundations.settings import PROJECT_ROOT
from models import ReminderSchedule
from simulator.conversation import InProcess, Simulator
from simulator.envelope import (
    ACCESS_TOKEN,
    DEFAULT_DEVICE_ID,
    DEFAULT_USER_ID,
    Device,
)
from simulator.nlu import Nlu
from tests.conftest import TEST_SKILL_ID


@pytest.fixture
def simulator(alexa_app, stand_in) -> Simulator:
    stand_in.tokens[ACCESS_TOKEN] = DEFAULT_USER_ID
    stand_in.time_zones[DEFAULT_DEVICE_ID] = "Europe/London"
    return Simulator(InProcess(alexa_app), Nlu.for_locale(PROJECT_ROOT / "interaction_model", "en-US"),
                     Device(TEST_SKILL_ID, api_endpoint=stand_in.url))


@pytest.mark.parametrize("utterance, heard", [
    ("ask cramp coach to remind me to drink water every two hours", "every 2 hours, from 8 AM to 8 PM"),
    ("ask cramp coach to remind me to stretch at nine pm every day", "every day at 9 PM"),
    ("ask cramp coach to remind me to warm up on mondays, wednesdays and fridays at six pm",
     "on Mondays, Wednesdays and Fridays at 6 PM"),
    ("ask cramp coach to remind me to drink water every hour between 9 am and 5 pm", "every hour, from 9 AM to 5 PM"),
    ("tell cramp coach to remind me every forty five minutes to drink water", "every 45 minutes"),
])
def test_issue_phrasings_make_the_reminder_they_say(simulator, db_session, utterance, heard):
    turn = simulator.say(utterance)

    assert heard in turn.text
    assert "I need your permission for reminders" in turn.text
    db_session.rollback()
    [schedule] = db_session.scalars(select(ReminderSchedule))
    assert schedule.time_zone == "Europe/London"


@pytest.mark.parametrize("utterance, heard", [
    ("ask cramp coach to remind me to drink water at twenty five o'clock", "isn't a time of day"),
    ("ask cramp coach to remind me to drink water every five minutes", "at most every 15 minutes"),
    ("ask cramp coach to remind me to drink water every three days", "longer than a day"),
])
def test_impossible_phrasings_are_explained_and_store_nothing(simulator, db_session, utterance, heard):
    assert heard in simulator.say(utterance).text
    db_session.rollback()
    assert db_session.scalars(select(ReminderSchedule)).all() == []


def test_a_spoken_conversation_lists_snoozes_pauses_and_deletes(simulator, db_session):
    simulator.say("ask cramp coach to remind me to drink water every two hours")
    simulator.say("ask cramp coach to remind me to stretch at nine pm every day")

    replies = [simulator.send(utterance).text for utterance in (
        "open cramp coach", "what reminders do i have", "when is my next reminder",
        "snooze my water reminders for an hour", "pause my stretch reminders", "what did i miss",
        "delete my water reminder", "yes")]

    assert "You have 2 reminders" in replies[1]
    assert "Your next reminder is water, today at 2 PM" in replies[2]
    assert "snoozed your water reminder until today at 1 PM" in replies[3]
    assert "paused your stretch reminder" in replies[4]
    assert "haven't had any reminders in the last day" in replies[5]
    assert "Delete your water reminder?" in replies[6] and "deleted your water reminder" in replies[7]
    db_session.rollback()
    assert [(s.kind, s.enabled) for s in db_session.scalars(select(ReminderSchedule))] == [("stretch", False)]
