"""Sending checks every address again, and every host it connects to: numeric spellings,
DNS that changed since the address was saved, redirects, SMTP and syslog on this machine."""
from __future__ import annotations

import dataclasses
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from models import DeliveryLog, NotificationChannel, ReminderSchedule
from reminders.channels import PermanentDeliveryError, default_registry
from reminders.channels.apprise_channel import AppriseChannel
from reminders.messages import ReminderMessage
from reminders.schedules import create_schedule
from scheduler.dispatch import Dispatcher
from scheduler.policy import DispatchPolicy
from tests.conftest import ALLOWED_NOTIFY_HOSTS
from tests.outbound.forms import LOOPBACK_SPELLINGS
from tests.outbound.test_outbound_rules import fake_dns
from tests.scheduler.support import CREATED, FIRST, SPEC, JsonReceiver, make_user

MESSAGE = ReminderMessage(title="Cramp Coach - time to drink", body="Water break.")


@pytest.fixture(autouse=True)
def nothing_allowed(monkeypatch):
    monkeypatch.delenv(ALLOWED_NOTIFY_HOSTS, raising=False)


@pytest.fixture
def receiver():
    with JsonReceiver() as running:
        yield running


@pytest.mark.parametrize("host", LOOPBACK_SPELLINGS)
def test_every_spelling_of_this_machine_is_refused_when_sending_and_nothing_arrives(receiver, host):
    port = receiver.server.server_address[1]
    # Spellings Apprise cannot read with a port (0177.0.0.1:…, [::ffff:…]:…) fail before sending.
    with pytest.raises(PermanentDeliveryError, match="(Not sent: .*(loopback|this server))|can no longer parse"):
        AppriseChannel(f"json://{host}:{port}/hook").deliver(MESSAGE)
    assert receiver.received == []


def test_header_and_method_injection_stored_before_the_rules_is_refused_when_sending(receiver, monkeypatch):
    monkeypatch.setenv(ALLOWED_NOTIFY_HOSTS, "127.0.0.1")
    with pytest.raises(PermanentDeliveryError, match="Extra request headers"):
        AppriseChannel(receiver.url("hook?method=PUT&+X-Injected=yes")).deliver(MESSAGE)
    assert receiver.received == []


def test_a_name_that_now_resolves_to_this_machine_is_refused_when_sending(receiver, monkeypatch):
    port = receiver.server.server_address[1]
    fake_dns(monkeypatch, {"hooks.example.com": "127.0.0.1"})
    with pytest.raises(PermanentDeliveryError, match=r"hooks\.example\.com leads to 127\.0\.0\.1, a loopback"):
        AppriseChannel(f"json://hooks.example.com:{port}/hook").deliver(MESSAGE)
    assert receiver.received == []


def test_a_redirect_into_this_machine_is_not_followed(monkeypatch):
    internal = _Recorder(("127.0.0.2", 0), 200)
    hook = _Recorder(("127.0.0.1", 0), 307, location=f"http://127.0.0.2:{internal.port}/internal")
    monkeypatch.setenv(ALLOWED_NOTIFY_HOSTS, "127.0.0.1")
    with hook, internal, pytest.raises(PermanentDeliveryError, match=r"127\.0\.0\.2 is a loopback address"):
        AppriseChannel(f"json://127.0.0.1:{hook.port}/hook").deliver(MESSAGE)
    assert (hook.hits, internal.hits) == (1, 0)


def test_smtp_on_this_machine_is_refused_when_sending():
    messages = []

    class Inbox:
        async def handle_DATA(self, server, session, envelope):
            messages.append(envelope)
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Inbox(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with pytest.raises(PermanentDeliveryError, match=r"127\.0\.0\.1 is a loopback"):
            AppriseChannel(f"mailto://127.0.0.1:{port}?from=coach@example.com&to=me@example.com").deliver(MESSAGE)
    finally:
        controller.stop()
    assert messages == []


def test_syslog_over_udp_is_refused_when_sending():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as syslog:
        syslog.bind(("127.0.0.1", 0))
        syslog.settimeout(0.2)
        with pytest.raises(PermanentDeliveryError, match="rsyslog:// addresses are not supported"):
            AppriseChannel(f"rsyslog://127.0.0.1:{syslog.getsockname()[1]}").deliver(MESSAGE)
        with pytest.raises(TimeoutError):
            syslog.recvfrom(1024)


def test_worker_marks_a_refused_address_failed_with_the_reason_and_sends_nothing(session_factory, receiver):
    port = receiver.server.server_address[1]
    with session_factory() as session:
        user = make_user(session, "amzn1.ask.account.OUTBOUND", CREATED)
        schedule = create_schedule(session, user, dataclasses.replace(SPEC, notify=["ntfy://placeholder"]), CREATED)
        schedule.notify_channels[0].apprise_url = f"json://2130706433:{port}/hook"  # saved before the rules
        session.commit()

    totals = Dispatcher(session_factory, DispatchPolicy(), default_registry()).run_pass(FIRST)

    with session_factory() as session:
        row = session.scalars(select(DeliveryLog)).one()
        assert session.scalar(select(NotificationChannel.schedule_id)) == session.scalar(select(ReminderSchedule.id))
    assert totals == {"failed": 1} and receiver.received == []
    assert "Not sent: 2130706433 is a loopback address" in row.last_error


class _Recorder:
    """A bare HTTP server answering every POST with ``status`` (and ``Location``), counting hits."""

    def __init__(self, address: tuple[str, int], status: int, location: str | None = None):
        recorder = self
        self.hits = 0

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                recorder.hits += 1
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                """Quiet."""

        self.server = ThreadingHTTPServer(address, Handler)
        self.port = self.server.server_address[1]

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
