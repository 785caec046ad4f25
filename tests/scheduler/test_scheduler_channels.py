"""Apprise delivery to local receivers: a JSON webhook and an SMTP server on 127.0.0.1."""
from __future__ import annotations

import dataclasses
import email
import email.policy
import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from models import DeliveryLog
from reminders.channels import PermanentDeliveryError, RetryableDeliveryError, default_registry
from reminders.channels.apprise_channel import AppriseChannel
from reminders.messages import ReminderMessage
from reminders.schedules import create_schedule
from scheduler.dispatch import Dispatcher
from scheduler.policy import DispatchPolicy
from tests.scheduler.support import CREATED, FIRST, SPEC, JsonReceiver, make_user

MESSAGE = ReminderMessage(title="Cramp Coach - time to drink", body="Water break — stay hydrated.")


class SmtpInbox:
    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []


@pytest.fixture
def smtp():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = SmtpInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, f"mailto://127.0.0.1:{port}?from=coach@example.com&to=me@example.com"
    controller.stop()


def add_schedule(session_factory, notify: list[str]) -> None:
    with session_factory() as session:
        user = make_user(session, "amzn1.ask.account.CHANNELS", CREATED)
        create_schedule(session, user, dataclasses.replace(SPEC, notify=notify), CREATED)
        session.commit()


def test_apprise_json_channel_posts_title_and_body_to_the_receiver():
    with JsonReceiver() as receiver:
        AppriseChannel(receiver.url("hook")).deliver(MESSAGE)

    [(path, body)] = receiver.received
    assert (path, body["title"], body["message"]) == ("/hook", MESSAGE.title, MESSAGE.body)


def test_apprise_mailto_channel_sends_an_email_through_local_smtp(smtp):
    inbox, url = smtp

    AppriseChannel(url).deliver(MESSAGE)

    [mail] = inbox.messages
    assert (mail["Subject"], mail["To"]) == (MESSAGE.title, "me@example.com")
    assert mail.get_body(("plain",)).get_content().strip() == MESSAGE.body


def test_apprise_channel_to_a_failing_receiver_raises_a_retryable_error_with_the_reason():
    with JsonReceiver(failing=True) as receiver, pytest.raises(RetryableDeliveryError, match="500"):
        AppriseChannel(receiver.url()).deliver(MESSAGE)


def test_apprise_channel_with_an_address_apprise_cannot_parse_fails_permanently():
    with pytest.raises(PermanentDeliveryError):
        AppriseChannel("nonsense://").deliver(MESSAGE)


def test_dispatch_sends_one_occurrence_to_every_notification_address(session_factory, smtp):
    inbox, mail_url = smtp
    with JsonReceiver() as receiver:
        add_schedule(session_factory, [receiver.url("phone"), mail_url])

        totals = Dispatcher(session_factory, DispatchPolicy(), default_registry()).run_pass(FIRST)

    assert totals == {"sent": 2}
    assert receiver.counts() == {"/phone": 1} and len(inbox.messages) == 1
    assert receiver.received[0][1]["message"] == inbox.messages[0].get_body(("plain",)).get_content().strip()


def test_dispatch_to_an_always_failing_receiver_ends_failed_after_max_attempts(session_factory):
    policy = DispatchPolicy(max_attempts=3, retry_base=timedelta(seconds=30))
    with JsonReceiver(failing=True) as receiver:
        add_schedule(session_factory, [receiver.url("down")])
        dispatcher = Dispatcher(session_factory, policy, default_registry())
        passes = [dispatcher.run_pass(FIRST + timedelta(seconds=seconds)) for seconds in (0, 30, 90, 600)]

    with session_factory() as session:
        row = session.scalars(select(DeliveryLog)).one()
    assert passes == [{"retrying": 1}, {"retrying": 1}, {"failed": 1}, {}]
    assert (row.status, row.attempts, receiver.counts()) == ("failed", 3, {"/down": 3})
