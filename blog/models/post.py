from datetime import datetime

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    and_,
    event,
    false,
    func,
    select,
)
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from blog.content.slugs import is_reserved
from blog.content.text import search_text
from blog.extensions import db
from blog.models.comment import Comment
from blog.models.site import Upload
from blog.models.taxonomy import Author, Category, Tag
from blog.models.types import SanitizedHTML, UTCDateTime, utcnow

POST_STATUSES = ("draft", "published", "scheduled")
POST_TYPES = ("post", "page")
# WordPress's visibility: everyone, only the logged-in admin, or readers who know a password.
VISIBILITIES = ("public", "private", "password")

LIVE_BY_ID = "ix_post_live_by_id"

post_tag = Table(
    "post_tag",
    db.metadata,
    Column("post_id", ForeignKey("post.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True, index=True),
)

# A post's categories besides its primary one (`Post.category_id`, shown in the date line);
# every category archive lists the posts of both.
post_category = Table(
    "post_category",
    db.metadata,
    Column("post_id", ForeignKey("post.id", ondelete="CASCADE"), primary_key=True),
    Column("category_id", ForeignKey("category.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)

# The featured image (WordPress's `_thumbnail_id`): at most one per post, kept beside the post
# so that deleting the image (or the post) removes only the link.
featured_image = Table(
    "featured_image",
    db.metadata,
    Column("post_id", ForeignKey("post.id", ondelete="CASCADE"), primary_key=True),
    Column("upload_id", ForeignKey("upload.id", ondelete="CASCADE"), index=True,
           nullable=False),
)


class Post(db.Model):
    """An article or a page. `path` is the URL without slashes: `slug`, or `parent/child`."""

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(8), default="post")
    title: Mapped[str] = mapped_column(String(300))
    slug: Mapped[str] = mapped_column(String(200))
    path: Mapped[str] = mapped_column(String(1000), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("post.id", ondelete="SET NULL"))
    body_source: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(SanitizedHTML, default="")
    excerpt: Mapped[str] = mapped_column(Text, default="")
    # What search indexes: the body's text without its markup, so tag and attribute names
    # (<code>, href) are not found as words. Set with body_html (see below); loaded only when
    # read (search results), since every list page loads posts.
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="", deferred=True)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("author.id", ondelete="SET NULL"))
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("category.id", ondelete="SET NULL"), index=True
    )
    allow_comments: Mapped[bool] = mapped_column(Boolean, default=True)
    legacy_id: Mapped[int | None] = mapped_column(Integer, index=True)
    # The WordPress site an imported item came from (its base URL without the scheme, as
    # blog/wxr/identity.py writes it): WordPress ids are small integers every site reuses.
    legacy_source: Mapped[str | None] = mapped_column(String(300))
    # The feed id (RSS guid, Atom id), fixed when the post is first published so a changed
    # slug never shows it to feed readers again: WordPress's own <guid> for imported posts, or
    # the path it was first published at ("/hello/", made absolute in the feed).
    guid: Mapped[str | None] = mapped_column(String(1000))
    # Written by `seed-demo`: the first import replaces it (blog/wxr/demo_content.py).
    demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    visibility: Mapped[str] = mapped_column(String(16), default="public",
                                            server_default="public")
    post_password: Mapped[str] = mapped_column(String(255), default="", server_default="")
    sticky: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Optimistic locking: an edit saved over a newer version is refused, not merged.
    version: Mapped[int] = mapped_column(Integer, default=1)

    author: Mapped[Author | None] = relationship(lazy="joined", innerjoin=False)
    category: Mapped[Category | None] = relationship(lazy="joined", innerjoin=False)
    tags: Mapped[list[Tag]] = relationship(secondary=post_tag, lazy="selectin", order_by=Tag.name)
    parent: Mapped["Post | None"] = relationship(remote_side=[id])
    # Loaded when read (the article, feeds ask for them with selectinload): lists show only
    # the primary category.
    extra_categories: Mapped[list[Category]] = relationship(
        secondary=post_category, lazy="select", order_by=Category.name)
    # Cards show it: loaded with the post, in the same statement.
    featured_image: Mapped[Upload | None] = relationship(
        secondary=featured_image, lazy="joined", innerjoin=False, uselist=False)

    # Approved comments only, loaded with the post in the same statement.
    comment_count: Mapped[int] = column_property(
        select(func.count(Comment.id))
        .where(and_(Comment.post_id == id, Comment.status == "approved"))
        .correlate_except(Comment)
        .scalar_subquery(),
        deferred=False,
    )

    __table_args__ = (
        Index("ix_post_live", "type", "status", "published_at"),
        Index("ix_post_published_at", "published_at"),
        # Lists newest first, and their counts, from the index alone (migration 0012).
        Index("ix_post_live_order", "type", "published_at", "status", "visibility", "sticky"),
        # The front page's two lists, the sticky posts and the rest (migration 0013).
        Index("ix_post_sticky_order", "type", "sticky", "published_at", "status", "visibility"),
        Index("ix_post_category_live", "category_id", "type", "published_at", "status",
              "visibility"),
        Index("ix_post_author_live", "author_id", "type", "published_at", "status",
              "visibility"),
        Index("ix_post_legacy_source_id", "legacy_source", "legacy_id"),
        # Whether a post found by id may be shown, without reading its row (migration 0015).
        Index(LIVE_BY_ID, "id", "type", "status", "published_at", "visibility"),
    )

    @property
    def is_page(self) -> bool:
        return self.type == "page"

    @property
    def categories(self) -> list[Category]:
        """Every category of the post, the primary one first."""
        first = [self.category] if self.category is not None else []
        return first + [c for c in self.extra_categories if c not in first]

    @property
    def is_protected(self) -> bool:
        """Its body is shown only to readers who sent its password."""
        return self.visibility == "password" and bool(self.post_password)

    def is_live(self, now: datetime) -> bool:
        """Published, or scheduled with its time passed: scheduled posts need no cron."""
        return (
            self.status in ("published", "scheduled")
            and self.published_at is not None
            and self.published_at <= now
        )


class Redirect(db.Model):
    """An old path (a changed slug, an imported URL) that answers 301 to a post."""

    id: Mapped[int] = mapped_column(primary_key=True)
    old_path: Mapped[str] = mapped_column(String(1000), unique=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    post: Mapped[Post] = relationship()


class Revision(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    body_source: Mapped[str] = mapped_column(Text)
    excerpt: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


@event.listens_for(Post.path, "set", retval=True)
def _path_is_not_reserved(target: Post, value: str, _old, _initiator) -> str:
    """The first segment of a URL path may never be a word the site's own URLs use."""
    first = (value or "").split("/", 1)[0]
    if not first or is_reserved(first):
        raise ValueError(f"'{first}' is reserved and cannot be used as a slug")
    return value


@event.listens_for(Post.body_html, "set")
def _search_the_text(target: Post, value, _old, _initiator) -> None:
    """Every ORM write of the body also writes the text search indexes. (A Core UPDATE of
    body_html must set search_text itself: blog/wxr/attachments.py does.) A password-protected
    body is not searchable: search would show what the password guards."""
    target.search_text = "" if target.post_password else search_text(str(value or ""))


def first_feed_id(post: Post) -> str | None:
    """The guid a post gets at its first publication (published or scheduled): its path then."""
    if post.guid is None and post.status in ("published", "scheduled") and post.path:
        return f"/{post.path}/"
    return post.guid


@event.listens_for(Post, "before_insert")
@event.listens_for(Post, "before_update")
def _fix_the_feed_id(_mapper, _connection, target: Post) -> None:
    """Every ORM write of a post that is published for the first time fixes its feed id."""
    target.guid = first_feed_id(target)


@event.listens_for(Post.post_password, "set")
def _password_hides_the_text(target: Post, value, _old, _initiator) -> None:
    target.search_text = "" if value else search_text(str(target.body_html or ""))
