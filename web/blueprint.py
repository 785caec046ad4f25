"""The ``web`` blueprint: templates in ``web/templates``, the stylesheet in ``web/static`` served at
``/assets/`` (Flask keeps ``/static/`` for the app itself)."""
from flask import Blueprint

blueprint = Blueprint("web", __name__, template_folder="templates", static_folder="static",
                      static_url_path="/assets")
