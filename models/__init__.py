"""Tables and database sessions, shared by the skill, the worker and the web pages."""
from models.account_address import AccountAddress
from models.action_link_use import ActionLinkUse
from models.alexa_sync_job import AlexaSyncJob
from models.base import Base
from models.delivery_log import DeliveryLog
from models.notification_channel import NotificationChannel
from models.reminder_schedule import ReminderSchedule
from models.removed_address import RemovedAddress
from models.stretch_log import StretchLog
from models.stretch_progress import StretchProgress
from models.user import User
from models.water_goal import WaterGoal
from models.water_log import WaterLog
from models.web_sign_in import WebSession, WebSignInCode

__all__ = ["Base", "StretchProgress", "User", "NotificationChannel", "ReminderSchedule", "DeliveryLog", "WebSession", "WebSignInCode",
           "AlexaSyncJob", "WaterLog", "StretchLog", "WaterGoal", "ActionLinkUse", "AccountAddress", "RemovedAddress"]
