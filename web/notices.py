"""Where a page's messages appear: inside the card or section the action came from, focused.

A view flashes as usual and redirects to ``page#place``, the id of the card or section it came
from (``reminder-7``, ``today``). On the way out the request's new messages are tagged with that
place, and the redirect goes to ``page#place-message``: the message itself, which the page draws
inside ``place`` with ``tabindex="-1"``. Loading a URL whose fragment names a focusable element
scrolls to it and focuses it, so the outcome is on screen and read out without any script (the
CSP allows none). A redirect without a place puts its messages at the top of ``main``; so do
messages whose place is not on the page (a deleted card).
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from flask import Response, flash, g, get_flashed_messages, session

TOP = "main"
PLACE_MARK = "@"
MESSAGE_SUFFIX = "-message"
_PLACE = re.compile(r"[A-Za-z][\w-]*")


def place_new_messages(response: Response) -> Response:
    """Tag this request's untagged messages with the redirect's place; point the redirect at them."""
    flashes = session.get("_flashes") if response.status_code in (301, 302, 303, 307, 308) else None
    if not flashes:
        return response
    parts = urlsplit(response.headers["Location"])
    place = parts.fragment if _PLACE.fullmatch(parts.fragment or "") else TOP
    session["_flashes"] = [(category if PLACE_MARK in category else f"{category}{PLACE_MARK}{place}", message)
                           for category, message in flashes]
    response.headers["Location"] = urlunsplit(parts._replace(fragment=place + MESSAGE_SUFFIX))
    return response


def flash_at(message: str, place: str, error: bool = False) -> None:
    """Flash ``message`` into ``place`` on the page this request renders (no redirect needed)."""
    flash(message, f"{'error' if error else 'message'}{PLACE_MARK}{place}")


def notices_at(place: str) -> list[tuple[str, str]]:
    """The messages for ``place`` as ``(kind, text)``, ``kind`` being ``error`` or ``message``;
    each is handed out once per page."""
    claimed: set[str] = g.setdefault("claimed_places", set())
    if place in claimed:
        return []
    claimed.add(place)
    return [(_kind(category), message) for category, message in _messages()
            if category.partition(PLACE_MARK)[2] == place]


def unclaimed_notices() -> list[tuple[str, str]]:
    """Messages whose place no template drew (or that never had one), for the top of the page."""
    claimed = g.get("claimed_places", set())
    return [(_kind(category), message) for category, message in _messages()
            if category.partition(PLACE_MARK)[2] not in claimed]


def unclaimed_place() -> str:
    """The id the top-of-page messages take: the fragment the redirect pointed at."""
    places = [category.partition(PLACE_MARK)[2] for category, _ in _messages()]
    claimed = g.get("claimed_places", set())
    return next((place for place in places if place and place not in claimed), TOP)


def note_error() -> str:
    """Called by a template as it draws an error; the page's title then starts with "Error:"."""
    g.page_shows_error = True
    return ""


def page_shows_error() -> bool:
    return bool(g.get("page_shows_error"))


def _messages() -> list[tuple[str, str]]:
    return get_flashed_messages(with_categories=True)


def _kind(category: str) -> str:
    return "error" if category.partition(PLACE_MARK)[0] == "error" else "message"


TEMPLATE_GLOBALS = {"notices_at": notices_at, "unclaimed_notices": unclaimed_notices,
                    "unclaimed_place": unclaimed_place, "note_error": note_error,
                    "page_shows_error": page_shows_error}
