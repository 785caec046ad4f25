"""Pausing, timing out and coming back later: the routine continues at the same step."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor, wait

import pytest
from sqlalchemy import text

from foundations.ssml import plain_text
from models.database import make_engine, make_session_factory
from tests.envelopes import load_envelope
from tests.stretch_session import Conversation


@pytest.fixture
def talk(client, clock) -> Conversation:
    return Conversation(client, clock)


def test_pause_then_resume_in_a_new_session_continues_at_the_saved_step(talk, clock):
    talk.start("CALF")
    talk.say("AMAZON.NextIntent")
    paused = talk.say("AMAZON.PauseIntent")
    assert "Paused at step 2 of 3 of your calf stretch" in paused.speech
    assert paused.ends_session
    clock.advance(hours=3)
    resumed = talk.say("ResumeStretchIntent")
    assert "pick up your calf stretch where you left off" in resumed.speech
    assert "Step 2 of 3, standing wall stretch" in resumed.speech
    assert "Step 3 of 3" in talk.say("AMAZON.NextIntent").speech


def test_session_timeout_then_resume_continues_at_the_last_step_reached(talk):
    talk.start("THIGH")
    talk.say("AMAZON.NextIntent")
    talk.time_out()
    assert "Step 2 of 2, thigh massage" in talk.say("AMAZON.ResumeIntent").speech


def test_stop_then_resume_later_continues_at_the_same_step(talk):
    talk.start("HANDS")
    talk.say("AMAZON.NextIntent")
    talk.say("AMAZON.NextIntent")
    talk.say("AMAZON.CancelIntent")
    assert "Step 3 of 5, typing motion" in talk.say("ResumeStretchIntent").speech


def test_next_in_a_new_session_after_a_timeout_goes_on_to_the_following_step(talk):
    talk.start("WARMUP")
    talk.time_out()
    answer = talk.say("AMAZON.NextIntent")
    assert answer.speech.startswith("Picking up your warm-up before exercise. Step 2 of 3")


def test_steps_left_in_a_new_session_points_to_the_paused_routine(talk):
    talk.start("FOOT")
    talk.say("AMAZON.PauseIntent")
    answer = talk.say("StepsLeftIntent")
    assert "You have a foot arch stretch paused at step 1 of 3" in answer.speech
    assert "resume my stretch" in answer.speech
    assert not answer.ends_session


def test_start_over_in_a_new_session_restarts_the_paused_routine(talk):
    talk.start("BEDTIME")
    talk.say("AMAZON.NextIntent")
    talk.say("AMAZON.PauseIntent")
    assert "Step 1 of 5, seated toe pull" in talk.say("AMAZON.StartOverIntent").speech


def test_finished_routine_leaves_nothing_to_resume(talk):
    talk.start("THIGH")
    talk.say("AMAZON.NextIntent")
    talk.say("AMAZON.NextIntent")
    talk.say("AMAZON.StopIntent")
    answer = talk.say("ResumeStretchIntent")
    assert "no stretch going right now" in answer.speech
    assert not answer.ends_session


def test_resume_with_nothing_saved_says_how_to_start_one(talk):
    answer = talk.say("ResumeStretchIntent")
    assert "walk me through a calf stretch" in answer.speech
    assert answer.reprompt == "Which stretch would you like to do?"


def test_each_person_resumes_their_own_routine(client, clock):
    first = Conversation(client, clock)
    second = Conversation(client, clock, user_id="amzn1.ask.account.FIXTUREUSER2")
    first.start("CALF")
    first.say("AMAZON.PauseIntent")
    second.start("THIGH")
    second.say("AMAZON.PauseIntent")
    assert "calf stretch" in first.say("ResumeStretchIntent").speech


def test_opening_the_skill_with_a_paused_routine_offers_to_resume_it(talk, client, clock):
    talk.start("CALF")
    talk.say("AMAZON.NextIntent")
    talk.say("AMAZON.PauseIntent")
    body = client.post("/alexa", json=load_envelope("launch_request", clock())).get_json()
    spoken = plain_text(body["response"]["outputSpeech"]["ssml"])
    assert "calf stretch paused at step 2 of 3" in spoken
    assert "resume my stretch" in spoken


def test_opening_the_skill_is_not_held_up_by_a_reminder_worker_writing(talk, client, clock, database_url):
    """A launch reads what it needs to offer the paused stretch without taking a lock, so another
    process in the middle of a write (the reminder worker, on SQLite) does not keep it waiting."""
    talk.start("CALF")
    talk.say("AMAZON.PauseIntent")
    engine = make_engine(database_url)
    writer = make_session_factory(engine, writes=True)()
    writer.execute(text("UPDATE users SET locale = locale"))
    try:
        with ThreadPoolExecutor(1) as pool:
            launch = pool.submit(client.post, "/alexa", json=load_envelope("launch_request", clock()))
            done, _ = wait([launch], timeout=10)
            assert done, "the launch waited for the other process's write lock"
            speech = plain_text(launch.result().get_json()["response"]["outputSpeech"]["ssml"])
    finally:
        writer.rollback()
        writer.close()
        engine.dispose()
    assert "calf stretch paused at step 1 of 3" in speech
