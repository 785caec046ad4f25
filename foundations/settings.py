"""Settings, read once from the environment (``CRAMP_COACH_*``)."""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "var"
ENV_PREFIX = "CRAMP_COACH_"


class ConfigError(ValueError):
    """A setting in the environment cannot be used; the message names the variable."""


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() not in {"0", "false", "no", "off"}


@dataclass(frozen=True)
class Settings:
    """Everything the service can be configured with."""

    database_url: str = f"sqlite:///{DEFAULT_DATA_DIR / 'cramp_coach.db'}"
    skill_id: str = "amzn1.ask.skill.cramp-coach-local"
    verify_requests: bool = True
    max_request_bytes: int = 128 * 1024
    timestamp_tolerance_seconds: int = 150
    trust_roots_file: str | None = None
    cert_fetch_timeout_seconds: float = 5.0
    interaction_model_dir: Path = PROJECT_ROOT / "interaction_model"
    public_url: str = "http://127.0.0.1:8080"
    contact_email: str = "privacy@cramp-coach.example.org"
    """Where the privacy policy and terms of use tell people to write."""
    secret_key: str | None = None
    web_session_hours: int = 7 * 24
    sign_in_limits_per_address: str = "10 per minute; 50 per hour"
    sign_in_limits_per_code_space: str = "3 per minute; 30 per hour"
    """Wrong codes from all addresses together, counted per hundredth of the 6-digit code space
    (codes sharing their first two digits): an attacker using up one part does not lock out the
    people whose codes are in the other 99."""
    sign_in_limits_per_account: str = "5 per minute; 20 per hour"
    """Sign-ins to one account."""
    rate_limit_storage_uri: str = "memory://"
    """Flask-Limiter storage; several server processes need a shared one (``redis://…``)."""
    proxy_hops: int = 0
    """Reverse proxies in front of the server whose ``X-Forwarded-*`` headers are trusted."""
    reminder_grace_seconds: int = 600
    reminder_max_attempts: int = 5
    reminder_retry_base_seconds: int = 60
    reminder_lease_seconds: int = 120
    reminder_batch_size: int = 200
    reminder_delivery_timeout_seconds: float = 10.0
    reminder_send_concurrency: int = 16
    reminder_jitter_seconds: int = 0
    """Spread each schedule's sends over up to this many seconds (0–60), a fixed offset per schedule."""
    reminder_rate_limits: str = ""
    """Per channel kind, e.g. ``alexa=50/second, apprise=200/second``; sends beyond it wait."""
    worker_interval_seconds: float = 20.0
    alexa_api_url: str = "https://api.amazonalexa.com"
    """Alexa's API host for out-of-session calls (Skill Messaging); in a session the request's
    ``apiEndpoint`` is used. Europe: https://api.eu.amazonalexa.com, Far East: https://api.fe.amazonalexa.com."""
    lwa_token_url: str = "https://api.amazon.com/auth/o2/token"
    lwa_client_id: str | None = None
    """The skill's Alexa Skill Messaging client id and secret (developer console, Permissions);
    without them edits made outside a session cannot reach the user's Alexa reminders."""
    lwa_client_secret: str | None = None
    habit_retention_days: int = 730
    """Water and stretch logs older than this are deleted by the worker (two years by default)."""
    allowed_notify_hosts: tuple[str, ...] = ()
    """Hosts, addresses or networks notifications may reach although they are not public
    (``127.0.0.1, hooks.lan, 10.0.0.0/8``); everything else must be a public internet host."""
    max_reminders_per_user: int = 50
    max_addresses_per_reminder: int = 5
    test_notifications_per_hour: int = 10
    """"Send a test notification" presses per signed-in user per hour."""

    def with_overrides(self, **changes) -> "Settings":
        """A copy with some fields changed (tests and the simulator use this)."""
        return replace(self, **changes)


def settings_from_env(environ: dict[str, str] | None = None) -> Settings:
    """Read ``CRAMP_COACH_*`` variables; unset ones keep their defaults."""
    env = os.environ if environ is None else environ
    defaults = Settings()

    def get(name: str) -> str | None:
        return env.get(ENV_PREFIX + name)

    def number(name: str, kind: type, default):
        text = get(name)
        if text is None or text.strip() == "":
            return default
        try:
            return kind(text)
        except ValueError:
            raise ConfigError(f"{ENV_PREFIX}{name} must be a number, not {text!r}") from None

    return Settings(
        database_url=get("DATABASE_URL") or defaults.database_url,
        skill_id=get("SKILL_ID") or defaults.skill_id,
        verify_requests=_flag(get("VERIFY_REQUESTS"), True),
        max_request_bytes=number("MAX_REQUEST_BYTES", int, defaults.max_request_bytes),
        timestamp_tolerance_seconds=number("TIMESTAMP_TOLERANCE_SECONDS", int, defaults.timestamp_tolerance_seconds),
        trust_roots_file=get("TRUST_ROOTS_FILE") or None,
        cert_fetch_timeout_seconds=number("CERT_FETCH_TIMEOUT_SECONDS", float, defaults.cert_fetch_timeout_seconds),
        interaction_model_dir=Path(get("INTERACTION_MODEL_DIR") or defaults.interaction_model_dir),
        public_url=get("PUBLIC_URL") or defaults.public_url,
        contact_email=get("CONTACT_EMAIL") or defaults.contact_email,
        secret_key=get("SECRET_KEY") or None,
        web_session_hours=number("WEB_SESSION_HOURS", int, defaults.web_session_hours),
        sign_in_limits_per_address=get("SIGN_IN_LIMITS_PER_ADDRESS") or defaults.sign_in_limits_per_address,
        sign_in_limits_per_code_space=get("SIGN_IN_LIMITS_PER_CODE_SPACE") or defaults.sign_in_limits_per_code_space,
        sign_in_limits_per_account=get("SIGN_IN_LIMITS_PER_ACCOUNT") or defaults.sign_in_limits_per_account,
        rate_limit_storage_uri=get("RATE_LIMIT_STORAGE_URI") or defaults.rate_limit_storage_uri,
        proxy_hops=number("PROXY_HOPS", int, defaults.proxy_hops),
        reminder_grace_seconds=number("REMINDER_GRACE_SECONDS", int, defaults.reminder_grace_seconds),
        reminder_max_attempts=number("REMINDER_MAX_ATTEMPTS", int, defaults.reminder_max_attempts),
        reminder_retry_base_seconds=number("REMINDER_RETRY_BASE_SECONDS", int, defaults.reminder_retry_base_seconds),
        reminder_lease_seconds=number("REMINDER_LEASE_SECONDS", int, defaults.reminder_lease_seconds),
        reminder_batch_size=number("REMINDER_BATCH_SIZE", int, defaults.reminder_batch_size),
        reminder_delivery_timeout_seconds=number("REMINDER_DELIVERY_TIMEOUT_SECONDS", float,
                                                 defaults.reminder_delivery_timeout_seconds),
        reminder_send_concurrency=number("REMINDER_SEND_CONCURRENCY", int, defaults.reminder_send_concurrency),
        reminder_jitter_seconds=number("REMINDER_JITTER_SECONDS", int, defaults.reminder_jitter_seconds),
        reminder_rate_limits=get("REMINDER_RATE_LIMITS") or defaults.reminder_rate_limits,
        worker_interval_seconds=number("WORKER_INTERVAL_SECONDS", float, defaults.worker_interval_seconds),
        alexa_api_url=get("ALEXA_API_URL") or defaults.alexa_api_url,
        lwa_token_url=get("LWA_TOKEN_URL") or defaults.lwa_token_url,
        lwa_client_id=get("LWA_CLIENT_ID") or None,
        lwa_client_secret=get("LWA_CLIENT_SECRET") or None,
        habit_retention_days=number("HABIT_RETENTION_DAYS", int, defaults.habit_retention_days),
        allowed_notify_hosts=tuple((get("ALLOWED_NOTIFY_HOSTS") or "").replace(",", " ").split()),
        max_reminders_per_user=number("MAX_REMINDERS_PER_USER", int, defaults.max_reminders_per_user),
        max_addresses_per_reminder=number("MAX_ADDRESSES_PER_REMINDER", int, defaults.max_addresses_per_reminder),
        test_notifications_per_hour=number("TEST_NOTIFICATIONS_PER_HOUR", int, defaults.test_notifications_per_hour),
    )
