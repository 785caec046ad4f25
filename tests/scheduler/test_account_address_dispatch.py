"""Account-wide notification addresses in a worker pass: every reminder of the user goes there
too, unless it opts out or already has that address itself; the outbound rules still apply."""
from __future__ import annotations

import dataclasses
from datetime import timedelta

from sqlalchemy import select

from models import AccountAddress, DeliveryLog
from reminders.channels import default_registry
from reminders.schedules import create_schedule
from scheduler.dispatch import Dispatcher
from scheduler.policy import DispatchPolicy
from tests.scheduler.support import CREATED, FIRST, SPEC, JsonReceiver, make_user


def _user_with_account_address(session, url: str):
    user = make_user(session, "amzn1.ask.account.ACCOUNTWIDE", CREATED)
    user.account_addresses.append(AccountAddress(apprise_url=url, created_at=CREATED))
    session.flush()
    return user


def test_worker_pass_sends_to_the_account_address_as_well_as_the_reminders_own(session_factory):
    with JsonReceiver() as receiver:
        with session_factory() as session:
            user = _user_with_account_address(session, receiver.url("account"))
            create_schedule(session, user, dataclasses.replace(SPEC, notify=[receiver.url("own")]), CREATED)
            session.commit()
        totals = Dispatcher(session_factory, DispatchPolicy(), default_registry()).run_pass(FIRST)
        receiver.wait_for(2)
    assert totals["sent"] == 2
    assert receiver.counts() == {"/own": 1, "/account": 1}
    with session_factory() as session:
        address_id = session.scalar(select(AccountAddress.id))
        assert set(session.scalars(select(DeliveryLog.channel))) == {"apprise:1", f"account:{address_id}"}


def test_reminder_that_opts_out_or_has_the_address_itself_gets_it_once_or_not_at_all(session_factory):
    with JsonReceiver() as receiver:
        with session_factory() as session:
            user = _user_with_account_address(session, receiver.url("account"))
            opted_out = create_schedule(session, user, dataclasses.replace(SPEC, notify=[receiver.url("out")]),
                                        CREATED)
            opted_out.use_account_addresses = False
            create_schedule(session, user, dataclasses.replace(SPEC, notify=[receiver.url("account")]), CREATED)
            session.commit()
        totals = Dispatcher(session_factory, DispatchPolicy(), default_registry()).run_pass(FIRST)
        receiver.wait_for(2)
    assert totals["sent"] == 2
    assert receiver.counts() == {"/out": 1, "/account": 1}


def test_account_address_to_a_host_no_longer_allowed_is_refused_at_send(session_factory, monkeypatch):
    with JsonReceiver() as receiver:
        with session_factory() as session:
            user = _user_with_account_address(session, receiver.url("account"))
            create_schedule(session, user, dataclasses.replace(SPEC, alexa=True), CREATED)
            session.commit()
        monkeypatch.delenv("CRAMP_COACH_ALLOWED_NOTIFY_HOSTS")  # the operator withdrew the allowance
        Dispatcher(session_factory, DispatchPolicy(), default_registry()).run_pass(FIRST + timedelta(seconds=1))
    assert receiver.counts() == {}
    with session_factory() as session:
        row = session.scalar(select(DeliveryLog).where(DeliveryLog.channel.like("account:%")))
        assert row.status == "failed" and row.last_error.startswith("Not sent")
