"""The account: time zone, a copy of my data, and deleting it all."""
from __future__ import annotations

import json

from flask import Response, flash, redirect, render_template, request, session, url_for

from web.blueprint import blueprint
from web.context import TOKEN_KEY, db, now, sign_in_required, signed_in_user
from web.forms import TimeZoneForm
from web.user_data import delete_user, export_user_data


@blueprint.route("/account", methods=["GET", "POST"])
@sign_in_required
def edit_account():
    """The account page; a posted time zone is checked and saved."""
    user = signed_in_user()
    form = TimeZoneForm(time_zone=user.time_zone or "UTC")
    if form.validate_on_submit():
        user.time_zone = form.time_zone.data
        db().commit()
        flash(f"Your time zone is now {user.time_zone}.")
        return redirect(url_for("web.edit_account"))
    return render_template("web/edit_account.html", form=form, user=user)


@blueprint.get("/account/data.json")
@sign_in_required
def download_data():
    """Everything stored about me, as a JSON file to keep."""
    data = export_user_data(db(), signed_in_user())
    data["exported_at"] = now().isoformat()
    return Response(json.dumps(data, indent=2, ensure_ascii=False), mimetype="application/json",
                    headers={"Content-Disposition": 'attachment; filename="cramp-coach-data.json"'})


@blueprint.route("/account/delete", methods=["GET", "POST"])
@sign_in_required
def delete_account():
    """Ask first (GET); delete the user and all their data, then sign out (POST)."""
    if request.method == "GET":
        return render_template("web/delete_account.html")
    delete_user(db(), signed_in_user())
    db().commit()
    session.pop(TOKEN_KEY, None)
    flash("Your data and account are deleted. Reminders on your Alexa devices are being deleted too; "
          "that can take a few minutes. Talking to Cramp Coach again starts afresh.")
    return redirect(url_for("web.index"))
