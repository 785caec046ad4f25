"""The WSGI entry point for a production server: ``gunicorn 'cramp_coach.wsgi:app'``.

Each gunicorn worker process imports this module and builds its own app (and so its own
database pool): start gunicorn without ``--preload``. The database must already be migrated
(``cramp-coach migrate``, once per release); reminders are sent by separate
``cramp-coach worker`` processes. Settings come from the ``CRAMP_COACH_*`` environment.
"""
from __future__ import annotations

import logging

from cramp_coach.app import create_app
from foundations.heap import settle_heap

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
app = create_app()
settle_heap()  # as `cramp-coach serve` does: the long-lived objects out of the collector's reach
