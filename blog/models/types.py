"""Column types shared by the models."""

from datetime import UTC, datetime

from markupsafe import Markup
from sqlalchemy import DateTime, Text
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator):
    """Always hands back aware UTC datetimes; SQLite stores no zone, so we store UTC there."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class SanitizedHTML(TypeDecorator):
    """HTML that was cleaned by blog.content.sanitize before it was stored; loads as Markup so
    templates need no `|safe`."""

    impl = Text
    cache_ok = True

    def process_result_value(self, value: str | None, dialect):
        return None if value is None else Markup(value)  # noqa: S704 (cleaned on write)
