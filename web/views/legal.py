"""The privacy policy and terms of use: public pages, signed in or not, linked from every footer
and from the skill's store listing (``privacyPolicyUrl``, ``termsOfUseUrl`` in skill.json)."""
from __future__ import annotations

from flask import current_app, render_template

from accounts.sign_in import CODE_LIFETIME
from habits.links import LIFETIME as LINK_LIFETIME
from web.blueprint import blueprint


def _facts() -> dict[str, object]:
    """The numbers the pages quote, from the running configuration rather than typed twice."""
    settings = current_app.extensions["cramp_coach"]["settings"]
    return {"contact_email": settings.contact_email, "public_url": settings.public_url.rstrip("/"),
            "code_minutes": int(CODE_LIFETIME.total_seconds() // 60),
            "session_days": max(1, settings.web_session_hours // 24),
            "habit_retention_days": settings.habit_retention_days,
            "link_days": max(1, int(2 * LINK_LIFETIME.total_seconds() // 86400))}


@blueprint.get("/privacy")
def show_privacy():
    """What Cramp Coach stores, why, for how long, and how to get a copy or delete it."""
    return render_template("web/privacy.html", **_facts())


@blueprint.get("/terms")
def show_terms():
    """The terms of use, with the health disclaimer."""
    return render_template("web/terms.html", **_facts())
