"""RSS and Atom: /feed/, /feed/atom/, /category/<slug>/feed/, /<path>/feed/ (a post's
comments) and /comments/feed/ (the newest comments anywhere), as WordPress has them."""

from flask import abort, current_app, redirect, request, url_for

from blog.articles.services import find_live_by_path, find_redirect
from blog.discovery import bp, services
from blog.discovery.feed_builder import comments_feed, newest, posts_feed
from blog.discovery.urls import absolute, external_url
from blog.pagecache import cached_page
from blog.site_settings import site_setting
from blog.web.conditional import conditional

RSS = "application/rss+xml"
ATOM = "application/atom+xml"


def _limit() -> int:
    return max(1, int(current_app.config["FEED_ITEMS"]))


def _posts_response(posts, title: str, home: str, atom: bool):
    body = posts_feed(posts, title, home, absolute(request.path), atom)
    last = newest(*(p.updated_at for p in posts)) if posts else None
    return conditional(body, ATOM if atom else RSS, last)


@bp.get("/feed/")
@bp.get("/feed/atom/", endpoint="atom", defaults={"atom": True})
@cached_page
def feed(atom: bool = False):
    posts = services.feed_posts(_limit())
    return _posts_response(posts, site_setting("SITE_TITLE"),
                           external_url("articles.index"), atom)


@bp.get("/feed/<any(rss2, rss, rdf):_name>/")
def feed_alias(_name: str):
    """WordPress's other names for its main feed."""
    return redirect(url_for("discovery.feed"), 301)


@bp.get("/category/<slug>/feed/")
@cached_page
def category_feed(slug: str):
    category = services.category_by_slug(slug)
    if category is None:
        abort(404)
    posts = services.feed_posts(_limit(), category)
    return _posts_response(posts, f"{site_setting('SITE_TITLE')} — {category.name}",
                           external_url("articles.category", slug=slug), atom=False)


@bp.get("/comments/feed/")
def site_comment_feed():
    comments = services.recent_approved_comments(_limit())
    body = comments_feed(None, comments, absolute(request.path), external_url("articles.index"))
    return conditional(body, RSS, newest(*(c.created_at for c in comments)) if comments else None)


@bp.get("/<path:path>/feed/")
@cached_page
def comment_feed(path: str):
    post = find_live_by_path(path)
    if post is None:
        moved = find_redirect(path)
        if moved is None:
            abort(404)
        return redirect(url_for("discovery.comment_feed", path=moved.path), 301)
    comments = services.approved_comments(post, _limit())
    body = comments_feed(post, comments, absolute(request.path))
    last = newest(*(c.created_at for c in comments), post.updated_at)
    return conditional(body, RSS, last)
