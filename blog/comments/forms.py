"""The public comment form: field rules only; moderation happens in the service."""

import re
from urllib.parse import urlsplit

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, StringField, TextAreaField, URLField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from blog.web.parsing import positive_id

BODY_MAX_CHARS = 10_000
REPLY_GONE = "The comment you are replying to is no longer available; your reply was not sent."
# NUL and other control characters have no place in a comment (PostgreSQL refuses NUL).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _plain(value: str | None) -> str | None:
    if value is None:
        return None
    return _CONTROL_RE.sub("", value).strip()


def _multiline(value: str | None) -> str | None:
    """Browsers send CRLF; count a line break as one character, as the textarea does."""
    if value is None:
        return None
    return _plain(value.replace("\r\n", "\n").replace("\r", "\n"))


def _with_scheme(value: str | None) -> str | None:
    """"example.com" means https://example.com; any other scheme is refused by validation."""
    if value and "://" not in value and ":" not in value.split("/")[0] and "." in value:
        return "https://" + value
    return value


def web_address(form, field) -> None:
    message = "Enter a web address starting with http:// or https://."
    try:
        parts = urlsplit(field.data)
        hostname = parts.hostname
    except ValueError as error:  # "https://.[" : an unclosed IPv6 bracket, a bad port
        raise ValidationError(message) from error
    if parts.scheme not in ("http", "https") or not hostname or " " in field.data:
        raise ValidationError(message)


class CommentForm(FlaskForm):
    body = TextAreaField(
        "Comment",
        id="comment-body",
        filters=[_multiline],
        validators=[
            DataRequired("Write a comment."),
            Length(max=BODY_MAX_CHARS, message="Keep it under 10,000 characters."),
        ],
    )
    name = StringField(
        "Name",
        id="comment-name",
        filters=[_plain],
        validators=[DataRequired("Enter your name."), Length(max=245, message="Too long.")],
        render_kw={"autocomplete": "name"},
    )
    email = EmailField(
        "Email",
        id="comment-email",
        filters=[_plain],
        validators=[
            DataRequired("Enter your email address."),
            Length(max=100, message="Keep it under 100 characters."),
            Email("Enter a valid email address, like name@example.com."),
        ],
        render_kw={"autocomplete": "email"},
    )
    website = URLField(
        "Website",
        id="comment-website",
        filters=[_plain, _with_scheme],
        validators=[Optional(), Length(max=200, message="Keep it under 200 characters."),
                    web_address],
        render_kw={"autocomplete": "url"},
    )
    remember = BooleanField(
        "Save my name, email, and website in this browser for the next time I comment.",
        id="comment-remember",
    )
    notify = BooleanField("Email me replies to my comment", id="comment-notify")
    parent_id = HiddenField(id="comment-parent")
    # Spam traps: a field people never see (bots fill it) and a signed time of rendering.
    homepage = StringField(
        "Leave this field empty", id="comment-homepage", filters=[_plain],
        render_kw={"tabindex": "-1", "autocomplete": "off"},
    )
    stamp = HiddenField(id="comment-stamp")

    def validate_parent_id(self, field) -> None:
        if (field.data or "").strip() and self.reply_to() is None:
            raise ValidationError(REPLY_GONE)

    def reply_to(self) -> int | None:
        """The parent comment's id, or None (also for anything that is not one)."""
        return positive_id(self.parent_id.data)
