"""Handlers answer realistic request envelopes through POST /alexa."""
from __future__ import annotations

import json
import logging

from sqlalchemy import func, select

from foundations.ssml import plain_text
from models import User
from tests.conftest import TEST_SKILL_ID
from tests.envelopes import load_envelope, speech_of


def post(client, envelope: dict) -> dict:
    response = client.post("/alexa", json=envelope)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def spoken(body: dict) -> str:
    return plain_text(speech_of(body)).lower()


def test_first_launch_says_general_information_not_medical_advice(client, clock):
    body = post(client, load_envelope("launch_request", clock()))
    assert "not medical advice" in spoken(body)
    assert body["response"]["shouldEndSession"] is False
    assert body["response"]["reprompt"]["outputSpeech"]["ssml"]


def test_second_launch_greets_returning_user_without_disclaimer(client, clock):
    post(client, load_envelope("launch_request", clock()))
    body = post(client, load_envelope("launch_request", clock()))
    assert "not medical advice" not in spoken(body)


def test_first_request_creates_one_user_row_keyed_by_alexa_user_id(client, clock, db_session):
    post(client, load_envelope("launch_request", clock()))
    clock.advance(minutes=5)
    post(client, load_envelope("help_intent", clock()))
    users = db_session.scalars(select(User)).all()
    assert [user.alexa_user_id for user in users] == ["amzn1.ask.account.FIXTUREUSER1"]
    assert users[0].last_seen_at == clock()
    assert users[0].locale == "en-US"


def test_question_answer_ends_with_follow_up_question_and_keeps_listening(client, clock):
    body = post(client, load_envelope("causes_intent", clock()))
    assert spoken(body).endswith("?")
    assert "dehydrat" in spoken(body)
    assert body["response"]["shouldEndSession"] is False


def test_yes_after_causes_answers_the_offered_topic(client, clock):
    first = post(client, load_envelope("causes_intent", clock()))
    offer = first["sessionAttributes"]["offer"]
    body = post(client, load_envelope("yes_intent", clock(), offer=offer))
    assert "prevent" in spoken(body) or "warm" in spoken(body)


def test_yes_without_an_offer_asks_what_the_user_wants(client, clock):
    body = post(client, load_envelope("yes_intent", clock()))
    assert spoken(body).endswith("?")
    assert body["response"]["shouldEndSession"] is False


def test_left_arm_cramp_gets_urgent_referral_before_anything_else(client, clock):
    body = post(client, load_envelope("left_arm_cramp", clock()))
    first_sentence = spoken(body).split(".")[0]
    assert "emergency" in spoken(body)
    assert "stretch" not in first_sentence and "water" not in first_sentence


def test_unknown_body_part_says_so_and_gives_general_advice(client, clock):
    body = post(client, load_envelope("causes_intent_unknown_body_part", clock()))
    assert "don't have specific tips" in spoken(body)
    assert body["response"]["shouldEndSession"] is False


def question(clock, intent: str, slot: str, value: str, slot_type: str | None = None) -> dict:
    """An intent request whose one slot was heard as ``value``; a custom ``slot_type`` is sent
    unresolved (ER_SUCCESS_NO_MATCH), as Alexa sends words matching none of its values."""
    envelope = load_envelope("causes_intent_unknown_body_part", clock())
    heard = {"name": slot, "value": value, "confirmationStatus": "NONE", "source": "USER"}
    if slot_type:
        authority = f"amzn1.er-authority.echo-sdk.{TEST_SKILL_ID}.{slot_type}"
        heard["resolutions"] = {"resolutionsPerAuthority": [
            {"authority": authority, "status": {"code": "ER_SUCCESS_NO_MATCH"}}]}
    envelope["request"]["intent"] = {"name": intent, "confirmationStatus": "NONE", "slots": {slot: heard}}
    return envelope


def test_question_about_fever_convulsions_gets_the_referral_first_then_the_fact_asked(client, clock):
    body = post(client, question(clock, "CrampQuestionIntent", "query", "fever convulsions happen early or late"))
    speech = spoken(body)
    assert speech.startswith("if convulsions won't stop, or the whole body is stiff or jerking, call emergency")
    assert "early in a fever" in speech


def test_child_convulsing_now_gets_only_the_urgent_referral(client, clock):
    speech = spoken(post(client, question(clock, "CrampQuestionIntent", "query", "my son is convulsing with a fever")))
    assert speech.startswith("if a child is having convulsions with a fever, call emergency services now.")
    assert "are you able to call for help now?" in speech


def test_factor_no_article_word_knows_is_named_without_cramp_advice(client, clock):
    speech = spoken(post(client, question(clock, "FactorQuestionIntent", "factor", "hiccups", "FACTOR")))
    assert speech.startswith("the articles don't mention hiccups.")
    assert "dehydration" not in speech


def test_search_question_about_something_the_articles_never_name_names_it_honestly(client, clock):
    query = "my legs cramp when we hike so what actually is altitude sickness"
    speech = spoken(post(client, question(clock, "CrampQuestionIntent", "query", query)))
    assert speech.startswith("the articles don't mention altitude sickness.")
    assert "exercise" not in speech


def test_help_mentions_medical_disclaimer_and_emergency(client, clock):
    text = spoken(post(client, load_envelope("help_intent", clock())))
    assert "not medical advice" in text
    assert "emergency" in text


def test_stop_says_goodbye_and_ends_session(client, clock):
    body = post(client, load_envelope("stop_intent", clock()))
    assert body["response"]["shouldEndSession"] is True
    assert "goodbye" in spoken(body)


def test_fallback_says_honestly_what_it_cannot_answer_and_what_it_can(client, clock):
    body = post(client, load_envelope("fallback_intent", clock()))
    assert "don't cover that" in spoken(body)
    assert "what causes cramps" in spoken(body)
    assert body["response"]["shouldEndSession"] is False


def test_intent_unknown_to_the_skill_gets_a_spoken_reprompt_not_an_error(client, clock):
    body = post(client, load_envelope("unknown_intent", clock()))
    assert "can't do that" in spoken(body)
    assert body["response"]["shouldEndSession"] is False


def test_session_ended_with_error_is_logged_and_answered_silently(client, clock, caplog):
    with caplog.at_level(logging.WARNING):
        body = post(client, load_envelope("session_ended_error", clock()))
    assert "outputSpeech" not in body["response"]
    assert "SSML is invalid" in caplog.text


def test_exception_encountered_is_logged_and_answered_silently(client, clock, caplog):
    with caplog.at_level(logging.ERROR):
        body = post(client, load_envelope("exception_encountered", clock()))
    assert "outputSpeech" not in body["response"]
    assert "Invalid response" in caplog.text


def test_handler_crash_is_an_apology_and_rolls_back(client, clock, app, db_session, monkeypatch):
    from skill.handlers.builtins import HelpIntentHandler

    from skill.persistence import current_user

    def explode(self, handler_input):
        current_user(handler_input).time_zone = "Europe/Paris"
        raise RuntimeError("boom")

    monkeypatch.setattr(HelpIntentHandler, "handle", explode)
    body = post(client, load_envelope("help_intent", clock()))
    assert "something went wrong" in spoken(body)
    assert body["response"]["shouldEndSession"] is False
    assert db_session.scalars(select(User.time_zone)).all() == [None]


def test_malformed_json_is_a_400_with_a_message(client):
    response = client.post("/alexa", data=b"{not json", content_type="application/json")
    assert response.status_code == 400
    assert "not JSON" in response.get_json()["error"]


def test_envelope_without_request_is_a_400(client):
    response = client.post("/alexa", json={"version": "1.0"})
    assert response.status_code == 400


def test_unknown_request_type_is_a_400_and_creates_nothing(client, clock, db_session):
    envelope = load_envelope("launch_request", clock())
    envelope["request"]["type"] = "Some.FutureRequest"
    response = client.post("/alexa", json=envelope)
    assert response.status_code == 400
    assert db_session.scalar(select(func.count()).select_from(User)) == 0


def test_get_on_alexa_endpoint_is_405(client):
    assert client.get("/alexa").status_code == 405


def test_healthz_reports_ok_with_database_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_body_that_is_not_utf8_is_a_400(client, clock):
    body = json.dumps(load_envelope("launch_request", clock())).encode("utf-16")
    response = client.post("/alexa", data=body, content_type="application/json")
    assert response.status_code == 400


def test_handler_crash_on_a_request_without_session_is_an_empty_200(client, clock, monkeypatch):
    from skill.handlers.lifecycle import ExceptionEncounteredHandler

    def explode(self, handler_input):
        raise RuntimeError("boom")

    monkeypatch.setattr(ExceptionEncounteredHandler, "handle", explode)
    body = post(client, load_envelope("exception_encountered", clock()))
    assert "outputSpeech" not in body["response"]
