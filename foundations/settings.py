"""Settings, each declared once below with its type, default, ``CRAMP_COACH_*`` variable and help.

``settings_from_env()`` reads the variables (pydantic-settings); ``Settings(...)`` is built from
its arguments and the defaults alone, so tests and tools never pick up the environment by
accident. README.md's configuration table is rendered from these declarations
(``foundations.settings_table``).
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationError
from pydantic_settings import BaseSettings, EnvSettingsSource, NoDecode, PydanticBaseSettingsSource, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "var"
ENV_PREFIX = "CRAMP_COACH_"


class ConfigError(ValueError):
    """A setting in the environment cannot be used; the message names the variable."""


def _flag(value: Any) -> Any:
    """Lenient on/off: any text but ``0``, ``false``, ``no`` and ``off`` turns a flag on."""
    if isinstance(value, str):
        return value.strip().lower() not in {"0", "false", "no", "off"}
    return value


def _words(value: Any) -> Any:
    """``"a, b c"`` → ``("a", "b", "c")``: commas and spaces both separate."""
    if isinstance(value, str):
        return tuple(value.replace(",", " ").split())
    return value


Flag = Annotated[bool, BeforeValidator(_flag)]
Words = Annotated[tuple[str, ...], NoDecode, BeforeValidator(_words)]  # NoDecode: a list, not JSON


class Settings(BaseSettings):
    """Everything the service can be configured with; immutable."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, frozen=True)

    database_url: str = Field(f"sqlite:///{DEFAULT_DATA_DIR / 'cramp_coach.db'}",
                              description="SQLAlchemy URL; `postgresql+psycopg://…` in production")
    skill_id: str = Field("amzn1.ask.skill.cramp-coach-local",
                          description="the skill ID requests must carry (others get a 400)")
    verify_requests: Flag = Field(True, description="`0` turns signature and timestamp verification off "
                                  "(development only; a warning is logged on every start)")
    max_request_bytes: int = Field(128 * 1024, description="larger request bodies get a 413")
    timestamp_tolerance_seconds: int = Field(150, description="how old a request may be")
    trust_roots_file: str | None = Field(None, description="PEM trust roots for Alexa's signing certificate "
                                         "chain; unset: the system CA bundle")
    cert_fetch_timeout_seconds: float = Field(5.0, description="the most fetching Alexa's signing certificate "
                                              "chain may take")
    interaction_model_dir: Path = Field(PROJECT_ROOT / "interaction_model",
                                        description="the skill package whose interaction model the simulator "
                                        "commands (`cramp-coach say`, …) hear utterances with")
    public_url: str = Field("http://127.0.0.1:8080", description="the address people use for the web page, "
                            "spoken and carded with the web code; `serve` uses its own address "
                            "(`http://HOST:PORT`) unless this is set")
    contact_email: str = Field("privacy@cramp-coach.example.org",
                               description="where the privacy policy and terms of use tell people to write")
    secret_key: str | None = Field(None, description="secret for web sessions and code hashes; when unset one "
                                   "is generated on first start and kept next to the SQLite file (mode 0600)")
    web_session_hours: int = Field(7 * 24, description="how long a web sign-in lasts")
    sign_in_limits_per_address: str = Field("10 per minute; 50 per hour", description="wrong codes from one "
                                            "address (empty or malformed ones do not count)")
    sign_in_limits_per_code_space: str = Field(
        "3 per minute; 30 per hour",
        description="wrong codes from all addresses together, per hundredth of the 6-digit code space (codes "
        "sharing their first two digits): an attacker using up one part does not lock out the people whose "
        "codes are in the other 99")
    sign_in_limits_per_account: str = Field("5 per minute; 20 per hour",
                                            description="sign-ins to one account; a refused code stays valid")
    rate_limit_storage_uri: str = Field("memory://", description="Flask-Limiter storage; several server "
                                        "processes need a shared one (`redis://…`)")
    proxy_hops: int = Field(0, description="reverse proxies in front of the server whose `X-Forwarded-*` "
                            "headers are trusted")
    reminder_grace_seconds: int = Field(600, description="later than this an occurrence is logged as missed, "
                                        "not sent")
    reminder_max_attempts: int = Field(5, description="attempts at one delivery before it is marked failed")
    reminder_retry_base_seconds: int = Field(60, description="the wait after the first failed attempt; it "
                                             "doubles after each further one")
    reminder_lease_seconds: int = Field(120, description="how long a worker's claim holds before another "
                                        "worker may take the rows (extended while it works)")
    reminder_batch_size: int = Field(200, description="deliveries a worker claims at once")
    reminder_delivery_timeout_seconds: float = Field(10.0, description="the most one send may take (at most "
                                                     "a quarter of the lease)")
    reminder_send_concurrency: int = Field(16, description="sends in flight at once per worker process")
    reminder_jitter_seconds: int = Field(0, description="spread each schedule's sends over up to this many "
                                         "seconds (0–60), a fixed offset per schedule")
    reminder_rate_limits: str = Field("", description="per channel kind, e.g. `alexa=50/second, "
                                      "apprise=200/second`; sends beyond it wait")
    worker_interval_seconds: float = Field(20.0, description="how often the worker looks for due reminders")
    alexa_api_url: str = Field("https://api.amazonalexa.com", description="Alexa's API host for out-of-session "
                               "calls (Skill Messaging); in a session the request's `apiEndpoint` is used. "
                               "Europe: `https://api.eu.amazonalexa.com`, Far East: `https://api.fe.amazonalexa.com`")
    lwa_token_url: str = Field("https://api.amazon.com/auth/o2/token",
                               description="Login with Amazon token endpoint")
    lwa_client_id: str | None = Field(None, description="the skill's Alexa Skill Messaging client id (developer "
                                      "console, Permissions); without it and the secret, edits made outside a "
                                      "session cannot reach the user's Alexa reminders")
    lwa_client_secret: str | None = Field(None, description="the skill's Alexa Skill Messaging client secret "
                                          "(never commit it)")
    habit_retention_days: int = Field(730, description="water and stretch logs older than this are deleted by "
                                      "the worker (hourly)")
    allowed_notify_hosts: Words = Field((), description="hosts, addresses or networks notifications may reach "
                                        "although they are not public (`127.0.0.1, hooks.lan, 10.0.0.0/8`); see "
                                        "\"Where notifications may go\"")
    max_reminders_per_user: int = Field(50, description="reminders one person may have")
    max_addresses_per_reminder: int = Field(5, description="notification addresses per reminder")
    test_notifications_per_hour: int = Field(10, description="\"Send a test notification\" presses per "
                                             "signed-in person per hour")

    @classmethod
    def settings_customise_sources(cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
                                   **environment_sources: PydanticBaseSettingsSource,
                                   ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Arguments only: the environment is read by ``settings_from_env`` alone."""
        return (init_settings,)

    def with_overrides(self, **changes: Any) -> Settings:
        """A copy with some fields changed (``serve``, the simulator and the tests use this)."""
        return self.model_validate(self.model_dump() | changes)


class _Environment(EnvSettingsSource):
    """The ``CRAMP_COACH_*`` variables of one mapping; blank ones count as unset."""

    def __init__(self, environ: Mapping[str, str]) -> None:
        self._environ = environ  # before super().__init__, which loads the variables
        super().__init__(Settings)

    def _load_env_vars(self) -> Mapping[str, str]:
        return {name.lower(): value for name, value in self._environ.items()
                if name.startswith(ENV_PREFIX) and value.strip()}


def settings_from_env(environ: Mapping[str, str] | None = None) -> Settings:
    """Read ``CRAMP_COACH_*`` variables (``os.environ`` by default); unset ones keep their defaults."""
    variables = os.environ if environ is None else environ
    return _settings_for(tuple(sorted((name, value) for name, value in variables.items()
                                      if name.startswith(ENV_PREFIX))))


@lru_cache(maxsize=16)
def _settings_for(variables: tuple[tuple[str, str], ...]) -> Settings:
    """Settings for one set of variables, built once: the worker asks for them on every send."""
    try:
        return Settings(**_Environment(dict(variables))())
    except ValidationError as invalid:
        # Only the number fields can refuse a value: flags, lists, paths and text take any.
        error = invalid.errors()[0]
        variable = f"{ENV_PREFIX}{str(error['loc'][0]).upper()}"
        raise ConfigError(f"{variable} must be a number, not {error['input']!r}") from None
