"""The reminder form's script in a real browser (Debian's Chromium, as tests/web/test_browser_web.py):
the preview follows the fields as they change, under the pages' own CSP, and this device's time
zone is offered beside the zone field."""
from __future__ import annotations

import pytest

from tests.web.test_browser_web import CHROMIUM, CHROMIUM_ARGS, PHONE, pytestmark, serving, web_code_by_voice

__all__ = ["pytestmark"]  # the Chromium check this module shares


def test_preview_follows_the_fields_and_the_device_zone_can_be_used(tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package (test extra)")
    with serving(tmp_path) as (base_url, env), sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = chromium.new_context(viewport=PHONE, timezone_id="Asia/Tokyo")
            page = context.new_page()
            refused: list[str] = []  # scripts or fetches the CSP blocked, and failed requests but the favicon
            page.on("console", lambda message: refused.append(message.text)
                    if "Content Security Policy" in message.text else None)
            page.on("response", lambda response: refused.append(f"{response.status} {response.url}")
                    if response.status >= 400 and not response.url.endswith("/favicon.ico") else None)
            page.goto(base_url)
            page.get_by_label("Code").fill(web_code_by_voice(base_url, env))
            page.get_by_role("button", name="Sign in").click()
            page.goto(f"{base_url}/reminders/new")
            words = page.locator('#schedule-preview [data-preview="words"]')
            assert words.inner_text().startswith("Every 2 hours, 8 am–8 pm")

            page.get_by_label("Daily from").fill("noon")
            sync_api.expect(words).to_contain_text("Every 2 hours, noon–8 pm")
            page.get_by_label("Daily until").fill("")
            sync_api.expect(page.locator('#schedule-preview [data-preview="problem"]')).to_contain_text(
                "Give both daily times")

            page.get_by_role("button", name="Use Asia/Tokyo").click()
            assert page.get_by_label("Time zone").input_value() == "Asia/Tokyo"
            page.get_by_label("Daily until").fill("9 pm")
            sync_api.expect(words).to_contain_text("noon–9 pm, Asia/Tokyo")
            assert refused == []
        finally:
            chromium.close()
