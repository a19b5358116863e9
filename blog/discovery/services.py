"""Queries behind feeds, sitemaps and old WordPress links; each a fixed number of statements."""

from datetime import MAXYEAR, UTC, datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import contains_eager, selectinload

from blog.articles.listing import posts_in_order
from blog.articles.services import in_category, live_clause, live_posts
from blog.extensions import db
from blog.models import Author, Category, Comment, Post, Tag, post_tag
from blog.web.templating import site_zone

SITEMAP_CHUNK = 2000


def feed_posts(limit: int, category: Category | None = None) -> list[Post]:
    query = live_posts().options(selectinload(Post.extra_categories))
    if category is not None:
        query = query.where(in_category(category.id))
    return posts_in_order(query, limit)


def category_by_slug(slug: str) -> Category | None:
    return db.session.scalar(select(Category).where(Category.slug == slug))


def approved_comments(post: Post, limit: int) -> list[Comment]:
    return list(db.session.scalars(
        select(Comment)
        .where(Comment.post_id == post.id, Comment.status == "approved")
        .order_by(Comment.created_at.desc(), Comment.id.desc())
        .limit(limit)
    ))


def recent_approved_comments(limit: int) -> list[Comment]:
    """Newest approved comments on live posts, with their posts, in one statement."""
    return list(db.session.scalars(
        select(Comment).join(Post, Post.id == Comment.post_id)
        .where(Comment.status == "approved", live_clause())
        .options(contains_eager(Comment.post))
        .order_by(Comment.created_at.desc(), Comment.id.desc())
        .limit(limit)
    ))


# Sitemaps -------------------------------------------------------------------------------


def _live_post_ids(kind: str) -> Select:
    return select(Post.id).where(Post.type == kind, live_clause())


def _term_lastmod(column) -> Select:
    """(term id, newest update among its live posts) for terms that have any."""
    return (
        select(column, func.max(Post.updated_at).label("lastmod"))
        .where(Post.type == "post", live_clause())
        .group_by(column)
    )


def _tag_lastmod() -> Select:
    return (
        select(post_tag.c.tag_id, func.max(Post.updated_at).label("lastmod"))
        .join(Post, Post.id == post_tag.c.post_id)
        .where(Post.type == "post", live_clause())
        .group_by(post_tag.c.tag_id)
    )


SITEMAP_KINDS = ("posts", "pages", "categories", "tags", "authors")


def sitemap_counts() -> dict[str, tuple[int, datetime | None]]:
    """URLs and newest lastmod per kind, in one statement each."""
    out = {}
    for kind in ("post", "page"):
        count, lastmod = db.session.execute(
            select(func.count(Post.id), func.max(Post.updated_at))
            .where(Post.type == kind, live_clause())
        ).one()
        out[kind + "s"] = (count, lastmod)
    for kind, sub in (("categories", _term_lastmod(Post.category_id).where(
                          Post.category_id.is_not(None))),
                      ("tags", _tag_lastmod()),
                      ("authors", _term_lastmod(Post.author_id).where(
                          Post.author_id.is_not(None)))):
        sub = sub.subquery()
        count, lastmod = db.session.execute(
            select(func.count(), func.max(sub.c.lastmod)).select_from(sub)
        ).one()
        out[kind] = (count, lastmod)
    return out


def sitemap_chunk(kind: str, number: int) -> list[tuple[str, dict, datetime | None]]:
    """One child sitemap: (endpoint, url values, lastmod) for up to SITEMAP_CHUNK URLs."""
    offset = (number - 1) * SITEMAP_CHUNK
    if kind in ("posts", "pages"):
        rows = db.session.execute(
            select(Post.path, Post.updated_at)
            .where(Post.type == kind[:-1], live_clause())
            .order_by(Post.id).offset(offset).limit(SITEMAP_CHUNK)
        )
        return [("articles.post", {"path": path}, updated) for path, updated in rows]
    model, endpoint, sub = {
        "categories": (Category, "articles.category",
                       _term_lastmod(Post.category_id).where(Post.category_id.is_not(None))),
        "tags": (Tag, "articles.tag", _tag_lastmod()),
        "authors": (Author, "articles.author",
                    _term_lastmod(Post.author_id).where(Post.author_id.is_not(None))),
    }[kind]
    sub = sub.subquery()
    rows = db.session.execute(
        select(model.slug, sub.c.lastmod)
        .join(sub, sub.c[sub.c.keys()[0]] == model.id)
        .order_by(model.id).offset(offset).limit(SITEMAP_CHUNK)
    )
    return [(endpoint, {"slug": slug}, lastmod) for slug, lastmod in rows]


# Old WordPress links --------------------------------------------------------------------


def live_by_shortlink_id(number: int, kind: str | None = None) -> Post | None:
    """The post a WordPress shortlink (/?p=N, /?page_id=N) names: an imported post by its
    WordPress id (those links are out in the world), else a post written here by its own id.
    A number that is an imported post's old id always means that post."""
    query = select(Post).where(live_clause())
    if kind:
        query = query.where(Post.type == kind)
    imported = db.session.scalar(query.where(Post.legacy_id == number).order_by(Post.id).limit(1))
    if imported is not None:
        return imported
    if db.session.scalar(select(Post.id).where(Post.legacy_id == number).limit(1)) is not None:
        return None  # an imported post not public now: never another post in its place
    return db.session.scalar(query.where(Post.id == number, Post.legacy_id.is_(None)))


def is_old_blog_root(path: str) -> bool:
    """Whether an imported blog lived at /<path>/ (its items' site ends with that folder)."""
    if not path:
        return False
    return db.session.scalar(select(Post.id).where(
        Post.legacy_source.endswith("/" + path, autoescape=True)).limit(1)) is not None


def author_by_shortlink_id(number: int) -> Author | None:
    """The author /?author=N names: an imported one by their WordPress user id, else one made
    here by our own id (never one that another author's WordPress id already claims)."""
    imported = db.session.scalar(
        select(Author).where(Author.legacy_id == number).order_by(Author.id).limit(1))
    if imported is not None:
        return imported
    return db.session.scalar(select(Author).where(Author.id == number,
                                                  Author.legacy_id.is_(None)))


def category_by_legacy_id(legacy_id: int) -> Category | None:
    return db.session.scalar(
        select(Category).where(Category.legacy_id == legacy_id).order_by(Category.id).limit(1))


def live_post_by_slug_and_date(slug: str, year: int, month: int, day: int) -> Post | None:
    """The post a /yyyy/mm/dd/slug/ link meant: same slug, that day's first (the date is
    the site's, so a post near midnight may sit a day off: the slug alone decides then)."""
    candidates = list(db.session.scalars(
        select(Post).where(Post.slug == slug, Post.type == "post", live_clause())
        .order_by(Post.published_at)
    ))
    for post in candidates:
        published = post.published_at
        if (published.year, published.month, published.day) == (year, month, day):
            return post
    return candidates[0] if candidates else None


def date_archive(year: int, month: int | None) -> Select:
    """Live posts of a year or a month in the site's timezone (a range, so the index on
    published_at serves it). The range's end is the next month's start; after December 9999
    there is none (datetime stops at year 9999), so the last month is open-ended."""
    zone = site_zone()
    start = datetime(year, month or 1, 1, tzinfo=zone)
    next_year, next_month = (year + 1, 1) if month in (None, 12) else (year, month + 1)
    query = live_posts().where(Post.published_at >= _in_utc(start))
    if next_year <= MAXYEAR:
        query = query.where(Post.published_at < _in_utc(datetime(next_year, next_month, 1,
                                                                 tzinfo=zone)))
    return query


def _in_utc(moment: datetime) -> datetime:
    """`moment` in UTC, kept within the years datetime holds (9999-12-31 23:00 in UTC-12 is
    already in year 10000)."""
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        return datetime.max.replace(tzinfo=UTC) if moment.year == MAXYEAR \
            else datetime.min.replace(tzinfo=UTC)
