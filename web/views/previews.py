"""What the reminder form offers besides its fields: the live preview as JSON (fetched by
``web/static/schedule_form.js`` as fields change) and the presets' links (``web/_presets.html``)."""
from __future__ import annotations

from flask import jsonify, request

from web.blueprint import blueprint
from web.context import now, own_schedule, sign_in_required, signed_in_user
from web.forms import ScheduleForm
from web.presets import PRESETS

blueprint.add_app_template_global(PRESETS, "reminder_presets")


@blueprint.get("/reminders/preview")
@sign_in_required
def preview_new_reminder():
    """What the new-reminder form's fields (as query parameters) would make."""
    return _preview(ScheduleForm(formdata=request.args, meta={"csrf": False}, now=now(),
                                 time_zone=signed_in_user().time_zone or "UTC"))


@blueprint.get("/reminders/<int:schedule_id>/preview")
@sign_in_required
def preview_reminder(schedule_id: int):
    """What the edit form's fields would make of one of my reminders; anyone else's is a 404."""
    schedule = own_schedule(schedule_id)
    return _preview(ScheduleForm(formdata=request.args, meta={"csrf": False}, now=now(), schedule=schedule))


def _preview(form: ScheduleForm):
    return jsonify(form.preview().as_json())
