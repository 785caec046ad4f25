"""The secret key: from CRAMP_COACH_SECRET_KEY, else made once and kept beside the SQLite file."""
from __future__ import annotations

import stat

from foundations.secret_key import key_file_for, secret_key_for
from foundations.settings import DEFAULT_DATA_DIR, Settings


def test_configured_key_is_used_and_no_file_is_written(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite'}", secret_key="from-the-environment")
    assert secret_key_for(settings) == "from-the-environment"
    assert list(tmp_path.iterdir()) == []


def test_without_a_configured_key_one_is_made_beside_the_database_readable_by_owner_only(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite'}")
    key = secret_key_for(settings)
    path = tmp_path / "secret_key"
    assert len(key) >= 64 and path.read_text() == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert secret_key_for(settings) == key
    assert sorted(item.name for item in tmp_path.iterdir()) == ["secret_key"]


def test_key_for_a_server_database_is_kept_in_the_data_folder():
    assert key_file_for("postgresql+psycopg://postgres@127.0.0.1:5432/cramp") == DEFAULT_DATA_DIR / "secret_key"
