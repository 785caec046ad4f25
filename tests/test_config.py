"""Settings come from CRAMP_COACH_* variables; a bad value is named, not a traceback."""
from __future__ import annotations

import pytest

from cramp_coach.cli import main
from foundations.settings import ConfigError, Settings, settings_from_env


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


def test_settings_built_in_code_ignore_the_environment(monkeypatch):
    monkeypatch.setenv("CRAMP_COACH_SKILL_ID", "amzn1.ask.skill.from-the-environment")
    assert Settings().skill_id == "amzn1.ask.skill.cramp-coach-local"
    assert settings_from_env().skill_id == "amzn1.ask.skill.from-the-environment"


def test_blank_variables_keep_the_defaults():
    settings = settings_from_env({"CRAMP_COACH_PROXY_HOPS": " ", "CRAMP_COACH_SKILL_ID": "",
                                  "CRAMP_COACH_VERIFY_REQUESTS": "", "CRAMP_COACH_TRUST_ROOTS_FILE": ""})
    assert settings == Settings()


@pytest.mark.parametrize(("text", "on"), [("0", False), ("False", False), (" no ", False), ("OFF", False),
                                          ("1", True), ("yes", True), ("enabled", True)])
def test_flags_are_off_only_for_0_false_no_and_off(text, on):
    assert settings_from_env({"CRAMP_COACH_VERIFY_REQUESTS": text}).verify_requests is on


def test_allowed_notify_hosts_are_split_on_commas_and_spaces():
    settings = settings_from_env({"CRAMP_COACH_ALLOWED_NOTIFY_HOSTS": "127.0.0.1, hooks.lan 10.0.0.0/8"})
    assert settings.allowed_notify_hosts == ("127.0.0.1", "hooks.lan", "10.0.0.0/8")


def test_with_overrides_changes_a_copy_and_leaves_the_original():
    original = Settings()
    changed = original.with_overrides(verify_requests=False, trust_roots_file="/etc/roots.pem")
    assert (changed.verify_requests, changed.trust_roots_file) == (False, "/etc/roots.pem")
    assert (original.verify_requests, original.trust_roots_file) == (True, None)


def test_a_setting_that_is_not_a_number_names_the_variable():
    with pytest.raises(ConfigError, match="CRAMP_COACH_MAX_REQUEST_BYTES must be a number, not 'lots'"):
        settings_from_env({"CRAMP_COACH_MAX_REQUEST_BYTES": "lots"})


def test_command_line_reports_a_bad_setting_in_one_line_and_exits_2(monkeypatch, capsys):
    monkeypatch.setenv("CRAMP_COACH_PROXY_HOPS", "two")
    assert main(["say", "what causes cramps"]) == 2
    assert capsys.readouterr().err.strip() == "cramp-coach: CRAMP_COACH_PROXY_HOPS must be a number, not 'two'"
