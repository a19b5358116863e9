"""Queries behind the reading pages. Each returns everything its page needs in few statements."""

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from flask import abort
from sqlalchemy import BindParameter, Select, and_, or_, select, union
from sqlalchemy.orm import joinedload

from blog.articles.listing import PostList, paginate_lists
from blog.articles.remembered import remembered
from blog.extensions import db
from blog.models import (
    Author,
    Category,
    Post,
    PreviewLink,
    Redirect,
    Tag,
    post_category,
    post_tag,
    utcnow,
)
from blog.site_settings import site_setting

if TYPE_CHECKING:
    from blog.comments.threads import CommentPage


def live_clause(now: datetime | BindParameter | None = None, post=Post):
    """Visible to readers: published, or scheduled whose time has come (no cron needed), and
    not private (a private post is the logged-in admin's alone: see find_private_by_path).
    `now` may be a bind parameter, for a statement built once and run with the time; `post`
    an alias of Post."""
    if now is None:
        now = utcnow()
    return and_(
        post.status.in_(("published", "scheduled")),
        post.published_at.is_not(None),
        post.published_at <= now,
        post.visibility != "private",
    )


def live_posts() -> Select:
    return (
        select(Post)
        .where(Post.type == "post", live_clause())
        .order_by(Post.published_at.desc(), Post.id.desc())
    )


def paginate(query: Select | PostList, page: int, per_page: int, key: Hashable | None = None):
    """A page of a list newest first (`key` names it, for its count to be remembered); a page
    past the end (other than an empty first page) is a 404."""
    posts = query if isinstance(query, PostList) else PostList((query,), key)
    return _page_or_404(page, lambda: paginate_lists((posts,), page, per_page))


def _page_or_404(page: int, build):
    if page < 1:
        abort(404)
    pagination = build()
    if page > 1 and not pagination.items:
        abort(404)
    return pagination


def front_page(page: int, per_page: int):
    """Sticky posts first (as WordPress's front page), then the newest: two lists, each walking
    its own index (one query ordered by sticky first sorted every live post's id)."""
    sticky = PostList((live_posts().where(Post.sticky.is_(True)),), ("front page", "sticky"))
    rest = PostList((live_posts().where(Post.sticky.is_(False)),), ("front page", "rest"))
    return _page_or_404(page, lambda: paginate_lists((sticky, rest), page, per_page))


def in_category(category_id: int):
    """The post's primary category, or one of its others. As one list of ids, each half from
    its own index: an OR of the two made SQLite read every post (366 ms on a cold file)."""
    return Post.id.in_(union(
        select(Post.id).where(Post.category_id == category_id),
        select(post_category.c.post_id).where(post_category.c.category_id == category_id)))


def category_posts(category_id: int) -> PostList:
    """The posts filed under a category (its index, in order), and those it is one of several
    categories of (from post_category), as two parts that share no post."""
    primary = live_posts().where(Post.category_id == category_id)
    # Its posts from post_category first: joined as a table, SQLite walked every live post
    # and looked each up in post_category (450 ms at 100,000 posts).
    listed = (select(post_category.c.post_id).where(post_category.c.category_id == category_id)
              .distinct().subquery())
    others = (live_posts().join(listed, listed.c.post_id == Post.id)
              .where(or_(Post.category_id.is_(None), Post.category_id != category_id)))
    return PostList((primary, others), ("category", category_id))


def category_archive(slug: str, page: int, per_page: int):
    category = db.first_or_404(select(Category).where(Category.slug == slug))
    return category, paginate(category_posts(category.id), page, per_page)


def tag_archive(slug: str, page: int, per_page: int):
    tag = db.first_or_404(select(Tag).where(Tag.slug == slug))
    query = live_posts().where(
        Post.id.in_(select(post_tag.c.post_id).where(post_tag.c.tag_id == tag.id))
    )
    return tag, paginate(query, page, per_page, ("tag", tag.id))


def author_archive(slug: str, page: int, per_page: int):
    author = db.first_or_404(select(Author).where(Author.slug == slug))
    return author, paginate(live_posts().where(Post.author_id == author.id), page, per_page,
                            ("author", author.id))


def find_live_by_path(path: str) -> Post | None:
    # Its other categories in the same statement (the article lists them).
    return db.session.scalars(
        select(Post).options(joinedload(Post.extra_categories))
        .where(Post.path == path, live_clause())
    ).unique().first()


def find_private_by_path(path: str) -> Post | None:
    """A private post at `path`, published (or due): only for the logged-in admin's eyes."""
    return db.session.scalar(select(Post).where(
        Post.path == path, Post.visibility == "private",
        Post.status.in_(("published", "scheduled")), Post.published_at <= utcnow()))


def find_redirect(path: str) -> Post | None:
    """A post that used to live at `path` (an old slug or an imported URL)."""
    return db.session.scalar(
        select(Post).join(Redirect, Redirect.post_id == Post.id)
        .where(Redirect.old_path == path, live_clause())
    )


@dataclass(frozen=True)
class Story:
    """A post as "Explore More Stories" lists it. It has no comment count, so a comment changes
    no sidebar; read as plain columns, it is no ORM load and so no post a cached page
    depends on (blog/pagecache/post_versions.py)."""

    id: int
    title: str
    path: str
    published_at: datetime


def recent_stories(limit: int, exclude_id: int | None = None) -> list[Story]:
    """The newest `limit` posts but `exclude_id` (the article beside the sidebar): the newest
    `limit + 1` taken once per content generation, every page showing some of them."""
    def newest() -> tuple[Story, ...]:
        ids = db.session.scalars(live_posts().with_only_columns(Post.id).limit(limit + 1)).all()
        rows = {row.id: Story(*row) for row in db.session.execute(
            select(Post.id, Post.title, Post.path, Post.published_at).where(Post.id.in_(ids)))}
        return tuple(rows[post_id] for post_id in ids if post_id in rows)

    stories = remembered(("newest stories", limit + 1), newest)
    return [story for story in stories if story.id != exclude_id][:limit]


def shows_comments(post: Post) -> bool:
    """An article always has its discussion; a page has one when it takes comments or has
    some (imported from WordPress, where pages take comments like posts)."""
    return not post.is_page or post.allow_comments or post.comment_count > 0


def approved_comment_threads(
    post: Post, page: int | None = None, per_page: int | None = None
) -> "CommentPage | None":
    """One page of approved threads, oldest first within the page; `page` None is the newest
    page (WordPress's default). None when that page does not exist. Two statements however
    long the discussion is."""
    from blog.comments.threads import comment_page  # the comments package imports this module

    per_page = max(1, int(per_page or site_setting("COMMENTS_PER_PAGE")))
    return comment_page(post.id, page, per_page, post.comment_count)


def post_for_preview_link(token: str) -> Post | None:
    """The post a preview link shows, while it is still unpublished (blog/admin/previews.py
    makes and revokes the links)."""
    link = db.session.scalar(select(PreviewLink).where(PreviewLink.token == token))
    if link is None or link.post.is_live(utcnow()):
        return None
    return link.post
