"""The history page: the habit's week and month as charts, and the delivery log grouped by day;
the habit log as CSV or JSON."""
from __future__ import annotations

import csv
import io
from itertools import groupby

from flask import Response, abort, jsonify, redirect, render_template, request, url_for

from habits.history import CSV_COLUMNS, habit_rows, last_days
from models.base import MAX_ROW_ID
from web import display
from web.blueprint import blueprint
from web.charts import habit_chart
from web.context import db, now, sign_in_required, signed_in_user
from web.user_data import deliveries_page
from web.views.today import units_of, web_owner

PER_PAGE = 20
STATUS_WORDS = {"pending": "Waiting", "retrying": "Retrying", "sent": "Sent", "failed": "Failed",
                "missed": "Missed", "skipped": "Skipped", "undeliverable": "Not deliverable"}
# Why an occurrence was missed or skipped, in words (the worker's reasons are terse).
REASONS = {
    "a later occurrence was due too": "A newer reminder was due by the time this one could go out, so only the newest was sent.",
    "not sent within the grace window": "It could not go out within a few minutes of its time (the reminder service was not running), so it was not sent late.",
    "quiet hours": "It fell in your quiet hours.",
    "snoozed": "The reminder was snoozed.",
    "paused": "The reminder was paused.",
    "on track": "You were on track with your water, so it held back.",
    "channel removed": "Its notification address had been removed.",
}
LATE_WORDS = "It could not go out within a few minutes of its time (the reminder service was not running or was busy); it was {late} late, so it was not sent."


@blueprint.get("/history")
@sign_in_required
def show_history():
    """The week and the month of the habit, then one page of deliveries grouped by day."""
    user = signed_in_user()
    page = max(1, request.args.get("page", 1, type=int))
    if page > MAX_ROW_ID:
        abort(404)
    deliveries, pages = deliveries_page(db(), user, page, PER_PAGE)
    if page > pages:
        return redirect(url_for("web.show_history", page=pages))
    rows = []
    for delivery, schedule in deliveries:
        local = delivery.occurs_at.astimezone(display.display_zone(user, schedule))
        rows.append({
            "day": f"{local:%A} {local.day} {local:%B %Y}",
            "when": display.local_time(delivery.occurs_at, display.display_zone(user, schedule)),
            "reminder": display.title(schedule), "channel": display.channel_words(schedule, delivery.channel),
            "status": delivery.status, "status_words": STATUS_WORDS.get(delivery.status, delivery.status),
            "error": delivery.last_error if delivery.status in ("failed", "retrying", "undeliverable") else None,
            "reason": _reason(delivery.status, delivery.last_error),
        })
    days = [(day, list(group)) for day, group in groupby(rows, key=lambda row: row["day"])]
    owner = web_owner(user)
    units = units_of(user)
    charts = []
    for chart_id, title, count in (("week", "The last 7 days", 7), ("month", "The last 30 days", 30)):
        span = last_days(db(), owner, now(), count)
        charts.append({"id": chart_id, "chart": habit_chart(title, span.water, span.stretches, span.goal_ml, count <= 7),
                       "water_words": {day: units.amount(ml) for day, ml in span.water.items()}})
    return render_template("web/show_history.html", days=days, page=page, pages=pages, charts=charts)


@blueprint.get("/history/habits.csv")
@sign_in_required
def download_habits_csv():
    """Every drink and stretch: date, time, what, amount, source."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for row in habit_rows(db(), web_owner(signed_in_user())):
        writer.writerow(row.as_dict())
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=cramp-coach-habits.csv"})


@blueprint.get("/history/habits.json")
@sign_in_required
def download_habits_json():
    """The same rows as the CSV, as JSON."""
    response = jsonify([row.as_dict() for row in habit_rows(db(), web_owner(signed_in_user()))])
    response.headers["Content-Disposition"] = "attachment; filename=cramp-coach-habits.json"
    return response


def _reason(status: str, detail: str | None) -> str | None:
    if status not in ("missed", "skipped") or not detail:
        return None
    if detail in REASONS:
        return REASONS[detail]
    if detail.endswith(" late"):
        return LATE_WORDS.format(late=detail.removesuffix(" late"))
    return detail
