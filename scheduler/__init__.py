"""The worker: claims due reminders, delivers them through the channels and records the result.

Surface layer: uses the reminder rules (``reminders``), ``habits``, ``models`` and
``foundations``; nothing but the entry points imports it.
"""
