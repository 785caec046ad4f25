"""Forms that write a notification address (an Apprise URL) for the person: an ntfy topic, an
e-mail account, a Telegram bot and chat, or a URL pasted as it is. Each is checked as a saved
address is (``reminders.spec.check_apprise_url``: Apprise must understand it, the outbound rules
must allow its host)."""
from __future__ import annotations

import re
from urllib.parse import quote

from flask_wtf import FlaskForm
from wtforms import Field, PasswordField, StringField
from wtforms.validators import InputRequired, ValidationError

from reminders.parsing import ScheduleError
from reminders.spec import check_apprise_url

_NTFY_TOPIC = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_EMAIL = re.compile(r"^([^@\s:/]+)@([A-Za-z0-9.-]+\.[A-Za-z]{2,})$")
_TELEGRAM_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]{20,}$")
_TELEGRAM_CHAT = re.compile(r"^-?\d+$|^@[A-Za-z0-9_]{4,}$")


class AddressForm(FlaskForm):
    """A builder: its fields make one Apprise URL (``apprise_url``), checked as a whole."""

    builder = ""
    target = "url"
    """The field a refused address is reported beside."""

    def apprise_url(self) -> str:
        raise NotImplementedError

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        try:
            self.checked_url = check_apprise_url(self.apprise_url())
        except ScheduleError as error:
            self[self.target].errors.append(str(error))
            return False
        return True


class NtfyForm(AddressForm):
    builder, target = "ntfy", "topic"
    topic = StringField("ntfy topic", validators=[InputRequired("Type the topic you subscribed to in the ntfy app.")],
                        description="The topic you subscribed to in the ntfy app (ntfy.sh), for example my-cramp-coach.",
                        render_kw={"autocomplete": "off", "spellcheck": "false"})

    def validate_topic(self, field: Field) -> None:
        if not _NTFY_TOPIC.match(field.data.strip()):
            raise ValidationError("A topic is 1 to 64 letters, digits, - or _.")

    def apprise_url(self) -> str:
        return f"ntfy://{self.topic.data.strip()}"


class EmailForm(AddressForm):
    builder, target = "email", "address"
    address = StringField("E-mail address", validators=[InputRequired("Type the e-mail address to send to.")],
                          render_kw={"autocomplete": "email", "type": "email"})
    password = PasswordField("App password", validators=[InputRequired("Type the mailbox's app password.")],
                             description="Reminders are sent from this mailbox to itself. Gmail, Outlook and "
                                         "Yahoo need an app password, not your usual one.",
                             render_kw={"autocomplete": "off"})

    def validate_address(self, field: Field) -> None:
        if not _EMAIL.match(field.data.strip()):
            raise ValidationError("An e-mail address looks like name@example.com.")

    def apprise_url(self) -> str:
        user, domain = _EMAIL.match(self.address.data.strip()).groups()
        return f"mailto://{quote(user, safe='')}:{quote(self.password.data, safe='')}@{domain}"


class TelegramForm(AddressForm):
    builder, target = "telegram", "bot_token"
    bot_token = StringField("Bot token", validators=[InputRequired("Paste the token BotFather gave your bot.")],
                            description="From BotFather, for example 123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11.",
                            render_kw={"autocomplete": "off", "spellcheck": "false"})
    chat_id = StringField("Chat ID", validators=[InputRequired("Type the chat ID to send to.")],
                          description="Your chat with the bot, for example 123456789.",
                          render_kw={"autocomplete": "off", "spellcheck": "false"})

    def validate_bot_token(self, field: Field) -> None:
        if not _TELEGRAM_TOKEN.match(field.data.strip()):
            raise ValidationError("A bot token looks like 123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11.")

    def validate_chat_id(self, field: Field) -> None:
        if not _TELEGRAM_CHAT.match(field.data.strip()):
            raise ValidationError("A chat ID is a number, for example 123456789.")

    def apprise_url(self) -> str:
        return f"tgram://{self.bot_token.data.strip()}/{self.chat_id.data.strip()}"


class UrlForm(AddressForm):
    builder, target = "url", "url"
    url = StringField("Notification address (Apprise URL)",
                      validators=[InputRequired("Paste the address of the app or service to notify.")],
                      description="For example ntfy://my-topic or mailto://me:app-password@gmail.com.")

    def apprise_url(self) -> str:
        return self.url.data.strip()


BUILDERS: dict[str, type[AddressForm]] = {form.builder: form for form in (NtfyForm, EmailForm, TelegramForm, UrlForm)}


def builder_forms(prefix: str, failed: AddressForm | None = None) -> list[AddressForm]:
    """One empty form per builder (named ``<prefix>-<builder>``), the one that just failed kept as posted."""
    return [failed if failed is not None and failed.builder == builder
            else form(prefix=f"{prefix}-{builder}", formdata=None) for builder, form in BUILDERS.items()]
