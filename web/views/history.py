"""Recent deliveries, newest first, a page at a time."""
from __future__ import annotations

from flask import abort, render_template, request

from models.base import MAX_ROW_ID
from web import display
from web.blueprint import blueprint
from web.context import db, sign_in_required, signed_in_user
from web.user_data import deliveries_page

PER_PAGE = 20
STATUS_WORDS = {"pending": "Waiting", "retrying": "Retrying", "sent": "Sent", "failed": "Failed",
                "missed": "Missed", "skipped": "Skipped"}


@blueprint.get("/history")
@sign_in_required
def show_history():
    """One page of deliveries: when, which reminder, where to, and what happened."""
    user = signed_in_user()
    page = max(1, request.args.get("page", 1, type=int))
    if page > MAX_ROW_ID:
        abort(404)
    deliveries, pages = deliveries_page(db(), user, page, PER_PAGE)
    rows = []
    for delivery, schedule in deliveries:
        rows.append({
            "when": display.local_time(delivery.occurs_at, display.display_zone(user, schedule)),
            "reminder": display.title(schedule), "channel": display.channel_words(schedule, delivery.channel),
            "status": delivery.status, "status_words": STATUS_WORDS.get(delivery.status, delivery.status),
            "error": delivery.last_error if delivery.status in ("failed", "retrying") else None,
        })
    return render_template("web/show_history.html", rows=rows, page=page, pages=pages)
