"""The demo site: articles, pages and comments written for this project, kept as Markdown.

Files under `demo_content/` hold one or more blocks: `key: value` lines between two `---`
lines, then a Markdown body (so a body must not contain a line of just `---`).
"""

import re
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from sqlalchemy import select

from blog.content.markdown import render_markdown
from blog.content.sanitize import clean_comment_html
from blog.content.slugs import make_slug
from blog.extensions import db
from blog.models import Author, Category, Comment, Post, Tag

CONTENT_DIR = Path(__file__).parent / "demo_content"
_BLOCK = re.compile(r"^---\n(.*?)\n---\n(.*?)(?=^---\n|\Z)", re.DOTALL | re.MULTILINE)

Meta = dict[str, str]
Block = tuple[Meta, str]
M = TypeVar("M", Author, Category, Tag)


def parse_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    for match in _BLOCK.finditer(text.replace("\r\n", "\n")):
        meta: Meta = {}
        for line in match.group(1).splitlines():
            key, sep, value = line.partition(":")
            if sep:
                meta[key.strip()] = value.strip()
        blocks.append((meta, match.group(2).strip() + "\n"))
    return blocks


def _read(pattern: str) -> list[Block]:
    return [
        block
        for file in sorted(CONTENT_DIR.glob(pattern))
        for block in parse_blocks(file.read_text(encoding="utf-8"))
    ]


def _get_or_create(model: type[M], slug: str, **fields: str) -> M:
    found = db.session.scalar(select(model).where(model.slug == slug))
    if found is not None:
        return found
    created = model(slug=slug, **fields)
    db.session.add(created)
    return created


def _path(meta: Meta) -> str:
    parent = meta.get("parent", "")
    return f"{parent}/{meta['slug']}" if parent else meta["slug"]


def _add_post(meta: Meta, body: str, kind: str) -> Post | None:
    """A new published post or page, or None when its path is taken."""
    path = _path(meta)
    if db.session.scalar(select(Post.id).where(Post.path == path)) is not None:
        return None
    parent = None
    if meta.get("parent"):
        parent = db.session.scalar(select(Post).where(Post.path == meta["parent"]))
    author = db.session.scalar(select(Author).where(Author.slug == meta.get("author", "")))
    category = db.session.scalar(select(Category).where(Category.slug == meta.get("category", "")))
    names = [name.strip() for name in meta.get("tags", "").split(",") if name.strip()]
    post = Post(
        type=kind,
        title=meta["title"],
        slug=meta["slug"],
        path=path,
        parent=parent,
        body_source=body,
        body_html=str(render_markdown(body)),
        excerpt=meta.get("excerpt", ""),
        status="published",
        published_at=datetime.fromisoformat(meta["published"]),
        author=author,
        category=category,
        tags=[_get_or_create(Tag, make_slug(name), name=name) for name in names],
        allow_comments=kind == "post",
        demo=True,
    )
    db.session.add(post)
    return post


def _add_comments(posts: dict[str, Post]) -> None:
    """Comments of the posts made in this run; `parent` names an earlier comment's `key`."""
    by_key: dict[str, Comment] = {}
    for meta, body in _read("comments.md"):
        post = posts.get(meta["post"])
        if post is None:
            continue
        comment = Comment(
            post=post,
            parent=by_key.get(meta.get("parent", "")),
            author_name=meta["name"],
            author_email=meta.get("email", ""),
            author_url=meta.get("url", ""),
            body_source=body,
            body_html=str(clean_comment_html(body)),
            status="approved",
            by_admin=meta.get("by_admin") == "true",
            created_at=datetime.fromisoformat(meta["created"]),
        )
        db.session.add(comment)
        by_key[meta["key"]] = comment


def demo_paths_and_titles() -> list[tuple[str, str]]:
    """The path and title of every demo post and page (migration 0010 marks the rows of an
    earlier `seed-demo` by them)."""
    blocks = _read("pages/*.md") + _read("posts/*.md")
    return [(_path(meta), meta["title"]) for meta, _body in blocks]


def demo_term_slugs() -> dict[str, set[str]]:
    """The slugs of the demo's authors, categories and tags, so the import that replaces the
    demo can remove those no other post uses."""
    tags = {make_slug(name.strip()) for meta, _body in _read("posts/*.md") + _read("pages/*.md")
            for name in meta.get("tags", "").split(",") if name.strip()}
    return {"author": {meta["slug"] for meta, _ in _read("authors.md")},
            "category": {meta["slug"] for meta, _ in _read("categories.md")},
            "tag": tags}


def load_demo(only_if_empty: bool = False) -> int:
    """Add the demo content that is missing; returns how many posts and pages were added."""
    if only_if_empty and db.session.scalar(select(Post.id).limit(1)) is not None:
        return 0
    for meta, bio in _read("authors.md"):
        _get_or_create(Author, meta["slug"], name=meta["name"], bio=bio.strip())
    for meta, description in _read("categories.md"):
        _get_or_create(Category, meta["slug"], name=meta["name"], description=description.strip())
    entries = [(meta, body, "page") for meta, body in _read("pages/*.md")]
    entries += [(meta, body, "post") for meta, body in _read("posts/*.md")]
    entries.sort(key=lambda entry: _path(entry[0]).count("/"))  # parents before children
    created: dict[str, Post] = {}
    for meta, body, kind in entries:
        post = _add_post(meta, body, kind)
        if post is not None:
            created[post.path] = post
    _add_comments(created)
    db.session.commit()
    return len(created)
