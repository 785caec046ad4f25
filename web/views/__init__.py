"""The pages, one module per area; importing a module adds its routes to the blueprint."""
from web.blueprint import blueprint
from web.views import account, actions, history, legal, notifications, previews, reminders, sign_in, today

__all__ = ["account", "actions", "blueprint", "history", "legal", "notifications", "previews", "reminders", "sign_in",
           "today"]
