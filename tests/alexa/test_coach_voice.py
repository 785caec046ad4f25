"""Water and stretches by voice through ``POST /alexa``: logging with each container and unit,
relative times, undo, progress before and after, the goal, the week, and two speakers on one account.

The clock reads Sunday 2026-11-22 12:00 UTC: 7 AM in New York, the test device's time zone.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from models import StretchLog, WaterGoal, WaterLog
from skill.ssml import plain_text, ssml_problems
from tests.alexa.envelopes import Talk, builtin, custom, speech

GLASS = custom("WATER_CONTAINER", "glass", "GLASS")
CUPS = custom("WATER_CONTAINER", "cups", "CUP")
BOTTLE = custom("WATER_CONTAINER", "bottle", "BOTTLE")
MUG = custom("WATER_CONTAINER", "mug", "MUG")
MILLILITRES = custom("WATER_UNIT", "millilitres", "MILLILITRE")
LITRES = custom("WATER_UNIT", "litres", "LITRE")
OUNCES = custom("WATER_UNIT", "ounces", None)
LUNCH = custom("DRINK_MOMENT", "lunch", "LUNCH")


def said(body: dict) -> str:
    ssml = speech(body)
    assert ssml_problems(ssml) == []
    assert body["response"].get("shouldEndSession") is not True and body["response"]["reprompt"]
    return plain_text(ssml)


def logs(db_session, person: str = "") -> list[WaterLog]:
    db_session.expire_all()
    return list(db_session.scalars(select(WaterLog).where(WaterLog.person_id == person).order_by(WaterLog.id)))


@pytest.mark.parametrize(("slots", "ml"), [
    ({"container": GLASS}, 237), ({"container": CUPS, "amount": builtin("2")}, 474),
    ({"container": BOTTLE}, 500), ({"container": MUG}, 355),
    ({"unit": MILLILITRES, "amount": builtin("500")}, 500), ({"unit": LITRES, "amount": builtin("1")}, 1000),
    ({"unit": OUNCES, "amount": builtin("16")}, 473),
])
def test_each_container_and_unit_logs_its_millilitres(talk, db_session, slots, ml):
    reply = said(talk.intent("LogWaterIntent", **slots))

    assert [log.amount_ml for log in logs(db_session)] == [ml]
    assert reply.startswith("Logged ")
    assert "Anything else" in reply or "Which should I aim for" in reply


def test_metric_locale_speaks_litres_and_sizes_a_glass_at_250_ml(talk, db_session):
    talk.post({"type": "IntentRequest", "locale": "en-GB", "dialogState": "COMPLETED",
               "intent": {"name": "LogWaterIntent", "confirmationStatus": "NONE",
                          "slots": {"container": {"name": "container", "confirmationStatus": "NONE", **GLASS}}}})
    body = talk.post({"type": "IntentRequest", "locale": "en-GB", "dialogState": "COMPLETED",
                      "intent": {"name": "WaterProgressIntent", "confirmationStatus": "NONE", "slots": {}}})
    reply = said(body)

    assert [log.amount_ml for log in logs(db_session)] == [250]
    assert "You've had 250 millilitres of your 2.2 litres today" in reply


def test_first_log_asks_once_which_goal_and_the_answer_sets_it(talk, db_session):
    first = said(talk.intent("LogWaterIntent", container=GLASS))
    assert "about 2.2 litres, or 9 cups, of fluids a day for women" in first
    assert "13 cups" in first and "more if you sweat a lot" in first

    answer = said(talk.intent("LogWaterIntent", amount=builtin("13"), container=CUPS))
    assert "your daily water goal is now 13 cups" in answer
    assert [log.amount_ml for log in logs(db_session)] == [237]
    assert db_session.scalar(select(WaterGoal.goal_ml)) == 13 * 237

    again = said(talk.intent("LogWaterIntent", container=GLASS))
    assert "Which should I aim for" not in again
    assert "You've had 2 cups of your 13 cups today; about 11 glasses to go" in again


def test_an_hour_ago_and_at_lunch_log_at_those_times_in_the_users_zone(talk, db_session, clock):
    talk.intent("LogWaterIntent", container=GLASS, ago=builtin("PT1H"))
    clock.advance(hours=7)  # 2 PM in New York
    reply = said(talk.intent("LogWaterIntent", container=GLASS, moment=LUNCH))

    assert [log.drunk_at for log in logs(db_session)] == [clock() - timedelta(hours=8),
                                                         clock() - timedelta(hours=1, minutes=30)]
    assert "at 12:30 PM" in reply


def test_a_time_later_today_is_refused_and_nothing_is_logged(talk, db_session):
    reply = said(talk.intent("LogWaterIntent", container=GLASS, time=builtin("15:00")))

    assert "hasn't come yet" in reply
    assert logs(db_session) == []


def test_water_without_an_amount_asks_how_much(talk, db_session):
    reply = said(talk.intent("LogWaterIntent"))

    assert "How much did you drink" in reply
    assert logs(db_session) == []


def test_undo_takes_off_the_last_drink_and_progress_shows_it(talk, db_session):
    talk.intent("SetWaterGoalIntent", amount=builtin("2"), unit=LITRES)
    talk.intent("LogWaterIntent", container=BOTTLE)
    before = said(talk.intent("WaterProgressIntent"))
    talk.intent("LogWaterIntent", container=GLASS)
    undone = said(talk.intent("UndoWaterIntent"))
    after = said(talk.intent("WaterProgressIntent"))

    assert "You've had 2 cups of your 8 cups today" in before
    assert "took off the 1 cup you logged last" in undone
    assert "You've had 2 cups of your 8 cups today" in after
    assert [log.amount_ml for log in logs(db_session)] == [500]
    assert "colourless or just slightly yellow" in after


def test_undo_with_nothing_logged_says_so(talk):
    assert "no water logged" in said(talk.intent("UndoWaterIntent"))


def test_a_goal_nobody_drinks_is_refused_with_the_range(talk, db_session):
    reply = said(talk.intent("SetWaterGoalIntent", amount=builtin("50"), unit=LITRES))

    assert "at most 34 cups" in reply
    assert db_session.scalar(select(WaterGoal)) is None


def test_reaching_the_goal_is_praised(talk):
    talk.intent("SetWaterGoalIntent", amount=builtin("1"), unit=LITRES)
    reply = said(talk.intent("LogWaterIntent", amount=builtin("1"), unit=LITRES))

    assert "meets your goal of 4 cups. Well done" in reply


def test_two_speakers_on_one_account_keep_their_own_logs_and_are_greeted_by_name(talk, db_session):
    def as_person(person: str | None):
        context = Talk.context

        def with_person(self):
            built = context(self)
            if person:
                built["System"]["person"] = {"personId": person}
            return built
        return with_person

    ann, bob = "amzn1.ask.person.ANN", 'amzn1.ask.person.BOB"&<'
    Talk.context, original = as_person(ann), Talk.context
    try:
        talk.intent("LogWaterIntent", container=BOTTLE)
        Talk.context = as_person(bob)
        talk.session = None  # Bob speaks up later, in a session of his own
        talk.intent("LogWaterIntent", container=GLASS)
        body = talk.intent("WaterProgressIntent")
    finally:
        Talk.context = original

    assert '<alexa:name type="first" personId="amzn1.ask.person.BOB&quot;&amp;&lt;"/>' in speech(body)
    assert [log.amount_ml for log in logs(db_session, ann)] == [500]
    assert [log.amount_ml for log in logs(db_session, bob)] == [237]
    assert logs(db_session) == []
    assert "You've had 1 cup of" in said(body)
    assert "You haven't logged any water today" in said(talk.intent("WaterProgressIntent"))


def test_i_did_my_stretch_and_a_finished_routine_count_in_the_week(talk, db_session, clock):
    talk.intent("LogStretchIntent")
    clock.advance(days=1)
    talk.intent("LogStretchIntent")
    reply = said(talk.intent("WeeklySummaryIntent"))

    assert "did 2 stretches" in reply and "2 day streak" in reply
    assert len(list(db_session.scalars(select(StretchLog)))) == 2
