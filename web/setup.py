"""Mounting the web pages: cookies, CSRF, rate limits and security headers.

Sign-in rate limits are counted by Flask-Limiter in ``Settings.rate_limit_storage_uri``. The
default, ``memory://``, counts per process: a deployment with several server processes needs
a shared storage (``CRAMP_COACH_RATE_LIMIT_STORAGE_URI=redis://…``) or the limits multiply.
"""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from flask import Flask, Response, g, render_template, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFError, CSRFProtect
from sqlalchemy.orm import sessionmaker
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from accounts.sign_in import SignIn
from foundations.settings import Settings
from models.base import MAX_ROW_ID
from web.context import EXTENSION, WebServices, close_db, signed_in_user
from web.sign_in_limits import limit_sign_in
from web.trial_notifications import TrialNotifications
from web.views import blueprint
from web.views.notifications import send_test_notification

# Scripts and fetches only from this site: the one script is the reminder form's (web/static/schedule_form.js).
CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; "
                           "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
HSTS = "max-age=31536000; includeSubDomains"


def register_web(app: Flask, settings: Settings, secret_key: str, sign_in: SignIn,
                 session_factory: sessionmaker, clock: Callable[[], datetime],
                 write_session_factory: sessionmaker | None = None) -> None:
    """Add the web pages to ``app``; form posts use ``write_session_factory`` when given. ``POST /alexa`` never reaches it (``create_app`` hands that
    path to the skill's own app first), so every form here is CSRF-checked and rate-limited."""
    app.secret_key = secret_key
    app.config.update(
        SESSION_COOKIE_NAME="cramp_coach_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.public_url.startswith("https://"),
        PERMANENT_SESSION_LIFETIME=sign_in.session_lifetime,
        # A form's token is good for as long as the signed-in session it belongs to.
        WTF_CSRF_TIME_LIMIT=None,
    )
    if settings.proxy_hops:
        hops = settings.proxy_hops
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    CSRFProtect(app)
    limiter = Limiter(get_remote_address, app=app, storage_uri=settings.rate_limit_storage_uri)
    trials = TrialNotifications(send_test_notification, settings.rate_limit_storage_uri)
    app.extensions[EXTENSION] = WebServices(sign_in=sign_in, session_factory=session_factory, clock=clock,
                                            trials=trials,
                                            write_session_factory=write_session_factory or session_factory)
    # Ids beyond what the database holds are simply not found (a 404), not a database error.
    app.url_map.converters["int"] = RowIdConverter
    app.register_blueprint(blueprint)
    limit_sign_in(app, limiter, settings)
    app.teardown_appcontext(close_db)
    app.context_processor(lambda: {"signed_in": signed_in_user() is not None})
    app.after_request(_add_security_headers)
    app.register_error_handler(CSRFError, _refuse_stale_form)
    app.register_error_handler(404, _not_found)


class RowIdConverter(IntegerConverter):
    """``<int:…>`` in the pages' URLs: at most ``MAX_ROW_ID``, or the URL matches nothing."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ROW_ID)
        super().__init__(url_map, *args, **kwargs)


def _add_security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    if g.get("user") is not None:  # a signed-in page: never kept by the browser or a proxy
        response.headers["Cache-Control"] = "no-store"
    return response


def _refuse_stale_form(error: CSRFError):
    return render_template("web/form_expired.html"), 400


def _not_found(error: Exception):
    return render_template("web/not_found.html"), 404
