"""Signing in with the code Alexa speaks, and signing out.

A signed-out visitor sent to the sign-in form from a page (``?next=/history``) comes back to that
page once signed in; only a path on this site is followed, never another site's address.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for

from web.blueprint import blueprint
from web.context import TOKEN_KEY, db, now, services
from web.forms import SignInForm
from web.sign_in_limits import count_wrong_code, too_many_tries

WRONG_CODE = ("That code is not right, was used already, or is more than 10 minutes old. "
              "Ask Alexa for a new one: “Alexa, ask cramp coach for my web code”.")
MAX_NEXT_LENGTH = 2000
# A path on this site: one leading slash, no backslashes, spaces or control characters.
_SAFE_PATH = re.compile(r"/(?![/\\])[^\\\s\x00-\x1f\x7f]*")


def wanted_page(value: str | None) -> str | None:
    """``value`` when it is a path on this site (``/history?page=2``), else ``None``."""
    if not value or len(value) > MAX_NEXT_LENGTH or not _SAFE_PATH.fullmatch(value):
        return None
    parts = urlsplit(value)
    return value if not parts.scheme and not parts.netloc else None


@blueprint.app_context_processor
def _next_page() -> dict:
    return {"sign_in_next": lambda: wanted_page(request.values.get("next"))}


@blueprint.post("/sign-in")
def sign_in():
    """Exchange a spoken code for a signed-in session, then go to the page asked for (or the reminders)."""
    form = SignInForm()
    if not form.validate():
        return render_template("web/sign_in.html", form=form)
    user = services().sign_in.redeem_code(db(), form.code.data, now())
    if user is None:
        count_wrong_code()
        form.code.errors.append(WRONG_CODE)
        return render_template("web/sign_in.html", form=form)
    if not current_app.extensions["cramp_coach_account_sign_ins"].allow(user):
        db().rollback()  # the code stays valid for when the account's limit has passed
        return too_many_tries()
    token = services().sign_in.open_session(db(), user, now())
    db().commit()
    wanted = wanted_page(request.form.get("next"))
    session.clear()
    session.permanent = True
    session[TOKEN_KEY] = token
    # With a fragment of its own, the redirect does not keep the form's "#error-summary".
    return redirect(f"{wanted}#main" if wanted and "#" not in wanted else wanted or url_for("web.index", _anchor="main"))


@blueprint.post("/sign-out")
def sign_out():
    """End this browser's session, on the server too, and say so."""
    token = session.pop(TOKEN_KEY, None)
    if token:
        services().sign_in.close_session(db(), token)
        db().commit()
    session.clear()
    flash("You're signed out. To sign in again, ask Alexa for a new web code.")
    return redirect(url_for("web.index"))
