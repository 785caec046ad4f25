"""The pages, one module per area; importing a module adds its routes to the blueprint."""
from web.blueprint import blueprint
from web.views import account, actions, history, notifications, reminders, sign_in

__all__ = ["account", "actions", "blueprint", "history", "notifications", "reminders", "sign_in"]
