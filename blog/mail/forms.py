"""The newsletter's sign-up form (on every page, and at /subscribe/ with its errors)."""

from flask_wtf import FlaskForm
from wtforms import EmailField
from wtforms.validators import DataRequired, Email, Length


def _stripped(value: str | None) -> str | None:
    return value.strip() if value else value


class SubscribeForm(FlaskForm):
    email = EmailField(
        "Email address",
        id="subscribe-page-email",
        filters=[_stripped],
        validators=[DataRequired("Enter your email address."),
                    Length(max=254, message="Keep it under 254 characters."),
                    Email("Enter a valid email address, like name@example.com.")],
        render_kw={"autocomplete": "email"},
    )


class ConfirmButtonForm(FlaskForm):
    """The one button of a confirmation page: only the CSRF token."""
