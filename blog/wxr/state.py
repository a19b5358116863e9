"""What an import run remembers between items: WordPress ids mapped to ours."""

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from blog.extensions import db
from blog.models import Author, Category, Comment, Post, Redirect, Tag, Upload
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
    authors: dict[str, int] = field(default_factory=dict)  # WordPress login → Author.id
    author_emails: dict[str, int] = field(default_factory=dict)  # lower-cased → Author.id
    categories: dict[str, int] = field(default_factory=dict)  # slug → Category.id
    category_parents: dict[str, str] = field(default_factory=dict)  # slug → parent slug
    tags: dict[str, int] = field(default_factory=dict)  # slug → Tag.id
    posts: dict[int, tuple[int, str]] = field(default_factory=dict)  # legacy → (id, path)
    paths: set[str] = field(default_factory=set)
    redirects: set[str] = field(default_factory=set)
    comments: dict[tuple[int, int], int] = field(default_factory=dict)  # (post, legacy) → id
    uploads: dict[int, str] = field(default_factory=dict)  # legacy id → URL to show it at
    featured: list[tuple[int, int]] = field(default_factory=list)  # (post id, attachment)
    upload_paths: set[str] = field(default_factory=set)
    copied_files: list[Path] = field(default_factory=list)
    checked_files: dict[str, bool] = field(default_factory=dict)  # rel path → an image we serve
    waiting: dict[int, list] = field(default_factory=dict)  # parent legacy id → child items

    @classmethod
    def load(cls, uploads_source: Path | None, upload_folder: Path) -> "ImportState":
        """Everything already in the database that an import could collide with, in a few
        queries, so that each item needs no lookup (and a second run adds nothing)."""
        state = cls(uploads_source, upload_folder)
        for author in db.session.execute(select(Author.id, Author.legacy_login, Author.email)):
            if author.legacy_login:
                state.authors[author.legacy_login] = author.id
            if author.email:
                state.author_emails.setdefault(author.email.lower(), author.id)
        state.categories = dict(db.session.execute(select(Category.slug, Category.id)).all())
        state.tags = dict(db.session.execute(select(Tag.slug, Tag.id)).all())
        for post in db.session.execute(select(Post.id, Post.legacy_id, Post.path)):
            state.paths.add(post.path)
            if post.legacy_id is not None:
                state.posts[post.legacy_id] = (post.id, post.path)
        state.redirects = set(db.session.scalars(select(Redirect.old_path)))
        rows = db.session.execute(
            select(Comment.post_id, Comment.legacy_id, Comment.id)
            .where(Comment.legacy_id.is_not(None))
        )
        state.comments = {(row.post_id, row.legacy_id): row.id for row in rows}
        rows = db.session.execute(
            select(Upload.legacy_id, Upload.path, Upload.size, Upload.legacy_url))
        for upload in rows:
            state.upload_paths.add(upload.path)
            if upload.legacy_id is not None:
                state.uploads[upload.legacy_id] = (
                    f"/uploads/{upload.path}" if upload.size or not upload.legacy_url
                    else upload.legacy_url)
        return state
