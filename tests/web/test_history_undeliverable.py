"""The history page names the occurrences the worker could not deliver, and why. The occurrences
are logged by a real dispatch pass, as the worker runs it. The clock is pinned at Sunday
22 November 2026, 12:00 UTC (13:00 in Berlin)."""
from __future__ import annotations

from datetime import timedelta

from scheduler.dispatch import Dispatcher
from scheduler.policy import DispatchPolicy
from tests.web.support import add_schedule, page_text


def run_worker_pass(app, settings, at) -> dict[str, int]:
    """One dispatch pass on the app's database with the worker's policy and channels."""
    dispatcher = Dispatcher(app.extensions["cramp_coach"]["session_factory"], DispatchPolicy.from_settings(settings))
    try:
        return dict(dispatcher.run_pass(at))
    finally:
        dispatcher.close()


def test_history_shows_occurrence_without_alexa_permission_as_not_deliverable_with_the_reason(
        app, settings, browser, db_session, user, clock):
    user.alexa_reminders_allowed = False
    db_session.commit()
    add_schedule(db_session, user, clock(), every="2h", between="08:00-20:00")

    assert run_worker_pass(app, settings, clock() + timedelta(hours=1)) == {"undeliverable": 1}

    page = page_text(browser.get("/history"))
    assert "Nothing sent yet" not in page
    assert ("Sun 22 Nov, 2 pm CET Hydration Alexa Not deliverable "
            "Alexa reminders are not allowed for Cramp Coach — allow them in the Alexa app") in page


def test_history_shows_occurrence_of_reminder_not_yet_on_the_speaker_as_not_deliverable_with_the_reason(
        app, settings, browser, db_session, user, clock):
    add_schedule(db_session, user, clock(), at="14:00", label="Desk")

    assert run_worker_pass(app, settings, clock() + timedelta(hours=1)) == {"undeliverable": 1}

    page = page_text(browser.get("/history"))
    assert ("Sun 22 Nov, 2 pm CET Hydration: Desk Alexa Not deliverable "
            "not on your Alexa device yet — say 'Alexa, ask cramp coach to allow reminders'") in page
