"""End to end in a real browser: the real server, a code asked for by voice through the simulator,
then sign in, create a hydration reminder, see its next times, edit, pause and delete it.

Runs ``cramp-coach serve`` as a subprocess on a free port with a fresh SQLite file, and
Debian's Chromium through Playwright (``.ci/run`` installs it). Screenshots of the pages, at
phone size (390x844) and desktop size, go to ``test-artifacts/web/``.
"""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

import pytest
import requests
from sqlalchemy import select

from models import DeliveryLog, ReminderSchedule
from models.database import make_engine, make_session_factory

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PROJECT_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "web"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(tmp_path) -> Iterator[tuple[str, dict[str, str]]]:
    """``cramp-coach serve`` on a free port; its base URL and the environment it runs with."""
    with serving(tmp_path) as running:
        yield running


@contextmanager
def serving(folder: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """``cramp-coach serve`` on a free port with its SQLite file in ``folder``, stopped on leaving."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {name: value for name, value in os.environ.items() if not name.startswith("CRAMP_COACH_")}
    env.update(CRAMP_COACH_DATABASE_URL=f"sqlite:///{folder / 'cramp_coach.db'}",
               CRAMP_COACH_VERIFY_REQUESTS="0", CRAMP_COACH_PUBLIC_URL=base_url)
    log_path = folder / "server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen([sys.executable, "-m", "cramp_coach.cli", "serve", "--host", "127.0.0.1",
                                    "--port", str(port), "--no-worker"],
                                   cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_until_healthy(base_url, process, log_path)
        yield base_url, env
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_until_healthy(base_url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server exited early:\n{log_path.read_text()}")
        try:
            if requests.get(f"{base_url}/healthz", timeout=1).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):  # not listening yet, or busy starting
            time.sleep(0.2)
    pytest.fail(f"server did not answer /healthz within 60 s:\n{log_path.read_text()}")


def web_code_by_voice(base_url: str, env: dict[str, str]) -> str:
    """"Alexa, ask cramp coach for my web code", through the simulator against the running server."""
    result = subprocess.run([sys.executable, "-m", "cramp_coach.cli", "say", "--json", "--url", f"{base_url}/alexa",
                             "ask cramp coach for my web code"],
                            cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120, check=True)
    turn = json.loads(result.stdout.strip().splitlines()[-1])
    assert turn["intent"] == "WebCodeIntent"
    card = turn["response"]["response"]["card"]
    assert base_url in card["content"]
    return re.search(r"\b(\d{6})\b", card["content"]).group(1)


@contextmanager
def launched_chromium() -> Iterator:
    """Debian's Chromium driven by Playwright, closed on the way out."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package (test extra)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def browser():
    with launched_chromium() as chromium:
        yield chromium


def save_reminder(page) -> None:
    """Press "Save reminder" from the keyboard: a pointer click right after typing a time zone can
    land on the zone suggestions' popup, which swallows it."""
    page.get_by_role("button", name="Save reminder").press("Enter")


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_voice_code_sign_in_then_create_edit_pause_and_delete_a_hydration_reminder(server, browser):
    base_url, env = server
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(base_url)
    shoot(page, "phone-sign-in")

    page.get_by_label("Code").fill(web_code_by_voice(base_url, env))
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Reminders", exact=True).wait_for()
    assert "No reminders yet" in page.content()
    shoot(page, "phone-reminders-empty")

    page.get_by_role("link", name="Hydration").click()
    page.get_by_label("Label (optional)").fill("Desk water")
    page.get_by_label("Every so often, within a daily window").check()
    page.get_by_label("How often").select_option("120")
    page.get_by_label("Daily from").fill("08:00")
    page.get_by_label("Daily until").fill("20:00")
    page.get_by_label("Time zone").fill("Europe/Berlin")
    page.get_by_label("Time zone").press("Escape")  # close the zone suggestions that typing opens
    assert not page.get_by_label("Times of day").is_visible()
    shoot(page, "phone-new-reminder")
    save_reminder(page)

    card = page.locator("li.card", has_text="Hydration: Desk water")
    card.wait_for()
    assert "every 2 hours, 8 am–8 pm, Europe/Berlin" in card.inner_text()
    assert card.locator(".next-times li").count() == 3
    shoot(page, "phone-reminders")

    card.get_by_role("link", name="Edit Hydration: Desk water").click()
    page.get_by_label("How often").select_option("90")
    save_reminder(page)
    page.get_by_text("Changes saved.").wait_for()
    assert "every 90 minutes, 8 am–8 pm, Europe/Berlin" in card.inner_text()

    card.get_by_text("More for Hydration: Desk water").click()
    card.get_by_role("button", name="Pause Hydration: Desk water").click()
    page.get_by_text("Hydration: Desk water is paused.").wait_for()
    assert card.locator(".status").inner_text() == "Paused" and card.locator(".next-times li").count() == 0
    shoot(page, "phone-reminders-paused")

    record_deliveries(env["CRAMP_COACH_DATABASE_URL"])
    page.goto(f"{base_url}/history")
    assert [cell.inner_text() for cell in page.locator("td[data-label=Status] .status").all()] == [
        "Missed", "Failed", "Sent"]
    shoot(page, "phone-history")
    for path, name in (("/notifications", "notifications"), ("/account", "account")):
        page.goto(base_url + path)
        shoot(page, f"phone-{name}")

    page.goto(base_url)
    card.get_by_text("More for Hydration: Desk water").click()
    card.get_by_role("link", name="Delete Hydration: Desk water").click()
    page.get_by_role("heading", name="Delete Hydration: Desk water?").wait_for()
    shoot(page, "phone-delete-reminder")
    page.get_by_role("button", name="Delete reminder").click()
    page.get_by_text("Hydration: Desk water is deleted.").wait_for()
    assert "No reminders yet" in page.content()

    desktop = browser.new_context(viewport=DESKTOP, storage_state=page.context.storage_state()).new_page()
    desktop.goto(f"{base_url}/reminders/new?kind=stretch")
    desktop.get_by_label("At set times, on the days I pick").check()
    desktop.get_by_label("Times of day").fill("07:30, 21:00")
    save_reminder(desktop)
    assert "Tick at least one day." in desktop.locator("#days-error").inner_text()
    shoot(desktop, "desktop-validation-error")
    desktop.get_by_label("Monday").check()
    desktop.get_by_label("Thursday").check()
    shoot(desktop, "desktop-new-reminder")
    save_reminder(desktop)
    desktop.get_by_text("Reminder saved.").wait_for()
    shoot(desktop, "desktop-reminders")
    for path, name in (("/history", "history"), ("/notifications", "notifications"), ("/account", "account")):
        desktop.goto(base_url + path)
        shoot(desktop, f"desktop-{name}")


def record_deliveries(database_url: str) -> None:
    """What the worker would have written for the reminder: one sent, one failed, one missed."""
    engine = make_engine(database_url)
    try:
        with make_session_factory(engine)() as session:
            schedule_id = session.scalar(select(ReminderSchedule.id))
            start = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
            outcomes = ((0, "sent", None), (2, "failed", "HTTP 503 from ntfy.sh"), (4, "missed", None))
            for hours, status, error in outcomes:
                session.add(DeliveryLog(schedule_id=schedule_id, occurs_at=start + timedelta(hours=hours),
                                        channel="alexa", status=status, attempts=1, last_error=error,
                                        updated_at=start))
            session.commit()
    finally:
        engine.dispose()
