"""Previews: the post as readers will see it before it is saved, and preview links that show
a draft or scheduled post to anyone who has the address, until it is public or revoked."""

import secrets

from sqlalchemy import select

from blog.admin.services.posts import PostInput, publish_time
from blog.admin.services.taxonomy import tags_by_names
from blog.content.markdown import render_markdown
from blog.content.slugs import make_slug, unique_slug
from blog.extensions import db
from blog.models import Author, Category, Post, PreviewLink, Tag, Upload, utcnow


def preview_post(data: PostInput, saved: Post | None) -> Post:
    """An unsaved Post that renders exactly like the real one; never added to the session."""
    post = Post(
        id=saved.id if saved else None, type=data.type, title=data.title, slug=data.slug,
        body_source=data.body, body_html=render_markdown(data.body), excerpt=data.excerpt,
        status=data.status, allow_comments=data.allow_comments,
        published_at=publish_time(data) or utcnow(),
        created_at=saved.created_at if saved else utcnow(), updated_at=utcnow(),
    )
    post.path = saved.path if saved else unique_slug(make_slug(data.slug or data.title),
                                                  lambda _slug: False)
    post.author = db.session.get(Author, data.author_id) if data.author_id else None
    post.category = _category(data)
    # Tags that do not exist yet are shown as they will be once saved (never added here).
    found = {tag.name.lower(): tag for tag in tags_by_names(data.tag_names, create=False)}
    post.tags = [found.get(name.lower()) or Tag(name=name, slug=make_slug(name))
                 for name in _distinct(data.tag_names)]
    post.comment_count = saved.comment_count if saved else 0
    post.extra_categories = list(db.session.scalars(
        select(Category).where(Category.id.in_(data.extra_category_ids)))) \
        if data.extra_category_ids else []
    # The writer sees the body even of a password-protected post.
    post.sticky = data.sticky
    post.featured_image = db.session.get(Upload, data.featured_image_id) \
        if data.featured_image_id else None
    return post


def _category(data: PostInput) -> Category | None:
    if data.category_id:
        return db.session.get(Category, data.category_id)
    if data.type != "post":
        return None
    return db.session.scalar(select(Category).where(Category.slug == "uncategorized")) or \
        Category(name="Uncategorized", slug="uncategorized")


def _distinct(names: list[str]) -> list[str]:
    seen: set[str] = set()
    kept = []
    for name in (n.strip()[:200] for n in names):
        if name and name.lower() not in seen:
            seen.add(name.lower())
            kept.append(name)
    return kept


def preview_links(post: Post) -> list[PreviewLink]:
    return list(db.session.scalars(select(PreviewLink).where(PreviewLink.post_id == post.id)
                                   .order_by(PreviewLink.created_at, PreviewLink.id)))


def create_preview_link(post: Post) -> PreviewLink:
    """256 random bits: the address is the only key."""
    link = PreviewLink(post_id=post.id, token=secrets.token_urlsafe(32))
    db.session.add(link)
    db.session.commit()
    return link


def revoke_preview_link(post: Post, link_id: int) -> bool:
    link = db.session.scalar(select(PreviewLink).where(PreviewLink.id == link_id,
                                                       PreviewLink.post_id == post.id))
    if link is None:
        return False
    db.session.delete(link)
    db.session.commit()
    return True
