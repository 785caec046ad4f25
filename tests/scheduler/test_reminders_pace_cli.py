"""``cramp-coach reminders pace``: "only remind me when I'm behind" from the shell, as an operator would.

The clock reads Monday 2026-06-01 07:00 in Berlin.
"""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from habits.goals import set_goal
from habits.owner import Owner
from habits.water import log_water
from models import ReminderSchedule, User
from tests.conftest import CLI_NOW as NOW
from tests.scheduler.support import JsonReceiver

USER = "amzn1.ask.account.PACE-CLI"
BEHIND = ", only when behind on water;"


def add_water_and_stretch(cli, *notify: str) -> None:
    for every in ("2h", "90m"):
        cli("reminders", "add", "--user", USER, "--kind", "hydration", "--every", every, "--tz", "Europe/Berlin",
            *notify)
    cli("reminders", "add", "--user", USER, "--kind", "stretch", "--at", "21:00", "--tz", "Europe/Berlin", *notify)


def test_pace_when_behind_sets_every_water_reminder_and_list_shows_it_on_those_only(cli):
    add_water_and_stretch(cli)

    code, out, _ = cli("reminders", "pace", "--user", USER, "--when-behind")
    _, listed, _ = cli("reminders", "list", "--user", USER)

    assert code == 0
    assert [line.split(":")[0] for line in out.splitlines()] == ["#1 hydration", "#2 hydration"]
    assert all(BEHIND in line for line in out.splitlines())
    water, more_water, stretch = listed.splitlines()
    assert water.startswith("#1 hydration: every 2 hours, 8 am–8 pm, Europe/Berlin, only when behind on water; next ")
    assert BEHIND in more_water
    assert stretch.startswith("#3 stretch: daily at 9 pm, Europe/Berlin; next ") and "behind" not in stretch


def test_pace_always_sends_every_time_again_and_list_no_longer_says_behind(cli, db_session):
    add_water_and_stretch(cli)
    cli("reminders", "pace", "--user", USER, "--when-behind")

    code, out, _ = cli("reminders", "pace", "--user", USER, "--always")
    _, listed, _ = cli("reminders", "list", "--user", USER)

    assert code == 0 and len(out.splitlines()) == 2
    assert "behind" not in out + listed
    db_session.rollback()
    assert db_session.scalars(select(ReminderSchedule.only_when_behind)).all() == [False, False, False]


def test_pace_for_a_user_without_water_reminders_says_so_and_exits_2(cli):
    cli("reminders", "add", "--user", USER, "--kind", "stretch", "--at", "21:00", "--tz", "Europe/Berlin")

    code, out, err = cli("reminders", "pace", "--user", USER, "--when-behind")
    _, listed, _ = cli("reminders", "list", "--user", USER)

    assert (code, out) == (2, "")
    assert err == "error: This user has no water reminders; add one with --kind hydration first.\n"
    assert "behind" not in listed


@pytest.mark.parametrize("choice", [(), ("--when-behind", "--always")], ids=["neither", "both"])
def test_pace_needs_exactly_one_of_when_behind_or_always(cli, choice):
    add_water_and_stretch(cli)

    code, _, err = cli("reminders", "pace", "--user", USER, *choice)

    assert code == 2 and "--when-behind" in err and "--always" in err


def test_pace_help_explains_both_choices(cli):
    code, out, _ = cli("reminders", "pace", "--help")
    _, overview, _ = cli("reminders", "--help")
    out, overview = " ".join(out.split()), " ".join(overview.split())  # as read, not as wrapped

    assert code == 0
    assert "--when-behind" in out and "on pace for the goal" in out and "--always" in out
    assert "pace" in overview and "only when behind on water, or always" in overview


def test_a_water_reminder_set_from_the_shell_holds_back_while_on_pace_and_goes_out_again_with_always(
        cli, db_session):
    with JsonReceiver() as receiver:
        cli("reminders", "add", "--user", USER, "--kind", "hydration", "--every", "2h", "--tz", "Europe/Berlin",
            "--notify", receiver.url("phone"), "--no-alexa")
        cli("reminders", "pace", "--user", USER, "--when-behind")
        with db_session.begin():  # half a litre at 7:30 and a 2 litre goal: on pace until about 11 AM
            owner = Owner.of(db_session.scalar(select(User.id)), None, "Europe/Berlin")
            set_goal(db_session, owner, 2000, NOW)
            drunk_at = datetime(2026, 6, 1, 5, 30, tzinfo=timezone.utc)
            log_water(db_session, owner, 500, drunk_at, drunk_at, "web")

        _, at_eight, _ = cli("dispatch", "--at", "2026-06-01T08:00:00+02:00", "--commit")
        held_back = len(receiver.received)
        cli("reminders", "pace", "--user", USER, "--always")
        _, at_ten, _ = cli("dispatch", "--at", "2026-06-01T10:00:00+02:00", "--commit")

    assert held_back == 0
    assert at_eight.startswith(f"{USER}  hydration  2026-06-01 08:00 CEST  apprise:1 ")
    assert at_eight.rstrip().endswith("  skipped  (on track)")
    assert at_ten.startswith(f"{USER}  hydration  2026-06-01 10:00 CEST  apprise:1 ")
    assert at_ten.rstrip().endswith("  sent")
    assert receiver.counts() == {"/phone": 1}
