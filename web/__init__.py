"""The web pages: reminders, notifications, history and account, signed in with a spoken code.

``register_web`` mounts them on the app that ``cramp_coach.app.create_app`` builds.
"""
from web.setup import register_web

__all__ = ["register_web"]
