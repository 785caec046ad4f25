"""The key that signs session cookies and CSRF tokens and keys the sign-in hashes.

``CRAMP_COACH_SECRET_KEY`` wins when set. Otherwise a random key is made on first start and
kept in ``secret_key`` next to the SQLite database (or in ``var/`` for other databases),
readable by the owner only, so restarts keep people signed in. It is never in the repository.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from sqlalchemy.engine import make_url

from foundations.settings import DEFAULT_DATA_DIR, Settings

KEY_FILE_NAME = "secret_key"


def secret_key_for(settings: Settings) -> str:
    """The configured key, or the one kept on disk (made on first use)."""
    if settings.secret_key:
        return settings.secret_key
    return _read_or_create(key_file_for(settings.database_url))


def key_file_for(database_url: str) -> Path:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).resolve().parent / KEY_FILE_NAME
    return DEFAULT_DATA_DIR / KEY_FILE_NAME


def _read_or_create(path: Path) -> str:
    if path.exists():
        return _read(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{KEY_FILE_NAME}.{secrets.token_hex(8)}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(secrets.token_urlsafe(48))
    try:
        # A hard link appears whole or not at all, so two processes starting together agree.
        os.link(draft, path)
    except FileExistsError:
        pass
    finally:
        draft.unlink()
    return _read(path)


def _read(path: Path) -> str:
    key = path.read_text(encoding="ascii").strip()
    if not key:
        raise RuntimeError(f"{path} is empty; delete it or set CRAMP_COACH_SECRET_KEY")
    return key
