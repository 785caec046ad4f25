"""``cramp-coach reminders …`` and ``cramp-coach dispatch``, run in-process as an operator would."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from models import DeliveryLog, ReminderSchedule, User
from tests.conftest import CLI_NOW as NOW
from tests.scheduler.support import JsonReceiver

USER = "amzn1.ask.account.CLI"
EIGHT_IN_BERLIN = datetime(2026, 6, 1, 8, tzinfo=ZoneInfo("Europe/Berlin"))
NOT_ON_SPEAKER = "; cannot be delivered: not on your Alexa device yet — say 'Alexa, ask cramp coach to allow reminders'"


def stored(db_session, model) -> int:
    db_session.rollback()
    return db_session.scalar(select(func.count()).select_from(model))


def test_add_interval_reminder_creates_the_user_and_prints_it_in_words(cli, db_session):
    code, out, _ = cli("reminders", "add", "--user", USER, "--kind", "hydration", "--every", "2h",
                       "--between", "08:00-20:00", "--tz", "Europe/Berlin", "--label", "desk")

    assert code == 0
    assert out.startswith("added #1 hydration “desk”: every 2 hours, 8 am–8 pm, Europe/Berlin; next ")
    assert out.rstrip().endswith("to alexa" + NOT_ON_SPEAKER)
    assert stored(db_session, User) == 1


def test_add_weekly_reminder_takes_repeated_and_comma_separated_times(cli):
    code, out, _ = cli("reminders", "add", "--user", USER, "--kind", "stretch", "--at", "07:00",
                       "--at", "12:30,21:00", "--days", "mon,wed,fri", "--tz", "America/New_York",
                       "--notify", "ntfy://cramp-test", "--no-alexa")

    assert code == 0
    assert "Mondays, Wednesdays and Fridays at 7 am, 12:30 pm and 9 pm, America/New_York" in out
    assert "to apprise:1 ntfys://cramp-test" in out


def test_list_shows_each_reminder_with_id_words_and_next_times(cli):
    cli("reminders", "add", "--user", USER, "--kind", "hydration", "--every", "90m", "--tz", "Europe/Berlin")
    cli("reminders", "add", "--user", USER, "--kind", "warm_up", "--at", "18:00", "--tz", "Europe/Berlin")

    code, out, _ = cli("reminders", "list", "--user", USER)

    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    assert lines[0].startswith("#1 hydration: every 90 minutes, 8 am–8 pm, Europe/Berlin; next ")
    assert lines[0].endswith("next Mon 08:00, Mon 09:30, Mon 11:00; to alexa" + NOT_ON_SPEAKER)
    assert lines[1] == ("#2 warm-up: daily at 6 pm, Europe/Berlin; next Mon 18:00, Tue 18:00, Wed 18:00; to alexa"
                        + NOT_ON_SPEAKER)


def test_pause_resume_and_remove_change_the_stored_reminder(cli, db_session):
    cli("reminders", "add", "--user", USER, "--kind", "hydration", "--every", "2h", "--tz", "Europe/Berlin")

    paused = cli("reminders", "pause", "--user", USER, "1")
    resumed = cli("reminders", "resume", "--user", USER, "1")
    removed = cli("reminders", "remove", "--user", USER, "1")

    assert paused[0] == resumed[0] == removed[0] == 0
    assert ", paused; next none;" in paused[1] and ", paused" not in resumed[1]
    assert removed[1] == "removed #1\n" and stored(db_session, ReminderSchedule) == 0


def test_snooze_prints_when_the_snooze_ends(cli):
    cli("reminders", "add", "--user", USER, "--kind", "hydration", "--every", "2h", "--tz", "UTC")

    code, out, _ = cli("reminders", "snooze", "--user", USER, "1", "--for", "3h")

    assert code == 0 and "; snoozed until " in out


@pytest.mark.parametrize("args, message", [
    (["--at", "25:00", "--tz", "Europe/Berlin"], "'25:00' is not a time of day"),
    (["--every", "10m", "--tz", "Europe/Berlin"], "at most every 15 minutes"),
    (["--every", "36h", "--tz", "Europe/Berlin"], "at most a day"),
    (["--every", "2h", "--between", "8-8", "--tz", "Europe/Berlin"], "different start and end"),
    (["--every", "2h", "--tz", "Europe/Berlín"], "not a time zone"),
    (["--at", "21:00", "--days", "", "--tz", "Europe/Berlin"], "at least one day"),
    (["--at", "21:00", "--days", "mon,someday", "--tz", "Europe/Berlin"], "'someday' is not a day"),
    (["--every", "2h", "--at", "21:00", "--tz", "Europe/Berlin"], "not both"),
    (["--every", "2h", "--tz", "Europe/Berlin", "--notify", "telegram:/broken"], "not a notification address"),
    (["--every", "2h", "--tz", "Europe/Berlin", "--no-alexa"], "somewhere to go"),
    (["--every", "2h"], "Give a time zone with --tz"),
    (["--tz", "Europe/Berlin"], "Say when"),
])
def test_add_with_bad_input_prints_the_problem_exits_2_and_stores_nothing(cli, db_session, args, message):
    code, out, err = cli("reminders", "add", "--user", USER, "--kind", "hydration", *args)

    assert (code, out) == (2, "")
    assert err.startswith("error: ") and message in err
    assert stored(db_session, User) == 0 and stored(db_session, ReminderSchedule) == 0


def test_add_with_unknown_kind_is_refused_with_the_kinds_to_choose_from(cli, db_session):
    code, _, err = cli("reminders", "add", "--user", USER, "--kind", "yoga", "--every", "2h", "--tz", "UTC")

    assert code == 2 and "choose hydration, stretch, warm_up" in err
    assert stored(db_session, ReminderSchedule) == 0


@pytest.mark.parametrize("action", ["pause", "resume", "remove"])
def test_action_on_someone_elses_reminder_exits_2_and_changes_nothing(cli, db_session, action):
    cli("reminders", "add", "--user", "amzn1.ask.account.OWNER", "--kind", "hydration", "--every", "2h", "--tz", "UTC")
    cli("reminders", "add", "--user", USER, "--kind", "stretch", "--at", "21:00", "--tz", "UTC")

    code, _, err = cli("reminders", action, "--user", USER, "1")

    assert code == 2 and "no reminder number 1 for this user" in err
    db_session.rollback()
    assert db_session.get(ReminderSchedule, 1).enabled


def test_list_for_an_unknown_user_exits_2(cli):
    assert cli("reminders", "list", "--user", "amzn1.ask.account.NOBODY")[0:2] == (2, "")


def test_missing_user_option_is_a_usage_error(cli):
    code, _, err = cli("reminders", "list")

    assert code == 2 and "--user" in err


def test_dispatch_at_an_instant_prints_one_line_per_delivery(cli):
    with JsonReceiver() as receiver:
        cli("reminders", "add", "--user", USER, "--kind", "hydration", "--every", "2h", "--tz", "Europe/Berlin",
            "--notify", receiver.url("phone"), "--no-alexa")
        cli("reminders", "add", "--user", USER, "--kind", "stretch", "--at", "07:30", "--tz", "Europe/Berlin",
            "--notify", receiver.url("phone"), "--no-alexa")
        code, out, err = cli("dispatch", "--at", "2026-06-01T06:00:00Z", "--commit")

    port = receiver.url().split(":")[2].rstrip("/")
    assert code == 0
    assert sorted(out.splitlines()) == [
        f"{USER}  hydration  2026-06-01 08:00 CEST  apprise:1 json://127.0.0.1:{port}/phone  sent",
        f"{USER}  stretch  2026-06-01 07:30 CEST  apprise:2 json://127.0.0.1:{port}/phone  missed  (30 minutes late)",
    ]
    assert receiver.counts() == {"/phone": 1}
    assert "1 missed, 1 sent" in err


def test_dispatch_twice_at_the_same_instant_sends_nothing_the_second_time(cli):
    with JsonReceiver() as receiver:
        cli("reminders", "add", "--user", USER, "--kind", "hydration", "--every", "2h", "--tz", "Europe/Berlin",
            "--notify", receiver.url(), "--no-alexa")
        when = EIGHT_IN_BERLIN.isoformat()

        first, second = cli("dispatch", "--at", when, "--commit"), cli("dispatch", "--at", when, "--commit")

    assert len(first[1].splitlines()) == 1 and second[1] == ""
    assert "nothing due" in second[2] and len(receiver.received) == 1


def test_dispatch_at_without_commit_shows_the_pass_but_sends_and_changes_nothing(cli, db_session):
    with JsonReceiver() as receiver:
        cli("reminders", "add", "--user", USER, "--kind", "hydration", "--every", "2h", "--tz", "Europe/Berlin",
            "--notify", receiver.url("phone"), "--no-alexa")
        before = db_session.scalar(select(ReminderSchedule.next_due_at))

        code, out, err = cli("dispatch", "--at", "2026-06-01T06:00:00Z")

    assert code == 0 and out.rstrip().endswith("would send")
    assert "dry run" in err and "nothing was sent or changed" in err and "--commit" in err
    assert receiver.received == []
    assert stored(db_session, DeliveryLog) == 0
    assert db_session.scalar(select(ReminderSchedule.next_due_at)) == before


def test_dispatch_far_ahead_logs_every_occurrence_of_a_reminder_without_alexa_permission(cli, db_session):
    cli("reminders", "add", "--user", USER, "--kind", "hydration", "--at", "08:00,20:00", "--tz", "Europe/Berlin")
    with db_session.begin():
        db_session.scalar(select(User)).alexa_reminders_allowed = False

    code, out, err = cli("dispatch", "--at", "2026-06-01T18:05:00Z", "--commit")
    _, listed, _ = cli("reminders", "list", "--user", USER)

    db_session.rollback()
    rows = db_session.execute(select(DeliveryLog.occurs_at, DeliveryLog.status, DeliveryLog.last_error)
                              .order_by(DeliveryLog.occurs_at)).all()
    assert code == 0 and "1 missed, 1 undeliverable" in err
    assert [(row.occurs_at.hour, row.status) for row in rows] == [(6, "missed"), (18, "undeliverable")]
    assert "Alexa reminders are not allowed for Cramp Coach" in rows[1].last_error
    assert "cannot be delivered: Alexa reminders are not allowed for Cramp Coach" in listed
    assert db_session.scalar(select(ReminderSchedule.next_due_at)).hour == 6   # the next day's 08:00


def test_dispatch_commit_without_at_exits_2(cli):
    code, out, err = cli("dispatch", "--commit")

    assert (code, out) == (2, "") and "--at" in err


@pytest.mark.parametrize("instant, message", [("yesterday", "not an ISO 8601"), ("2026-06-01T08:00", "no offset")])
def test_dispatch_with_a_bad_instant_exits_2(cli, instant, message):
    code, out, err = cli("dispatch", "--at", instant)

    assert (code, out) == (2, "") and message in err



def test_pause_with_an_id_beyond_the_databases_range_is_one_line_and_exit_2(cli):
    cli("reminders", "add", "--user", USER, "--kind", "hydration", "--every", "2h", "--tz", "Europe/Berlin")
    code, out, err = cli("reminders", "pause", "--user", USER, "99999999999999999999")
    assert (code, out) == (2, "") and err == "error: There is no reminder number 99999999999999999999 for this user.\n"


def test_snooze_for_an_absurd_duration_is_one_line_and_exit_2(cli):
    cli("reminders", "add", "--user", USER, "--kind", "hydration", "--every", "2h", "--tz", "Europe/Berlin")
    code, out, err = cli("reminders", "snooze", "--user", USER, "1", "--for", "99999999999999h")
    assert (code, out) == (2, "") and err.startswith("error: '99999999999999h' is far too long") and err.count("\n") == 1
