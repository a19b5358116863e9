"""Export the site as WXR 1.2, the format WordPress's importer (Tools → Import) reads.

Written as a stream, a post at a time, so the export of a large site needs little memory.
Bodies go out as rendered HTML inside one "Custom HTML" block: WordPress shows it exactly
as we do (no second pass of its paragraph rules), and our importer reads it back unchanged.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from blog.extensions import db
from blog.models import Author, Category, Comment, Post, Tag, Upload
from blog.site_settings import site_setting

WXR_NAMESPACES = {
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": "http://wordpress.org/export/1.2/",
}
WP_STATUSES = {"published": "publish", "scheduled": "future", "draft": "draft"}
COMMENT_APPROVED = {"approved": "1", "pending": "0", "spam": "spam", "trash": "trash"}
BATCH = 200
# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: object) -> str:
    return _NOT_XML.sub("", "" if value is None else str(value))


def cdata(value: object) -> str:
    """CDATA cannot hold "]]>": split it across two sections, as WordPress does."""
    text = xml_text(value).replace("]]>", "]]]]><![CDATA[>")
    return f"<![CDATA[{text}]]>"


def wp_date(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else "0000-00-00 00:00:00"


def rss_date(value: datetime | None) -> str:
    return value.strftime("%a, %d %b %Y %H:%M:%S +0000") if value else ""


def wrap_html_block(html: str) -> str:
    return f"<!-- wp:html -->\n{html.strip()}\n<!-- /wp:html -->" if html.strip() else ""


class XmlOut:
    """Writes WXR elements to an open file, one line each."""

    def __init__(self, fh: TextIO) -> None:
        self.fh = fh

    def tag(self, name: str, value: object, raw: bool = False, indent: int = 2) -> None:
        body = cdata(value) if not raw else escape(xml_text(value))
        self.fh.write("\t" * indent + f"<{name}>{body}</{name}>\n")


def site_base_url() -> str:
    return (current_app.config.get("SITE_URL") or "http://localhost").rstrip("/")


@dataclass(frozen=True)
class ExportIds:
    """WordPress keeps every term in one table and every post, attachment and menu item in
    another, and its importer maps ids within each: ours are offset so that none collide."""

    tag_offset: int  # a tag's term_id is tag_offset + its id (categories keep theirs)
    menu_offset: int  # a menu's term_id
    attachment_offset: int  # an attachment's post_id (posts keep theirs)
    menu_item_offset: int  # a menu item's post_id

    @classmethod
    def now(cls) -> "ExportIds":
        def top(column) -> int:
            return db.session.scalar(select(func.max(column))) or 0

        tags = top(Category.id)
        menus = tags + top(Tag.id)
        attachments = top(Post.id)
        return cls(tags, menus, attachments, attachments + top(Upload.id))


def export_wxr(path: str | Path) -> dict[str, int]:
    """Write everything to `path`; returns counts per kind."""
    from blog.wxr.writer_menus import write_menu_items, write_menu_terms

    counts = {"authors": 0, "categories": 0, "tags": 0, "posts and pages": 0, "comments": 0,
              "attachments": 0, "menus": 0, "menu items": 0}
    ids = ExportIds.now()
    with Path(path).open("w", encoding="utf-8") as fh:
        out = XmlOut(fh)
        _channel_head(out)
        counts["authors"] = _authors(out)
        counts["categories"], counts["tags"] = _terms(out, ids)
        counts["menus"] = write_menu_terms(out, ids)
        for kind, n in _items(out, ids):
            counts[kind] += n
        counts["menu items"] = write_menu_items(out, ids)
        fh.write("</channel>\n</rss>\n")
    return counts


def _channel_head(out: XmlOut) -> None:
    base = site_base_url()
    namespaces = "\n".join(f"\txmlns:{k}={quoteattr(v)}" for k, v in WXR_NAMESPACES.items())
    out.fh.write(f'<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0"\n{namespaces}\n>\n')
    out.fh.write("<channel>\n")
    out.tag("title", site_setting("SITE_TITLE"), raw=True, indent=1)
    out.tag("link", base, raw=True, indent=1)
    out.tag("description", site_setting("SITE_TAGLINE"), raw=True, indent=1)
    out.tag("language", "en", raw=True, indent=1)
    out.tag("wp:wxr_version", "1.2", raw=True, indent=1)
    out.tag("wp:base_site_url", base, raw=True, indent=1)
    out.tag("wp:base_blog_url", base, raw=True, indent=1)


def _authors(out: XmlOut) -> int:
    authors = db.session.scalars(select(Author).order_by(Author.id)).all()
    for author in authors:
        out.fh.write("\t<wp:author>")
        out.tag("wp:author_id", author.id, raw=True, indent=0)
        out.tag("wp:author_login", author.legacy_login or author.slug, indent=0)
        out.tag("wp:author_email", author.email or "", indent=0)
        out.tag("wp:author_display_name", author.name, indent=0)
        out.tag("wp:author_first_name", "", indent=0)
        out.tag("wp:author_last_name", "", indent=0)
        # WordPress's importer reads no user profile beyond these names (its parsers take
        # id, login, email, display, first and last name): the bio is for our own importer.
        out.tag("wp:author_description", author.bio or "", indent=0)
        out.fh.write("</wp:author>\n")
    return len(authors)


def _terms(out: XmlOut, ids: ExportIds) -> tuple[int, int]:
    categories = db.session.scalars(select(Category).order_by(Category.id)).all()
    slugs = {c.id: c.slug for c in categories}
    for category in _parents_first(categories):
        out.fh.write("\t<wp:category>")
        out.tag("wp:term_id", category.id, raw=True, indent=0)
        out.tag("wp:category_nicename", category.slug, indent=0)
        out.tag("wp:category_parent", slugs.get(category.parent_id, ""), indent=0)
        out.tag("wp:cat_name", category.name, indent=0)
        out.tag("wp:category_description", category.description or "", indent=0)
        out.fh.write("</wp:category>\n")
    tags = db.session.scalars(select(Tag).order_by(Tag.id)).all()
    for tag in tags:
        out.fh.write("\t<wp:tag>")
        out.tag("wp:term_id", ids.tag_offset + tag.id, raw=True, indent=0)
        out.tag("wp:tag_slug", tag.slug, indent=0)
        out.tag("wp:tag_name", tag.name, indent=0)
        out.fh.write("</wp:tag>\n")
    return len(categories), len(tags)


def _parents_first(categories: list[Category]) -> list[Category]:
    """WordPress's importer links a category to its parent only if it saw the parent."""
    by_id = {c.id: c for c in categories}

    def depth(category: Category) -> int:
        seen, n = set(), 0
        while category.parent_id in by_id and category.id not in seen:
            seen.add(category.id)
            category, n = by_id[category.parent_id], n + 1
        return n

    return sorted(categories, key=lambda c: (depth(c), c.id))


def _batches() -> Iterator[list[Post]]:
    last_id = 0
    while True:
        posts = db.session.scalars(
            select(Post).where(Post.id > last_id).order_by(Post.id).limit(BATCH)
            .options(selectinload(Post.tags), selectinload(Post.extra_categories))
        ).unique().all()
        if not posts:
            return
        yield posts
        last_id = posts[-1].id
        db.session.expunge_all()


def _items(out: XmlOut, ids: ExportIds) -> Iterator[tuple[str, int]]:
    from blog.wxr.writer_items import write_attachment, write_post

    for posts in _batches():
        comments = db.session.scalars(
            select(Comment).where(Comment.post_id.in_([p.id for p in posts]))
            .order_by(Comment.post_id, Comment.id)
        ).all()
        by_post: dict[int, list[Comment]] = {}
        for comment in comments:
            by_post.setdefault(comment.post_id, []).append(comment)
        for post in posts:
            yield "comments", write_post(out, post, by_post.get(post.id, []), ids)
            yield "posts and pages", 1
    # WordPress keeps attachments in its posts table: give them ids after ours.
    for upload in db.session.scalars(select(Upload).order_by(Upload.id)):
        write_attachment(out, upload, ids.attachment_offset + upload.id)
        yield "attachments", 1
