"""Every page in a real browser, at phone (390x844) and desktop (1280x800) size: after each action
the viewport is on the card it came from and focus is on its message; axe-core finds no
violations in light or dark mode; nothing scrolls sideways at 320 px wide or with text at 200 %.
Screenshots of each page, size and colour scheme go to ``test-artifacts/web/``.

One server and one Chromium for the module (Debian's, as tests/web/test_browser_web.py uses); a
user signed in once by voice, with 14 reminders and their deliveries written into its database.
axe-core comes from npm (``tests/web/axe``, installed by ``npm ci`` when its lock file changes)
and is injected into each page; the pages' CSP allows no scripts, so the axe contexts bypass it.
"""
from __future__ import annotations

import hashlib
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from models import DeliveryLog, User
from models.database import make_engine, make_session_factory
from reminders.schedules import create_schedule, pause_schedule, snooze_schedule
from reminders.spec import ScheduleSpec
from tests.web.test_browser_web import (ARTIFACTS, PHONE, launched_chromium, pytestmark, save_reminder,
                                        serving, web_code_by_voice)

__all__ = ["pytestmark"]  # the Chromium check this module shares

AXE_DIR = Path(__file__).resolve().parent / "axe"
AXE_SCRIPT = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
INSTALL_STAMP = AXE_DIR / "node_modules" / ".cramp-coach-lock.sha256"
DESKTOP = {"width": 1280, "height": 800}
NARROW = {"width": 320, "height": 700}
SIZES = {"phone": PHONE, "desktop": DESKTOP}
RUN_AXE = """() => axe.run(document, {resultTypes: ["violations"]}).then(result => result.violations.map(
    violation => `${violation.id}: ${violation.nodes.map(node => node.target.join(" ")).join(", ")}`))"""
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@dataclass(frozen=True)
class Site:
    base_url: str
    env: dict[str, str]
    state: dict
    """The signed-in browser's cookies, for each new context."""
    far_down: int
    """A reminder whose card is far down the list."""
    with_address: int
    """A reminder with a notification address."""
    labelled: int
    """A reminder with a label, for the edit and delete pages."""


def npm_install() -> None:
    """``npm ci`` in tests/web/axe, skipped when node_modules already holds this lock file's packages."""
    lock = hashlib.sha256((AXE_DIR / "package-lock.json").read_bytes()).hexdigest()
    if INSTALL_STAMP.exists() and INSTALL_STAMP.read_text().strip() == lock and AXE_SCRIPT.exists():
        return
    npm = shutil.which("npm")
    assert npm, "the accessibility check needs npm to install axe-core (.ci/run installs node and npm)"
    done = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=AXE_DIR,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"npm ci failed:\n{done.stdout}\n{done.stderr}"
    INSTALL_STAMP.write_text(lock + "\n")


@pytest.fixture(scope="module")
def chromium():
    with launched_chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def site(tmp_path_factory, chromium) -> Iterator[Site]:
    with serving(tmp_path_factory.mktemp("pages")) as (base_url, env):
        context = chromium.new_context(viewport=PHONE)
        page = context.new_page()
        page.goto(base_url)
        page.get_by_label("Code").fill(web_code_by_voice(base_url, env))
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("heading", name="Reminders", exact=True).wait_for()
        state = context.storage_state()
        context.close()
        with pytest.MonkeyPatch.context() as patch:
            # The address is written here as a test's own; the server, without this, refuses to send to it.
            patch.setenv("CRAMP_COACH_ALLOWED_NOTIFY_HOSTS", "127.0.0.1")
            seeded = seed(env["CRAMP_COACH_DATABASE_URL"])
        yield Site(base_url, env, state, **seeded)


def seed(database_url: str) -> dict[str, int]:
    """Fourteen reminders at different times (one snoozed, one paused, one with an address), and
    deliveries: what a person with a few weeks of use sees."""
    now = datetime.now(timezone.utc)
    engine = make_engine(database_url)
    try:
        with make_session_factory(engine)() as session:
            user = session.scalar(select(User))
            user.time_zone = "Europe/Berlin"
            made = []
            for hour in range(6, 20):
                spec = ScheduleSpec(kind=("hydration", "stretch", "warm_up")[hour % 3], time_zone="Europe/Berlin",
                                    at=f"{hour:02d}:15", label=f"Label {hour}" if hour % 2 else None)
                made.append(create_schedule(session, user, spec, now))
            with_address = create_schedule(session, user, ScheduleSpec(
                kind="hydration", time_zone="Europe/Berlin", every="2h", label="Phone water",
                notify=["json://127.0.0.1:9/hook"]), now)
            snooze_schedule(made[3], timedelta(hours=3), now)
            pause_schedule(made[4], now)
            session.flush()
            for hours in range(1, 30):
                session.add(DeliveryLog(schedule_id=made[hours % 14].id, occurs_at=now - timedelta(hours=hours),
                                        channel="alexa", status=("sent", "failed", "missed", "skipped")[hours % 4],
                                        attempts=1, last_error="HTTP 503" if hours % 4 == 1 else None, updated_at=now))
            session.commit()
            far_down = max(made, key=lambda schedule: schedule.next_due_at or now).id
            return {"far_down": far_down, "with_address": with_address.id, "labelled": made[1].id}
    finally:
        engine.dispose()


def new_page(chromium, site: Site, viewport: dict, scheme: str = "light", signed_in: bool = True,
             bypass_csp: bool = False):
    context = chromium.new_context(viewport=viewport, color_scheme=scheme, bypass_csp=bypass_csp,
                                   storage_state=site.state if signed_in else None)
    return context.new_page()


def assert_landed_on_message(page, place: str, words: str) -> None:
    """The URL names the message, the message has focus, says ``words`` and is in the viewport."""
    message_id = f"{place}-message"
    page.wait_for_load_state()
    assert page.url.endswith(f"#{message_id}"), page.url
    message = page.locator(f"#{message_id}")
    # The browser focuses the fragment's target as it finishes loading; on a busy machine that can
    # come a moment after the load event, so wait for it as a person would see it.
    expect(message).to_be_focused()
    assert words in message.inner_text()
    box, height = message.bounding_box(), page.viewport_size["height"]
    assert -1 <= box["y"] < height and box["y"] + box["height"] <= height + 1, (box, height)


def shoot(page, name: str, full_page: bool = True) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


def page_paths(site: Site) -> dict[str, str]:
    return {"reminders": "/", "new-reminder": "/reminders/new", "edit-reminder": f"/reminders/{site.labelled}/edit",
            "delete-reminder": f"/reminders/{site.labelled}/delete", "notifications": "/notifications",
            "history": "/history", "account": "/account", "delete-account": "/account/delete",
            "privacy": "/privacy", "terms": "/terms", "not-found": "/no-such-page"}


def test_every_page_passes_axe_in_light_and_dark_at_both_sizes(chromium, site):
    npm_install()
    violations = []
    for scheme in ("light", "dark"):
        for size, viewport in SIZES.items():
            signed_out = new_page(chromium, site, viewport, scheme, signed_in=False, bypass_csp=True)
            signed_in = new_page(chromium, site, viewport, scheme, bypass_csp=True)
            for name, page, path in [("sign-in", signed_out, "/"),
                                     *[(name, signed_in, path) for name, path in page_paths(site).items()]]:
                page.goto(site.base_url + path)
                page.add_script_tag(path=str(AXE_SCRIPT))
                violations += [f"{scheme} {size} {path}: {found}" for found in page.evaluate(RUN_AXE)]
                shoot(page, f"{size}-{scheme}-{name}")
            signed_out.context.close()
            signed_in.context.close()
    assert violations == []


def test_no_page_scrolls_sideways_at_320_px_or_with_text_at_200_percent(chromium, site):
    sideways = []
    for label, viewport, text_size in (("320 px", NARROW, None), ("200 % text", PHONE, "200%")):
        page = new_page(chromium, site, viewport, bypass_csp=True)
        for path in ["/", *page_paths(site).values()]:
            page.goto(site.base_url + path)
            if text_size:
                page.add_style_tag(content=f"html {{ font-size: {text_size}; }}")
            page.locator("details.more").evaluate_all("menus => menus.forEach(menu => menu.open = true)")
            if page.evaluate(SIDEWAYS) > 0:
                sideways.append(f"{label} {path}: {page.evaluate(SIDEWAYS)} px")
        page.context.close()
    assert sideways == []


@pytest.mark.parametrize("size", SIZES)
def test_each_action_keeps_the_viewport_on_its_card_and_focus_on_its_message(chromium, site, size):
    page = new_page(chromium, site, SIZES[size])
    base, card_id = site.base_url, site.far_down
    place = f"reminder-{card_id}"
    page.goto(base)
    shoot(page, f"{size}-light-reminders-top", full_page=False)
    card = page.locator(f"#{place}")
    card.locator("summary").click()
    card.get_by_role("combobox").select_option("120")
    card.get_by_role("button", name="Snooze").click()
    assert_landed_on_message(page, place, "is snoozed until")
    shoot(page, f"{size}-light-after-snooze", full_page=False)  # what the person sees: the card, the message
    card.get_by_role("button", name="Resume now").click()
    assert_landed_on_message(page, place, "is on again")
    card.locator("summary").click()
    card.get_by_role("button", name="Pause").click()
    assert_landed_on_message(page, place, "is paused")
    card.get_by_role("button", name="Resume").click()
    assert_landed_on_message(page, place, "is on again")

    card.locator('a[href$="/edit"]').click()
    page.get_by_label("Label (optional)").fill(f"Edited on {size}")
    save_reminder(page)
    assert_landed_on_message(page, place, "Changes saved.")
    assert card.evaluate("card => getComputedStyle(card).boxShadow") != "none"  # the highlight

    page.goto(f"{base}/reminders/new?kind=stretch")
    page.get_by_label("At set times, on the days I pick").check()
    page.get_by_label("Times of day").fill("07:30")
    save_reminder(page)
    assert page.title().startswith("Error: New reminder")
    expect(page.locator("#error-summary")).to_be_focused()  # focused as the page finishes loading, as above
    page.get_by_label("Tuesday").check()
    save_reminder(page)
    new_place = page.url.rpartition("#")[2].removesuffix("-message")
    assert new_place.startswith("reminder-") and new_place != place
    assert_landed_on_message(page, new_place, "Reminder saved.")

    page.locator("#water-reminders").get_by_label("Only remind me when I'm behind").check()
    page.locator("#water-reminders").get_by_role("button", name="Save").click()
    assert_landed_on_message(page, "water-reminders", "only when you're behind")
    page.get_by_role("button", name="+ glass").click()
    assert_landed_on_message(page, "today", "Added a glass of water.")

    page.goto(f"{base}/notifications")
    section = page.locator(f"#reminder-{site.with_address}")
    section.get_by_role("button", name="Send a test notification").first.click()
    assert_landed_on_message(page, f"reminder-{site.with_address}", "test notification")

    page.goto(base)
    page.locator(f"#{new_place} summary").click()
    page.locator(f"#{new_place}").get_by_role("link", name="Delete").click()
    page.get_by_role("button", name="Delete reminder").click()
    assert_landed_on_message(page, "reminders", "is deleted.")
    page.context.close()


def test_sign_out_says_so_and_sign_in_returns_to_the_page_asked_for(chromium, site):
    page = new_page(chromium, site, PHONE)
    page.goto(site.base_url)
    page.get_by_role("button", name="Sign out").click()
    assert_landed_on_message(page, "main", "You're signed out.")
    page.goto(f"{site.base_url}/history")
    page.get_by_label("Code").fill(web_code_by_voice(site.base_url, site.env))
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="History").wait_for()
    assert page.url == f"{site.base_url}/history#main"
    page.context.close()
