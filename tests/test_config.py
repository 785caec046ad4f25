"""Settings come from CRAMP_COACH_* variables; a bad value is named, not a traceback."""
from __future__ import annotations

import pytest

from cramp_coach.cli import main
from foundations.settings import ConfigError, settings_from_env


def test_unset_environment_gives_sqlite_and_verification_on():
    settings = settings_from_env({})
    assert settings.database_url.startswith("sqlite:///")
    assert settings.verify_requests is True


def test_numbers_and_flags_are_read_from_the_environment():
    settings = settings_from_env({"CRAMP_COACH_VERIFY_REQUESTS": "0", "CRAMP_COACH_REMINDER_MAX_ATTEMPTS": "7",
                                  "CRAMP_COACH_WORKER_INTERVAL_SECONDS": "2.5"})
    assert settings.verify_requests is False
    assert settings.reminder_max_attempts == 7
    assert settings.worker_interval_seconds == 2.5


def test_a_setting_that_is_not_a_number_names_the_variable():
    with pytest.raises(ConfigError, match="CRAMP_COACH_MAX_REQUEST_BYTES must be a number, not 'lots'"):
        settings_from_env({"CRAMP_COACH_MAX_REQUEST_BYTES": "lots"})


def test_command_line_reports_a_bad_setting_in_one_line_and_exits_2(monkeypatch, capsys):
    monkeypatch.setenv("CRAMP_COACH_PROXY_HOPS", "two")
    assert main(["say", "what causes cramps"]) == 2
    assert capsys.readouterr().err.strip() == "cramp-coach: CRAMP_COACH_PROXY_HOPS must be a number, not 'two'"
