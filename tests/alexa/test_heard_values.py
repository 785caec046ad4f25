"""Words heard in a slot are spoken back escaped, and a slot's id is checked before it is stored."""
from __future__ import annotations

from sqlalchemy import select

from foundations.ssml import plain_text, ssml_problems
from models import User
from tests.alexa.envelopes import custom, speech
from tests.web.support import page_text, signed_in_browser


def stored_zone(db_session) -> str | None:
    db_session.rollback()
    return db_session.scalar(select(User.time_zone))


def test_heard_time_zone_words_are_escaped_in_the_speech(talk, db_session):
    reply = speech(talk.intent("SetTimeZoneIntent",
                               zone=custom("TIME_ZONE", "tokyo <audio src='https://x.example/a.mp3'/> & co", "Asia/Tokyo")))
    assert "&lt;audio" in reply and "<audio" not in reply and "&amp; co" in reply
    assert ssml_problems(reply) == []
    assert stored_zone(db_session) == "Asia/Tokyo"


def test_an_unknown_zone_id_is_never_stored_and_the_pages_still_work(talk, db_session, alexa_app, clock):
    reply = speech(talk.intent("SetTimeZoneIntent", zone=custom("TIME_ZONE", "olympus", "Mars/Olympus_Mons")))
    assert "I don't know that time zone" in reply
    assert stored_zone(db_session) is None
    browser = signed_in_browser(alexa_app, db_session, db_session.scalar(select(User)), clock())
    assert browser.get("/").status_code == 200 and "Reminders" in page_text(browser.get("/"))


def test_heard_factor_and_remedy_words_the_articles_do_not_mention_are_spoken_escaped(talk):
    for intent, slot_name, slot_type in (("FactorQuestionIntent", "factor", "FACTOR"),
                                         ("RemedyQuestionIntent", "remedy", "REMEDY")):
        reply = speech(talk.intent(intent, **{slot_name: custom(slot_type, "m&m's <b>", None)}))
        assert "don't mention m&m's <b>" in plain_text(reply)
        assert ssml_problems(reply) == []
