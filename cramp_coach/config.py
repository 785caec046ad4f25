"""Settings, read once from the environment (``CRAMP_COACH_*``)."""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "var"
ENV_PREFIX = "CRAMP_COACH_"


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
    public_url: str = "http://localhost:8080"
    secret_key: str | None = None

    def with_overrides(self, **changes) -> "Settings":
        """A copy with some fields changed (tests and the simulator use this)."""
        return replace(self, **changes)


def settings_from_env(environ: dict[str, str] | None = None) -> Settings:
    """Read ``CRAMP_COACH_*`` variables; unset ones keep their defaults."""
    env = os.environ if environ is None else environ
    defaults = Settings()

    def get(name: str) -> str | None:
        return env.get(ENV_PREFIX + name)

    return Settings(
        database_url=get("DATABASE_URL") or defaults.database_url,
        skill_id=get("SKILL_ID") or defaults.skill_id,
        verify_requests=_flag(get("VERIFY_REQUESTS"), True),
        max_request_bytes=int(get("MAX_REQUEST_BYTES") or defaults.max_request_bytes),
        timestamp_tolerance_seconds=int(
            get("TIMESTAMP_TOLERANCE_SECONDS") or defaults.timestamp_tolerance_seconds
        ),
        trust_roots_file=get("TRUST_ROOTS_FILE") or None,
        cert_fetch_timeout_seconds=float(
            get("CERT_FETCH_TIMEOUT_SECONDS") or defaults.cert_fetch_timeout_seconds
        ),
        interaction_model_dir=Path(get("INTERACTION_MODEL_DIR") or defaults.interaction_model_dir),
        public_url=get("PUBLIC_URL") or defaults.public_url,
        secret_key=get("SECRET_KEY") or None,
    )
