"""Water and stretches by voice through ``POST /alexa``: logging with each container and unit,
relative times, undo, progress before and after, the goal, the week and its forgiving streak, a
guided stretch counted, "only remind me when I'm behind", and two speakers on one account.
New phrasings are also spoken through the simulator's NLU (the words resolve to the intent meant).

The clock reads Sunday 2026-11-22 12:00 UTC: 7 AM in New York, the test device's time zone.
"""
from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from datetime import timedelta

import pytest
from sqlalchemy import select

from foundations.settings import PROJECT_ROOT
from foundations.ssml import ALEXA_NAMESPACE, plain_text, ssml_problems
from models import ReminderSchedule, StretchLog, WaterGoal, WaterLog
from simulator.conversation import InProcess, Simulator
from simulator.envelope import ACCESS_TOKEN, DEFAULT_DEVICE_ID, DEFAULT_USER_ID, Device
from simulator.nlu import Nlu
from skill.stretch.routines import RoutineBook
from tests.alexa.conftest import DEVICE_ZONE
from tests.alexa.envelopes import Talk, builtin, custom, speech
from tests.conftest import TEST_SKILL_ID

GLASS = custom("WATER_CONTAINER", "glass", "GLASS")
CUPS = custom("WATER_CONTAINER", "cups", "CUP")
BOTTLE = custom("WATER_CONTAINER", "bottle", "BOTTLE")
MUG = custom("WATER_CONTAINER", "mug", "MUG")
CAN = custom("WATER_CONTAINER", "a can", "CAN")
CAN_UNMATCHED = custom("WATER_CONTAINER", "can", None)
MILLILITRES = custom("WATER_UNIT", "millilitres", "MILLILITRE")
LITRES = custom("WATER_UNIT", "litres", "LITRE")
OUNCES = custom("WATER_UNIT", "ounces", None)
LUNCH = custom("DRINK_MOMENT", "lunch", "LUNCH")


def said(body: dict) -> str:
    ssml = speech(body)
    assert ssml_problems(ssml) == []
    assert body["response"].get("shouldEndSession") is not True and body["response"]["reprompt"]
    return plain_text(ssml)


def greeted_person(ssml: str) -> str | None:
    """The ``personId`` of the ``<alexa:name>`` greeting in the speech, as Alexa reads the attribute."""
    root = ElementTree.fromstring(ssml.replace("<speak>", f'<speak xmlns:alexa="{ALEXA_NAMESPACE}">', 1))
    names = list(root.iter(f"{{{ALEXA_NAMESPACE}}}name"))
    return names[0].get("personId") if names else None


def logs(db_session, person: str = "") -> list[WaterLog]:
    db_session.expire_all()
    return list(db_session.scalars(select(WaterLog).where(WaterLog.person_id == person).order_by(WaterLog.id)))


def goal(db_session) -> tuple[int, bool] | None:
    """The stored daily goal and whether the person chose it (None before the skill asked)."""
    db_session.expire_all()
    row = db_session.scalar(select(WaterGoal))
    return None if row is None else (row.goal_ml, row.chosen)


@pytest.fixture
def simulator(alexa_app, stand_in) -> Simulator:
    """A person speaking on the simulator's device, in New York like the test device."""
    stand_in.tokens[ACCESS_TOKEN] = DEFAULT_USER_ID
    stand_in.time_zones[DEFAULT_DEVICE_ID] = DEVICE_ZONE
    return Simulator(InProcess(alexa_app), Nlu.for_locale(PROJECT_ROOT / "interaction_model", "en-US"),
                     Device(TEST_SKILL_ID, api_endpoint=stand_in.url))


def spoken(simulator: Simulator, utterance: str, intent: str) -> str:
    """Say ``utterance`` in the open session; it must be heard as ``intent``. The reply as text."""
    turn = simulator.send(utterance)
    assert turn.resolution.intent == intent, f"{utterance!r} heard as {turn.resolution.intent}"
    assert turn.ok and not turn.ends_session
    return turn.text


@pytest.mark.parametrize(("slots", "ml"), [
    ({"container": GLASS}, 237), ({"container": CUPS, "amount": builtin("2")}, 474),
    ({"container": BOTTLE}, 500), ({"container": MUG}, 355), ({"container": CAN}, 330),
    ({"container": CAN_UNMATCHED}, 330), ({"container": CAN_UNMATCHED, "amount": builtin("2")}, 660),
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

    answer = said(talk.intent("WaterAmountIntent", amount=builtin("13"), container=CUPS))
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

    assert greeted_person(speech(body)) == bob
    assert [log.amount_ml for log in logs(db_session, ann)] == [500]
    assert [log.amount_ml for log in logs(db_session, bob)] == [237]
    assert logs(db_session) == []
    assert "You've had 1 cup of" in said(body)
    assert "You haven't logged any water today" in said(talk.intent("WaterProgressIntent"))


def test_i_did_my_stretch_on_two_days_counts_two_stretches_and_a_two_day_streak(talk, db_session, clock):
    talk.intent("LogStretchIntent")
    clock.advance(days=1)
    talk.intent("LogStretchIntent")
    reply = said(talk.intent("WeeklySummaryIntent"))

    assert "did 2 stretches" in reply and "2 day streak" in reply
    assert len(list(db_session.scalars(select(StretchLog)))) == 2


@pytest.mark.parametrize("utterance", ["i drank a can of water", "log a can"])
def test_a_can_said_aloud_logs_330_millilitres(simulator, db_session, utterance):
    reply = spoken(simulator, utterance, "LogWaterIntent")

    assert [log.amount_ml for log in logs(db_session)] == [330]
    assert reply.startswith("Logged 1 cup.")


def test_a_log_while_the_goal_question_is_open_is_logged_not_taken_as_the_goal(simulator, db_session):
    first = spoken(simulator, "i drank a glass of water", "LogWaterIntent")
    logged = spoken(simulator, "log two cups", "LogWaterIntent")
    later = spoken(simulator, "i drank a glass of water", "LogWaterIntent")

    assert "Which should I aim for" in first
    assert logged.startswith("Logged 2 cups.") and "your daily water goal" not in logged
    assert "You've had 3 cups of your 9 cups today" in logged
    assert "Which should I aim for" not in logged + later
    assert [log.amount_ml for log in logs(db_session)] == [237, 474, 237]
    assert goal(db_session) == (2200, False)


def test_an_amount_alone_answers_the_open_goal_question_and_otherwise_logs(simulator, db_session):
    spoken(simulator, "i drank a glass of water", "LogWaterIntent")
    answer = spoken(simulator, "ten cups", "WaterAmountIntent")
    drink = spoken(simulator, "two cups", "WaterAmountIntent")

    assert "your daily water goal is now 10 cups" in answer
    assert drink.startswith("Logged 2 cups.") and "of your 10 cups" in drink
    assert [log.amount_ml for log in logs(db_session)] == [237, 474]


@pytest.mark.parametrize(("utterance", "ml", "heard"), [
    ("for men", 3000, "13 cups, the articles' amount for men"),
    ("i'm a man", 3000, "13 cups, the articles' amount for men"),
    ("for a woman", 2200, "9 cups, the articles' amount for women"),
    ("i'm a woman", 2200, "9 cups, the articles' amount for women"),
    ("women", 2200, "9 cups, the articles' amount for women"),
])
def test_answering_the_goal_question_with_who_sets_the_articles_goal(simulator, db_session, utterance, ml, heard):
    spoken(simulator, "i drank a glass of water", "LogWaterIntent")
    reply = spoken(simulator, utterance, "SetWaterGoalIntent")

    assert f"your daily water goal is now {heard}" in reply
    assert goal(db_session) == (ml, True)
    assert [log.amount_ml for log in logs(db_session)] == [237]


@pytest.mark.parametrize("utterance", ["i sweat a lot", "more, i sweat a lot"])
def test_sweating_without_a_base_goal_asks_which_applies_and_invents_no_amount(simulator, db_session, utterance):
    spoken(simulator, "i drank a glass of water", "LogWaterIntent")
    asked = spoken(simulator, utterance, "SetWaterGoalIntent")
    chosen = spoken(simulator, "for men", "SetWaterGoalIntent")

    assert "You'll need more if you sweat a lot" in asked and "don't say how much more" in asked
    assert "9 cups for women, or 13 cups for men?" in asked
    assert "your daily water goal is now 13 cups" in chosen and "without saying how much" in chosen
    assert goal(db_session) == (3000, True)


def test_sweating_with_a_goal_already_chosen_keeps_it_as_the_base(simulator, db_session):
    spoken(simulator, "set my water goal to two litres", "SetWaterGoalIntent")
    reply = spoken(simulator, "i sweat a lot", "SetWaterGoalIntent")

    assert "You'll need more if you sweat a lot" in reply and "kept your goal of 8 cups as your base" in reply
    assert goal(db_session) == (2000, True)


def test_progress_that_rounds_to_the_goal_says_it_is_reached(talk):
    talk.intent("SetWaterGoalIntent", amount=builtin("2"), unit=LITRES)
    logged = said(talk.intent("LogWaterIntent", amount=builtin("8"), container=CUPS))
    progress = said(talk.intent("WaterProgressIntent"))

    for reply in (logged, progress):
        assert "You've had 8 cups today, which meets your goal of 8 cups. Well done!" in reply
        assert "to go" not in reply


def only_when_behind(db_session) -> dict[str, bool]:
    """Each stored reminder's kind and whether it waits until the person is behind on water."""
    db_session.rollback()  # read what the skill committed since the last look
    return dict(db_session.execute(select(ReminderSchedule.kind, ReminderSchedule.only_when_behind)).all())


def test_only_when_behind_and_always_remind_set_the_water_reminders_and_say_so(simulator, stand_in, db_session):
    none_yet = spoken(simulator, "only remind me when i'm behind", "OnlyWhenBehindIntent")
    stand_in.permitted.add(DEFAULT_USER_ID)  # the person says yes when Alexa asks for the reminders permission
    for utterance in ("remind me to drink water every two hours", "remind me to stretch at nine pm every day"):
        simulator.send(utterance)
        simulator.send("yes")
    behind = spoken(simulator, "only remind me when i'm behind", "OnlyWhenBehindIntent")
    stored_behind = only_when_behind(db_session)
    listed_behind = simulator.send("what reminders do i have").text
    always = spoken(simulator, "always remind me to drink", "AlwaysRemindIntent")
    listed_always = simulator.send("what reminders do i have").text

    assert none_yet.startswith("You don't have a water reminder yet. You can say, remind me to drink water")
    assert behind.startswith("Okay. Your water reminders will now skip a time when you're already on pace "
                             "for your goal, and go out when you're behind.")
    assert stored_behind == {"hydration": True, "stretch": False}
    assert "your water reminder, every 2 hours, from 8 AM to 8 PM, only when you're behind on water" in listed_behind
    assert "behind" not in listed_always
    assert always.startswith("Okay. Your water reminders will go out every time again.")
    assert only_when_behind(db_session) == {"hydration": False, "stretch": False}


def test_a_guided_stretch_walked_to_its_last_step_is_logged_once_and_counted_in_the_week(simulator, db_session):
    steps = len(RoutineBook.load().get("calf").steps)
    logged_after_each_next = []

    opening = spoken(simulator, "start my calf stretch", "StartStretchIntent")
    for _ in range(steps):
        wrap_up = spoken(simulator, "next", "AMAZON.NextIntent")
        db_session.rollback()
        logged_after_each_next.append(len(db_session.scalars(select(StretchLog)).all()))
    week = spoken(simulator, "how did i do this week", "WeeklySummaryIntent")

    assert f"Step 1 of {steps}, seated toe pull" in opening
    assert wrap_up.startswith("That's the end of your calf stretch. Well done.")
    assert logged_after_each_next == [0] * (steps - 1) + [1]
    db_session.rollback()
    assert [(log.routine_id, log.source) for log in db_session.scalars(select(StretchLog))] == [("calf", "routine")]
    assert "did 1 stretch." in week and "You're on a 1 day streak." in week


def test_a_guided_stretch_stopped_before_its_end_is_not_counted(simulator, db_session):
    spoken(simulator, "start my calf stretch", "StartStretchIntent")
    spoken(simulator, "next", "AMAZON.NextIntent")
    stopped = simulator.send("stop")
    week = spoken(simulator, "how did i do this week", "WeeklySummaryIntent")

    assert stopped.ends_session and "stopping your calf stretch at step 2" in stopped.text
    assert "did no stretches" in week and "No streak going yet" in week
    assert db_session.scalars(select(StretchLog)).all() == []


@pytest.mark.parametrize(("missed", "streak", "kind_words"), [
    ((), "You're on a 7 day streak.", None),
    (("Wednesday",), "You're on a 6 day streak.",
     "You missed Wednesday, but one day off a week keeps your streak going, so it still counts."),
    (("Wednesday", "Friday"), "You're on a 3 day streak.",
     "You missed Friday, but one day off a week keeps your streak going, so it still counts."),
], ids=["every day", "one day missed", "two days missed"])
def test_the_week_lets_one_missed_day_go_and_says_so_kindly(talk, clock, missed, streak, kind_words):
    today = clock()   # Sunday 7 AM in New York; a stretch each morning since Monday, but on the days missed
    for days_ago in range(6, -1, -1):
        clock.now = today - timedelta(days=days_ago)
        if f"{clock.now:%A}" not in missed:
            talk.session = None
            talk.intent("LogStretchIntent")

    reply = said(talk.intent("WeeklySummaryIntent"))

    assert f"did {7 - len(missed)} stretches" in reply
    assert streak in reply
    if kind_words:
        assert reply.index(streak) < reply.index(kind_words)
    else:
        assert "You missed" not in reply
