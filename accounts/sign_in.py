"""Signing in to the web pages with a code Alexa speaks, and the sessions that follow.

The voice side calls ``issue_code``; the sign-in page calls ``redeem_code`` and then
``open_session``. The caller owns the database session and commits.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from foundations.settings import Settings
from models import User, WebSession, WebSignInCode

CODE_DIGITS = 6
CODE_LIFETIME = timedelta(minutes=10)
# With a million codes a clash with a live one is rare; a few redraws make it vanishingly so.
_CODE_DRAWS = 20


@dataclass(frozen=True)
class SignIn:
    """Sign-in settings: the hashing key, the page's address and how long a session lasts."""

    key: bytes
    public_url: str
    session_lifetime: timedelta

    @classmethod
    def from_settings(cls, settings: Settings, secret_key: str) -> "SignIn":
        return cls(key=secret_key.encode(), public_url=settings.public_url.rstrip("/"),
                   session_lifetime=timedelta(hours=settings.web_session_hours))

    def issue_code(self, session: Session, user: User, now: datetime) -> str:
        """A fresh 6-digit code for ``user``, valid for ten minutes; it replaces their older code."""
        session.execute(delete(WebSignInCode).where(
            (WebSignInCode.user_id == user.id) | (WebSignInCode.expires_at <= now)))
        for _ in range(_CODE_DRAWS):
            code = f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"
            row = WebSignInCode(user_id=user.id, code_hash=self._hash("code", code),
                                created_at=now, expires_at=now + CODE_LIFETIME)
            try:
                with session.begin_nested():
                    session.add(row)
            except IntegrityError:
                continue
            return code
        raise RuntimeError("no free sign-in code; too many are live at once")

    def redeem_code(self, session: Session, code: str, now: datetime) -> User | None:
        """The user whose live code this is, and the code is used up; ``None`` if none matches."""
        digits = normalise_code(code)
        if digits is None:
            return None
        row = session.scalar(select(WebSignInCode).where(
            WebSignInCode.code_hash == self._hash("code", digits), WebSignInCode.expires_at > now))
        if row is None:
            return None
        # Deleting by id and counting the rows makes the code single-use even when two
        # browsers send it at the same moment: only one delete finds the row.
        used = session.execute(delete(WebSignInCode).where(WebSignInCode.id == row.id))
        if used.rowcount != 1:
            return None
        return session.get(User, row.user_id)

    def open_session(self, session: Session, user: User, now: datetime) -> str:
        """A new signed-in session for ``user``; the token goes into the browser's cookie."""
        session.execute(delete(WebSession).where(WebSession.expires_at <= now))
        token = secrets.token_urlsafe(32)
        session.add(WebSession(user_id=user.id, token_hash=self._hash("session", token),
                               created_at=now, expires_at=now + self.session_lifetime))
        session.flush()
        return token

    def session_user(self, session: Session, token: str, now: datetime) -> User | None:
        """The user a live session token belongs to."""
        row = session.scalar(select(WebSession).where(
            WebSession.token_hash == self._hash("session", token), WebSession.expires_at > now))
        return None if row is None else session.get(User, row.user_id)

    def close_session(self, session: Session, token: str) -> None:
        """Sign out: the token stops working at once."""
        session.execute(delete(WebSession).where(WebSession.token_hash == self._hash("session", token)))

    def _hash(self, purpose: str, value: str) -> str:
        return hmac.new(self.key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def normalise_code(text: str) -> str | None:
    """The code's digits, forgiving spaces and dashes (``123 456``); ``None`` if it is not a code."""
    digits = "".join(character for character in text if character not in " -\t")
    if len(digits) != CODE_DIGITS or not digits.isascii() or not digits.isdigit():
        return None
    return digits
