""""Alexa, ask cramp coach for my web code": a spoken, single-use code and a card for the Alexa app."""
from __future__ import annotations

import re
import sqlite3
import threading

import pytest
from sqlalchemy import select

from foundations.settings import Settings
from foundations.ssml import plain_text, ssml_problems
from models import User
from simulator.nlu import Nlu
from tests.envelopes import load_envelope, speech_of
from tests.web.support import Browser, page_text


@pytest.fixture
def settings(settings):
    return settings.with_overrides(public_url="https://cramp.example.org/")


def ask_for_code(client, clock) -> dict:
    response = client.post("/alexa", json=load_envelope("web_code_intent", clock()))
    assert response.status_code == 200
    return response.get_json()


def test_web_code_intent_speaks_a_six_digit_code_twice_with_the_address(client, clock):
    body = ask_for_code(client, clock)
    ssml = speech_of(body)
    codes = re.findall(r'<say-as interpret-as="digits">(\d+)</say-as>', ssml)
    assert len(codes) == 2 and codes[0] == codes[1] and len(codes[0]) == 6
    spoken = plain_text(ssml)
    assert "cramp.example.org" in spoken and "10 minutes" in spoken and "https" not in spoken
    assert ssml_problems(ssml) == []
    assert body["response"]["shouldEndSession"] is True


def test_web_code_card_in_the_alexa_app_has_the_code_and_full_address(client, clock):
    body = ask_for_code(client, clock)
    code = re.search(r'digits">(\d{6})<', speech_of(body)).group(1)
    card = body["response"]["card"]
    assert card["type"] == "Simple"
    assert code in card["content"] and "https://cramp.example.org" in card["content"]


def test_code_from_alexa_signs_that_alexa_user_in_on_the_web(app, client, clock, db_session):
    body = ask_for_code(client, clock)
    code = re.search(r'digits">(\d{6})<', speech_of(body)).group(1)
    browser = Browser(app)
    assert browser.sign_in(code).status_code == 302
    assert "Sign out" in page_text(browser.get("/"))
    users = db_session.scalars(select(User)).all()
    assert [user.alexa_user_id for user in users] == ["amzn1.ask.account.FIXTUREUSER1"]


@pytest.mark.parametrize("utterance", ["for my web code", "give me a web code", "how do I sign in to the website"])
def test_simulator_hears_web_code_phrasings_as_web_code_intent(utterance):
    nlu = Nlu.for_locale(Settings().interaction_model_dir, "en-US")
    assert nlu.resolve(utterance).intent == "WebCodeIntent"


def test_web_code_waits_for_another_process_writing_the_sqlite_file_instead_of_failing(client, clock, database_url):
    """A worker's commit between the handler's read and its write would leave the handler's
    SQLite snapshot stale ("database is locked"); the request waits for the lock instead."""
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's single writer only")
    ask_for_code(client, clock)  # the user is now known to this process: no check before the handler
    other_process = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None,
                                    check_same_thread=False)
    other_process.execute("BEGIN IMMEDIATE")
    other_process.execute("UPDATE users SET locale = locale")
    releases = threading.Timer(0.5, other_process.execute, ["COMMIT"])
    releases.start()
    try:
        ssml = speech_of(ask_for_code(client, clock))
    finally:
        releases.join()
        other_process.close()
    assert re.search(r'digits">\d{6}<', ssml), plain_text(ssml)
