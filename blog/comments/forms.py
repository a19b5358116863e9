"""The public comment form: field rules only; moderation happens in the service."""

import re

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, StringField, TextAreaField, URLField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from blog.content.sanitize import comment_markup_problem
from blog.content.web_address import WebAddressError, normalise_web_address
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


def web_address(form, field) -> None:
    """Stored as a valid URL ("example.com" means https://example.com), or refused."""
    try:
        field.data = normalise_web_address(field.data)
    except WebAddressError as error:
        raise ValidationError(str(error)) from None


def comment_markup(form, field) -> None:
    problem = comment_markup_problem(field.data or "")
    if problem:
        raise ValidationError(problem)


class CommentForm(FlaskForm):
    body = TextAreaField(
        "Comment",
        id="comment-body",
        filters=[_multiline],
        validators=[
            DataRequired("Write a comment."),
            Length(max=BODY_MAX_CHARS, message="Keep it under 10,000 characters."),
            comment_markup,
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
        filters=[_plain],
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
