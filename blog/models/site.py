from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from blog.extensions import db
from blog.models.types import UTCDateTime, utcnow


class Setting(db.Model):
    """A site setting edited in the admin; overrides the config default of the same key."""

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Upload(db.Model):
    """An image in the media library. Its file keeps its address for good (a replace writes new
    bytes there and bumps `version`); `variants` lists its resized copies as JSON
    [[path, width, mime type], ...]."""

    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(String(500), unique=True)  # "2026/11/name.png"
    original_name: Mapped[str] = mapped_column(String(300), default="")
    mime_type: Mapped[str] = mapped_column(String(100), default="")
    size: Mapped[int] = mapped_column(default=0)
    width: Mapped[int | None] = mapped_column()
    height: Mapped[int | None] = mapped_column()
    alt_text: Mapped[str] = mapped_column(String(1000), default="", server_default="")
    caption: Mapped[str] = mapped_column(Text, default="", server_default="")
    variants: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    legacy_id: Mapped[int | None] = mapped_column(index=True)
    legacy_url: Mapped[str | None] = mapped_column(String(1000))
    legacy_source: Mapped[str | None] = mapped_column(String(300))  # as Post.legacy_source
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
