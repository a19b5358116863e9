"""What an import run remembers between items: WordPress ids mapped to ours, for the one site
the file comes from (blog/wxr/identity.py)."""

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from blog.extensions import db
from blog.models import Author, Category, Comment, Post, Redirect, Tag, Upload
from blog.wxr.identity import title_date_key
from blog.wxr.summary import ImportSummary


def clip(value: str | None, column) -> str | None:
    """Cut text to its column's length: WordPress allows longer titles and names than we
    store, and PostgreSQL refuses (rather than truncates) what does not fit."""
    length = getattr(column.type, "length", None)
    return value[:length] if value is not None and length else value


@dataclass
class ImportState:
    uploads_source: Path | None
    upload_folder: Path
    summary: ImportSummary = field(default_factory=ImportSummary)
    source: str | None = None  # the site's base URL without scheme (None until the channel)
    blog_prefix: str = ""  # the sub-folder the blog lived in, "" at the root
    authors: dict[str, int] = field(default_factory=dict)  # WordPress login → Author.id
    author_emails: dict[str, int] = field(default_factory=dict)  # lower-cased → Author.id
    author_slugs: set[str] = field(default_factory=set)
    categories: dict[str, int] = field(default_factory=dict)  # slug → Category.id
    category_parents: dict[str, str] = field(default_factory=dict)  # slug → parent slug
    tags: dict[str, int] = field(default_factory=dict)  # slug → Tag.id
    # This site's WordPress id → (our id, path)
    posts: dict[int, tuple[int, str]] = field(default_factory=dict)
    # (type, title, date) → (id, path, legacy_source, legacy_id) of every post here
    titles_dates: dict[tuple, tuple[int, str, str | None, int | None]] = field(
        default_factory=dict)
    paths: set[str] = field(default_factory=set)
    redirects: set[str] = field(default_factory=set)
    comments: dict[tuple[int, int], int] = field(default_factory=dict)  # (post, legacy) → id
    uploads: dict[int, str] = field(default_factory=dict)  # this site's legacy id → URL
    upload_urls: dict[str, str] = field(default_factory=dict)  # legacy URL → URL to show it at
    featured: list[tuple[int, int]] = field(default_factory=list)  # (post id, attachment)
    upload_paths: set[str] = field(default_factory=set)
    local_files: dict[str, str | None] = field(default_factory=dict)  # source rel → ours
    url_files: dict[str, str | None] = field(default_factory=dict)  # media URL → ours
    copied_files: list[Path] = field(default_factory=list)
    waiting: dict[int, list] = field(default_factory=dict)  # parent legacy id → child items

    def load(self) -> None:
        """Everything already in the database that an import could collide with, in a few
        queries, so that each item needs no lookup (and a second run adds nothing)."""
        for author in db.session.execute(
                select(Author.id, Author.legacy_login, Author.email, Author.slug)):
            self.author_slugs.add(author.slug)
            if author.legacy_login:
                self.authors.setdefault(author.legacy_login, author.id)
            if author.email:
                self.author_emails.setdefault(author.email.lower(), author.id)
        self.categories = dict(db.session.execute(select(Category.slug, Category.id)).all())
        self.tags = dict(db.session.execute(select(Tag.slug, Tag.id)).all())
        rows = db.session.execute(select(
            Post.id, Post.type, Post.title, Post.path, Post.published_at, Post.created_at,
            Post.legacy_id, Post.legacy_source))
        for post in rows:
            self.paths.add(post.path)
            if post.legacy_id is not None and post.legacy_source == self.source:
                self.posts[post.legacy_id] = (post.id, post.path)
            key = title_date_key(post.type, post.title, post.published_at or post.created_at)
            if key is not None:
                self.titles_dates.setdefault(
                    key, (post.id, post.path, post.legacy_source, post.legacy_id))
        self.redirects = set(db.session.scalars(select(Redirect.old_path)))
        rows = db.session.execute(
            select(Comment.post_id, Comment.legacy_id, Comment.id)
            .where(Comment.legacy_id.is_not(None))
        )
        self.comments = {(row.post_id, row.legacy_id): row.id for row in rows}
        rows = db.session.execute(select(
            Upload.legacy_id, Upload.path, Upload.size, Upload.legacy_url, Upload.legacy_source))
        for upload in rows:
            self.upload_paths.add(upload.path)
            shown = (f"/uploads/{upload.path}" if upload.size or not upload.legacy_url
                     else upload.legacy_url)
            if upload.legacy_url:
                self.upload_urls.setdefault(upload.legacy_url, shown)
            if upload.legacy_id is not None and upload.legacy_source == self.source:
                self.uploads[upload.legacy_id] = shown
