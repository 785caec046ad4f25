"""README.md's configuration table is the one the settings declare, so no setting goes undocumented."""
from __future__ import annotations

from itertools import takewhile

from foundations.settings import PROJECT_ROOT, Settings
from foundations.settings_table import HEADER, configuration_table


def readme_configuration_table() -> str:
    lines = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = lines.index(HEADER[0], lines.index("## Configuration"))
    return "\n".join(takewhile(lambda line: line.startswith("|"), lines[start:]))


def test_readme_configuration_table_matches_the_declared_settings():
    assert readme_configuration_table() == configuration_table(), (
        "README.md's configuration table is stale: paste the output of "
        "`.venv/bin/python -m foundations.settings_table` over it")


def test_every_setting_has_one_line_help_for_the_table():
    unhelpful = [name for name, field in Settings.model_fields.items()
                 if not (field.description or "").strip() or "|" in field.description or "\n" in field.description]
    assert unhelpful == []


def test_table_shows_project_paths_relative_and_flags_as_digits():
    table = configuration_table()
    assert "\n| `CRAMP_COACH_DATABASE_URL` | `sqlite:///var/cramp_coach.db` | " in table
    assert "\n| `CRAMP_COACH_VERIFY_REQUESTS` | `1` | " in table
    assert "\n| `CRAMP_COACH_SECRET_KEY` | unset | " in table
