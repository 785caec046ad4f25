"""The simulator plays a real device: its time zone (``--tz``), granted permissions (``--grant``),
Alexa's own permission question, a multi-turn ``say``, and ``--url`` given as a server root."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from cramp_coach.cli import build_parser, main
from foundations.alexa_api import REMINDERS_SCOPE
from models import ReminderSchedule
from simulator.conversation import alexa_url
from simulator.envelope import DEFAULT_USER_ID
from tests.conftest import TEST_SKILL_ID

WATER = "remind me to drink water every two hours between 8 am and 8 pm"


@pytest.fixture
def cli_env(monkeypatch, database_url) -> None:
    monkeypatch.setenv("CRAMP_COACH_DATABASE_URL", database_url)
    monkeypatch.setenv("CRAMP_COACH_SKILL_ID", TEST_SKILL_ID)


def say_json(capsys, *argv: str) -> list[dict]:
    assert main(["say", "--json", *argv]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def say_text(capsys, *argv: str) -> list[str]:
    assert main(["say", *argv]) == 0
    return capsys.readouterr().out.splitlines()


def speech(turn: dict) -> str:
    return turn["response"]["response"]["outputSpeech"]["ssml"]


def test_tz_is_the_device_setting_so_a_reminder_is_made_without_asking_the_zone(cli_env, capsys, db_session):
    (made,) = say_json(capsys, "--tz", "Europe/Berlin", "--grant", "reminders", WATER)
    assert "time zone" not in speech(made).lower()
    assert "every 2 hours, from 8 AM to 8 PM" in speech(made)
    (schedule,) = db_session.scalars(select(ReminderSchedule))
    assert schedule.time_zone == "Europe/Berlin"
    assert main(["reminders", "list", "--user", DEFAULT_USER_ID]) == 0
    assert "hydration: every 2 hours, 8 am–8 pm, Europe/Berlin" in capsys.readouterr().out


def test_grant_reminders_is_sent_as_alexa_sends_a_granted_permission(cli_env, capsys):
    (made,) = say_json(capsys, "--grant", "reminders", WATER)
    permissions = made["request"]["context"]["System"]["user"]["permissions"]
    assert permissions["scopes"] == {REMINDERS_SCOPE: {"status": "GRANTED"}} and permissions["consentToken"]
    assert "It will ring on your Alexa devices too" in speech(made)
    assert not made["response"]["response"].get("directives")


def test_without_grant_alexa_asks_and_yes_answers_the_skill_as_a_connections_response(cli_env, capsys):
    made, yes, listed = say_text(capsys, WATER, "yes", "what reminders do I have")
    assert made.endswith("(Alexa asks: Do you allow Cramp Coach to use your reminders? Say yes or no.)")
    assert yes == "Thanks. It will ring on your Alexa devices too."
    assert listed.startswith("You have one reminder: your water reminder")
    made_json, yes_json = say_json(capsys, "--user", "amzn1.ask.account.OTHER", WATER, "yes")
    assert yes_json["request"]["request"]["type"] == "Connections.Response"
    assert yes_json["request"]["request"]["payload"] == {"permissionScope": REMINDERS_SCOPE, "status": "ACCEPTED"}
    assert yes_json["request"]["session"]["sessionId"] == made_json["request"]["session"]["sessionId"]


def test_no_to_alexas_question_keeps_the_reminder_off_the_speaker(cli_env, capsys):
    _, no = say_json(capsys, WATER, "no")
    assert no["request"]["request"]["payload"]["status"] == "DENIED"
    assert "permissions" not in no["request"]["context"]["System"]["user"]


def test_say_carries_a_multi_turn_create_through_its_question(cli_env, capsys, db_session):
    asked, answered = say_text(capsys, "--tz", "America/New_York", "--grant", "reminders",
                               "remind me to stretch", "at nine pm every day")
    assert asked.startswith("When should I send your stretch reminder?")
    assert "every day at 9 PM" in answered
    assert [schedule.time_zone for schedule in db_session.scalars(select(ReminderSchedule))] == ["America/New_York"]


def test_an_unknown_tz_is_refused_with_a_clear_message(cli_env, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["say", "--tz", "Mars/Olympus", "hello"])
    assert exited.value.code == 2
    assert "'Mars/Olympus' is not a time zone" in capsys.readouterr().err


def test_help_shows_the_user_id_tz_and_grant_options(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["say", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert f"--user ID the Alexa userId to speak as (default: {DEFAULT_USER_ID}" in shown
    assert "--tz ZONE" in shown and "--grant {reminders}" in shown


@pytest.mark.parametrize("given, posted", [
    ("http://127.0.0.1:8080", "http://127.0.0.1:8080/alexa"),
    ("http://127.0.0.1:8080/", "http://127.0.0.1:8080/alexa"),
    ("http://127.0.0.1:8080/alexa", "http://127.0.0.1:8080/alexa"),
    ("https://skill.example.org/prefix/alexa", "https://skill.example.org/prefix/alexa"),
])
def test_url_may_be_the_server_root(given, posted):
    assert alexa_url(given) == posted
