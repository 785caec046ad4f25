"""Signing in with the code Alexa speaks, and signing out."""
from __future__ import annotations

from flask import current_app, redirect, render_template, session, url_for

from web.blueprint import blueprint
from web.context import TOKEN_KEY, db, now, services
from web.forms import SignInForm
from web.sign_in_limits import count_wrong_code, too_many_tries

WRONG_CODE = ("That code is not right, was used already, or is more than 10 minutes old. "
              "Ask Alexa for a new one: “Alexa, ask cramp coach for my web code”.")


@blueprint.post("/sign-in")
def sign_in():
    """Exchange a spoken code for a signed-in session."""
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
