from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from blog.extensions import db


class Author(db.Model):
    """A byline: separate from the admin's login account, as imported sites have many."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    bio: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(String(254))
    legacy_login: Mapped[str | None] = mapped_column(String(200), index=True)
    legacy_id: Mapped[int | None] = mapped_column(Integer, index=True)  # for ?author=<id>


class Category(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("category.id", ondelete="SET NULL"))
    legacy_id: Mapped[int | None] = mapped_column(Integer, index=True)

    parent: Mapped["Category | None"] = relationship(remote_side=[id])


class Tag(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    legacy_id: Mapped[int | None] = mapped_column(Integer, index=True)
