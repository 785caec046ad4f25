"""How many sign-in codes may be tried: per address, per part of the code space, per account.

Only well-formed wrong codes count (an empty or mistyped field costs nothing). The code space
has a million codes, so guesses from many addresses together are limited too, but per
hundredth of it (codes sharing their first two digits) rather than for everyone at once: an
attacker spreading guesses over 4 addresses no longer locks out a person whose code is valid
(issue 15). Each account may also be signed in to only so often. The counts live in
``Settings.rate_limit_storage_uri``, shared by server processes when it is ``redis://…``.
"""
from __future__ import annotations

from flask import Flask, Response, g, make_response, render_template, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from accounts.sign_in import normalise_code
from foundations.settings import Settings
from models import User
from web.forms import SignInForm

TOO_MANY_TRIES = ("Too many tries. Wait a few minutes, then type your code again: "
                  "a code from Alexa keeps working for 10 minutes.")
SHARD_DIGITS = 2
SIGN_IN_VIEW = "web.sign_in"


def limit_sign_in(app: Flask, limiter: Limiter, settings: Settings) -> None:
    """Wrap the sign-in view in the per-address and per-code-space limits."""
    view = app.view_functions[SIGN_IN_VIEW]
    view = limiter.limit(settings.sign_in_limits_per_address, key_func=get_remote_address,
                         deduct_when=_wrong_code_tried, on_breach=too_many_tries)(view)
    view = limiter.shared_limit(settings.sign_in_limits_per_code_space, scope="sign-in-code-space",
                                key_func=_code_space_part, deduct_when=_wrong_code_tried,
                                on_breach=too_many_tries)(view)
    app.view_functions[SIGN_IN_VIEW] = view
    app.extensions["cramp_coach_account_sign_ins"] = AccountSignIns(settings)


class AccountSignIns:
    """Sign-ins per account, checked once a code has matched."""

    def __init__(self, settings: Settings):
        self.limits = parse_many(settings.sign_in_limits_per_account)
        self.limiter = MovingWindowRateLimiter(storage_from_string(settings.rate_limit_storage_uri))

    def allow(self, user: User) -> bool:
        """Count a sign-in to ``user``'s account; ``False`` once one of its limits is used up."""
        if not all(self.limiter.test(limit, "account-sign-in", str(user.id)) for limit in self.limits):
            return False
        return all([self.limiter.hit(limit, "account-sign-in", str(user.id)) for limit in self.limits])


def count_wrong_code() -> None:
    """Mark this request's code as a wrong guess, so the limits count it."""
    g.wrong_sign_in_code = True


def too_many_tries(_limit=None) -> Response:
    form = SignInForm(formdata=None)
    form.code.errors = [TOO_MANY_TRIES]
    return make_response(render_template("web/sign_in.html", form=form), 429)


def _wrong_code_tried(_response: Response) -> bool:
    return bool(g.get("wrong_sign_in_code"))


def _code_space_part() -> str:
    digits = normalise_code(request.form.get("code", ""))
    return digits[:SHARD_DIGITS] if digits else "malformed"
