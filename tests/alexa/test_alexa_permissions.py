"""The reminders permission: asked by voice (AskFor), answered by ``Connections.Response``, the
consent card as fallback; and the offer, on opening the skill, of schedules made on the web."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from foundations.alexa_api import REMINDERS_SCOPE
from models import ReminderSchedule, User
from tests.alexa.data import PHONE, stored, web_schedule
from tests.alexa.envelopes import builtin, directives, kind, speech


def ask_for(body: dict) -> dict:
    [directive] = [d for d in directives(body) if d["type"] == "Connections.SendRequest"]
    return directive


def create_water(talk) -> dict:
    return talk.intent("CreateReminderIntent", kind=kind("drink water", "HYDRATION"), interval=builtin("PT2H"))


def test_without_permission_the_schedule_is_kept_and_alexa_is_asked_by_voice(talk, stand_in, db_session):
    body = create_water(talk)

    directive = ask_for(body)
    assert directive["name"] == "AskFor"
    assert directive["payload"] == {"@type": "AskForPermissionsConsentRequest", "@version": "1",
                                    "permissionScope": REMINDERS_SCOPE}
    [schedule] = stored(db_session)
    assert directive["token"] == f"reminders:{schedule.id}"
    assert "I need your permission for reminders" in speech(body)
    assert schedule.alexa_alert_token is None
    assert stand_in.calls_to("POST", "/v1/alerts/reminders") == []


def test_accepted_permission_creates_the_alexa_reminder(talk, stand_in, db_session):
    token = ask_for(create_water(talk))["token"]

    reply = speech(talk.permission_answer("ACCEPTED", token))

    assert "ring on your Alexa devices" in reply
    [schedule] = stored(db_session)
    assert schedule.alexa_alert_token in stand_in.reminders
    assert schedule.user.alexa_reminders_allowed is True


def test_denied_permission_keeps_a_schedule_that_also_goes_to_the_phone(talk, stand_in, db_session, clock):
    web_schedule(db_session, clock, talk.user_id)
    token = ask_for(create_water(talk))["token"]

    body = talk.permission_answer("DENIED", token)

    assert "still goes to your phone notifications" in speech(body)
    assert body["response"]["card"] == {"type": "AskForPermissionsConsent", "permissions": [REMINDERS_SCOPE]}
    water = [schedule for schedule in stored(db_session) if schedule.kind == "hydration"]
    assert [(s.alexa_enabled, [c.apprise_url for c in s.notify_channels]) for s in water] == [(False, [PHONE])]
    assert stand_in.reminders == {}


def test_denied_permission_without_phone_notifications_stores_nothing_and_says_why(talk, db_session):
    token = ask_for(create_water(talk))["token"]

    body = talk.permission_answer("DENIED", token)

    assert "I haven't kept the water reminder" in speech(body)
    assert body["response"]["card"]["type"] == "AskForPermissionsConsent"
    assert stored(db_session) == []
    assert stored(db_session) == [] and db_session.scalar(select(User.alexa_reminders_allowed)) is False


@pytest.mark.parametrize("answer, code", [("NOT_ANSWERED", "200"), ("ACCEPTED", "500")])
def test_unanswered_or_failed_request_sends_the_consent_card_and_keeps_the_schedule(talk, db_session, answer, code):
    token = ask_for(create_water(talk))["token"]

    body = talk.permission_answer(answer, token, code=code)

    assert "I've sent a card there" in speech(body)
    assert body["response"]["card"]["permissions"] == [REMINDERS_SCOPE]
    assert [schedule.alexa_alert_token for schedule in stored(db_session)] == [None]


def test_permission_withdrawn_behind_a_granted_envelope_asks_again(talk, stand_in, db_session):
    talk.permitted = True  # the envelope still says GRANTED, the Reminders API answers 403

    body = create_water(talk)

    assert ask_for(body)["name"] == "AskFor"
    assert [call.path for call in stand_in.calls_to("POST", "/v1/alerts/reminders")] == ["/v1/alerts/reminders"]
    assert stored(db_session)[0].alexa_alert_token is None


def test_web_schedule_is_offered_on_launch_and_yes_puts_it_on_the_speaker(talk, stand_in, db_session, clock):
    web_schedule(db_session, clock, talk.user_id)
    talk.grant()

    offer = speech(talk.launch())
    reply = speech(talk.yes())

    assert "your stretch reminder, every day at 9 PM, isn't on your speaker yet" in offer
    assert "ring on your Alexa devices" in reply
    [schedule] = stored(db_session)
    assert stand_in.reminders[schedule.alexa_alert_token]["body"]["trigger"]["recurrence"]["recurrenceRules"] == [
        "FREQ=DAILY;BYHOUR=21;BYMINUTE=0;BYSECOND=0"]
    assert "isn't on your speaker" not in speech(talk.launch())


def test_declined_offer_keeps_the_phone_and_is_not_repeated(talk, stand_in, db_session, clock):
    web_schedule(db_session, clock, talk.user_id)

    talk.launch()
    talk.no()

    assert [(s.alexa_enabled, s.enabled) for s in stored(db_session)] == [(False, True)]
    assert "speaker" not in speech(talk.launch())
    assert stand_in.reminders == {}


def test_no_offer_when_the_user_refused_the_permission(talk, db_session, clock):
    web_schedule(db_session, clock, talk.user_id)
    db_session.execute(User.__table__.update().values(alexa_reminders_allowed=False))
    db_session.commit()

    assert "speaker" not in speech(talk.launch())


def test_schedule_deleted_before_the_answer_leaves_nothing_to_do(talk, db_session):
    token = ask_for(create_water(talk))["token"]
    db_session.execute(ReminderSchedule.__table__.delete())
    db_session.commit()

    assert "isn't there any more" in speech(talk.permission_answer("ACCEPTED", token))


def test_allow_reminders_lets_alexa_ask_then_puts_the_waiting_reminders_on_the_speaker(talk, stand_in, db_session, clock):
    """What the web page tells people to say: "Alexa, ask cramp coach to allow reminders"."""
    schedule_id = web_schedule(db_session, clock, talk.user_id)
    directive = ask_for(talk.intent("AllowRemindersIntent"))
    assert directive["token"] == f"reminders:{schedule_id}"

    reply = speech(talk.permission_answer("ACCEPTED", directive["token"]))

    assert "ring on your Alexa devices" in reply
    [schedule] = stored(db_session)
    assert schedule.alexa_alert_token in stand_in.reminders


def test_allow_reminders_with_nothing_waiting_says_how_to_set_one(talk, stand_in):
    reply = talk.intent("AllowRemindersIntent")
    assert "None of your reminders is waiting for your speaker" in speech(reply)
    assert not [d for d in directives(reply) if d.get("type") == "Connections.SendRequest"]
