"""The application factory: the Alexa endpoint, health check and the web pages."""
from __future__ import annotations

import logging
from datetime import datetime
from typing import Callable

from ask_sdk_model.services import ApiClient
from flask import Flask, jsonify
from sqlalchemy import text
from werkzeug.wsgi import get_path_info

from accounts.sign_in import SignIn
from foundations.alexa_api import AlexaHttpClient
from foundations.clock import utc_now
from foundations.secret_key import secret_key_for
from foundations.settings import Settings, settings_from_env
from knowledge.base import KnowledgeBase
from models.database import make_engine, make_session_factory
from skill.builder import build_skill
from skill.certificates import ChainFetcher
from skill.context import SkillContext
from skill.endpoint import ALEXA_PATH, register_alexa_endpoint
from skill.speech import SpeechCatalogue
from skill.verification import SkillIdVerifier, TimestampVerifier, signature_verifier_for
from web import register_web

log = logging.getLogger(__name__)

VERIFICATION_OFF_WARNING = (
    "CRAMP_COACH_VERIFY_REQUESTS=0: Alexa request signature and timestamp verification is OFF. "
    "Anyone who can reach /alexa can impersonate Alexa. Never run like this in production."
)


def create_app(settings: Settings | None = None, clock: Callable[[], datetime] = utc_now,
               warn_when_unverified: bool = True,
               certificate_fetcher: ChainFetcher | None = None,
               alexa_api_client: ApiClient | None = None) -> Flask:
    """Build the Flask app. The database must already be migrated (``models.database.migrate``).

    ``certificate_fetcher`` replaces the HTTPS download of Alexa's signing chain (tests);
    ``alexa_api_client`` what calls Alexa's APIs (tests: one trusting a local stand-in).
    """
    settings = settings or settings_from_env()
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_request_bytes
    # /alexa is served by an app of its own: the web pages' cookies, CSRF, rate limits and
    # headers are no concern of Alexa's signed requests, and cost time on every one of them.
    alexa_app = Flask("skill.endpoint")
    alexa_app.config["MAX_CONTENT_LENGTH"] = settings.max_request_bytes
    engine = make_engine(settings.database_url)
    session_factory = make_session_factory(engine)
    app.extensions["cramp_coach"] = {"settings": settings, "engine": engine,
                                     "session_factory": session_factory}

    write_session_factory = make_session_factory(engine, writes=True)
    ctx = SkillContext(knowledge=KnowledgeBase.load(), catalogue=SpeechCatalogue.load(),
                       session_factory=session_factory, clock=clock,
                       api_client=alexa_api_client or AlexaHttpClient(),
                       write_session_factory=write_session_factory)
    verifiers = [SkillIdVerifier(settings.skill_id)]
    if settings.verify_requests:
        verifiers += [TimestampVerifier(clock, settings.timestamp_tolerance_seconds),
                      signature_verifier_for(settings, clock, certificate_fetcher)]
    elif warn_when_unverified:
        log.warning(VERIFICATION_OFF_WARNING)
    secret_key = secret_key_for(settings)
    sign_in = SignIn.from_settings(settings, secret_key)
    register_alexa_endpoint(alexa_app, build_skill(ctx, sign_in), settings.skill_id, verifiers,
                            settings.max_request_bytes)
    register_web(app, settings, secret_key, sign_in, session_factory, clock, write_session_factory)
    app.wsgi_app = AlexaFirst(alexa_app.wsgi_app, app.wsgi_app)

    @app.get("/healthz")
    def healthz():
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return jsonify({"status": "ok"})

    return app


class AlexaFirst:
    """WSGI routing: ``/alexa`` to the skill's app, everything else to the web app."""

    def __init__(self, alexa, web):
        self.alexa = alexa
        self.web = web

    def __call__(self, environ, start_response):
        target = self.alexa if get_path_info(environ) == ALEXA_PATH else self.web
        return target(environ, start_response)
