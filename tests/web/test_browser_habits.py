"""In a real browser against the real server: add water from the Today panel and see the week's
chart change (Debian's Chromium through Playwright, as tests/web/test_browser_web.py does)."""
from __future__ import annotations

from tests.web.test_browser_web import PHONE, browser, pytestmark, server, shoot, web_code_by_voice

__all__ = ["browser", "pytestmark", "server"]  # the fixtures and the Chromium check this test shares


def todays_bar_height(page) -> float:
    return float(page.locator("#week-title ~ svg rect.water-bar").last.get_attribute("height"))


def test_adding_a_glass_from_the_today_panel_raises_todays_bar_in_the_chart(server, browser):
    base_url, env = server
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(base_url)
    page.get_by_label("Code").fill(web_code_by_voice(base_url, env))
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Today", exact=True).wait_for()
    page.goto(f"{base_url}/history")
    assert todays_bar_height(page) == 0.0

    page.goto(base_url)
    page.get_by_role("button", name="+ glass (237 ml)").click()
    page.get_by_text("Added a glass of water.").wait_for()
    assert "Water: 1 cup of 9 cups" in page.locator("section.today").inner_text()
    shoot(page, "phone-today")

    page.goto(f"{base_url}/history")
    assert todays_bar_height(page) > 0.0
    assert page.locator("#week-title ~ div table tbody tr").last.inner_text().split("\t")[1] == "1 cup"
    shoot(page, "phone-habit-charts")
