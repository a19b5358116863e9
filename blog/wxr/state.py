"""What an import run remembers between items: WordPress ids mapped to ours, for the one site
the file comes from (blog/wxr/identity.py), in bounded memory (blog/wxr/memory.py)."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from sqlalchemy import select

from blog.extensions import db
from blog.models import Author, Category, Tag
from blog.wxr.memory import ImportMemory
from blog.wxr.summary import ImportSummary


def clip(value: str | None, column) -> str | None:
    """Cut text to its column's length: WordPress allows longer titles and names than we
    store, and PostgreSQL refuses (rather than truncates) what does not fit."""
    length = getattr(column.type, "length", None)
    return value[:length] if value is not None and length else value


@dataclass
class ImportState:
    """Kept here: what grows with the site's vocabulary (authors, categories, tags), not with
    its posts. What grows with the export (WordPress ids mapped to ours, the posts' keys,
    attachments and media URLs seen, pages waiting for their parent) is in the database
    (blog/wxr/memory.py, and the posts, redirects and uploads tables themselves)."""

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
    memory: ImportMemory = field(default_factory=ImportMemory)
    # Files copied into the upload folder, for a failed import to remove: a temporary file
    # (paths ended by NUL), as the database forgets them with the rollback that needs them.
    copied_log: IO[str] | None = None

    def load(self) -> None:
        """What is already here that an import could collide with: the few names in memory,
        the rest into the import's temporary tables (a second run adds nothing)."""
        for author in db.session.execute(
                select(Author.id, Author.legacy_login, Author.email, Author.slug)):
            self.author_slugs.add(author.slug)
            if author.legacy_login:
                self.authors.setdefault(author.legacy_login, author.id)
            if author.email:
                self.author_emails.setdefault(author.email.lower(), author.id)
        self.categories = dict(db.session.execute(select(Category.slug, Category.id)).all())
        self.tags = dict(db.session.execute(select(Tag.slug, Tag.id)).all())
        self.memory.create(self.source)

    def copied(self, path: Path) -> None:
        if self.copied_log is None:
            raise RuntimeError("no list of copied files for this import")
        self.copied_log.write(f"{path}\0")

    def copied_files(self) -> Iterator[Path]:
        if self.copied_log is None:
            return
        self.copied_log.flush()
        self.copied_log.seek(0)
        name = ""
        while chunk := self.copied_log.read(65536):
            *done, name = (name + chunk).split("\0")
            yield from (Path(n) for n in done if n)
        if name:
            yield Path(name)
