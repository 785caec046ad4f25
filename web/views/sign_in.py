"""Signing in with the code Alexa speaks, and signing out."""
from __future__ import annotations

from flask import Flask, Response, make_response, redirect, render_template, session, url_for
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from cramp_coach.config import Settings
from web.blueprint import blueprint
from web.context import TOKEN_KEY, db, now, services
from web.forms import SignInForm

WRONG_CODE = ("That code is not right, was used already, or is more than 10 minutes old. "
              "Ask Alexa for a new one: “Alexa, ask cramp coach for my web code”.")
TOO_MANY_TRIES = "Too many tries. Wait a few minutes, then ask Alexa for a new code."
EVERYONE = "all addresses"


@blueprint.post("/sign-in")
def sign_in():
    """Exchange a spoken code for a signed-in session."""
    form = SignInForm()
    if not form.validate():
        return render_template("web/sign_in.html", form=form)
    user = services().sign_in.redeem_code(db(), form.code.data, now())
    if user is None:
        form.code.errors.append(WRONG_CODE)
        return render_template("web/sign_in.html", form=form)
    token = services().sign_in.open_session(db(), user, now())
    db().commit()
    session.clear()
    session.permanent = True
    session[TOKEN_KEY] = token
    return redirect(url_for("web.index"))


@blueprint.post("/sign-out")
def sign_out():
    """End this browser's session, on the server too."""
    token = session.pop(TOKEN_KEY, None)
    if token:
        services().sign_in.close_session(db(), token)
        db().commit()
    session.clear()
    return redirect(url_for("web.index"))


def limit_sign_in(app: Flask, limiter: Limiter, settings: Settings) -> None:
    """Rate-limit code entry per address and, because the code space is small, for everyone together."""
    view = app.view_functions["web.sign_in"]
    view = limiter.limit(settings.sign_in_limits_per_address, key_func=get_remote_address,
                         on_breach=_too_many_tries)(view)
    view = limiter.shared_limit(settings.sign_in_limits_overall, scope="sign-in-codes",
                                key_func=lambda: EVERYONE, on_breach=_too_many_tries)(view)
    app.view_functions["web.sign_in"] = view


def _too_many_tries(_limit) -> Response:
    form = SignInForm()
    form.code.errors = [TOO_MANY_TRIES]
    return make_response(render_template("web/sign_in.html", form=form), 429)
