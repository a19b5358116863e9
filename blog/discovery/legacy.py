"""WordPress links answer 301 to their new home: /?p= and /?page_id= (imported ids, and the
shortlinks of posts written here), /?cat=, /?tag=, /?author=, /?m=,
/?s=, /?feed=, /yyyy/mm/dd/slug/; WordPress's date archives /yyyy/ and /yyyy/mm/ are served
here."""

import calendar

from flask import abort, redirect, render_template, request, url_for

from blog.articles.services import find_redirect, paginate
from blog.discovery import bp, services
from blog.pagecache import cached_page
from blog.site_settings import site_setting
from blog.web.parsing import positive_id

MOVED = 301


def _int_arg(name: str) -> int | None:
    return positive_id(request.args.get(name))


def _to_post(legacy_id: int | None, kind: str | None):
    post = services.live_by_shortlink_id(legacy_id, kind) if legacy_id is not None else None
    if post is None:
        abort(404)
    return redirect(url_for("articles.post", path=post.path), MOVED)


QUERY_LINKS = frozenset({"s", "p", "page_id", "cat", "author", "tag", "m", "feed"})


@bp.before_app_request
def wordpress_query_links():
    """WordPress's "plain" links all live on "/" with a query string (on "/blog/" for an
    imported blog that lived in that sub-folder)."""
    if not request.args or request.method not in ("GET", "HEAD"):
        return None
    if request.path != "/" and not (
            QUERY_LINKS.intersection(request.args)
            and services.is_old_blog_root(request.path.strip("/"))):
        return None
    if "s" in request.args:
        return redirect(url_for("discovery.search", q=request.args.get("s", "")), MOVED)
    if "p" in request.args:
        return _to_post(_int_arg("p"), None)
    if "page_id" in request.args:
        return _to_post(_int_arg("page_id"), "page")
    if "cat" in request.args:
        return _to_archive("cat", services.category_by_legacy_id, "articles.category")
    if "author" in request.args:
        return _to_archive("author", services.author_by_shortlink_id, "articles.author")
    if "tag" in request.args and request.args["tag"].strip():
        return redirect(url_for("articles.tag", slug=request.args["tag"].strip()), MOVED)
    month = request.args.get("m", "")
    if len(month) in (4, 6) and month.isascii() and month.isdigit():  # ?m=2020 or ?m=202001
        values = {"year": int(month[:4]), "month": int(month[4:]) if month[4:] else None}
        return redirect(url_for("discovery.date_archive", **values), MOVED)
    if request.args.get("feed") in ("rss", "rss2", "rdf", "atom"):
        endpoint = "discovery.atom" if request.args["feed"] == "atom" else "discovery.feed"
        return redirect(url_for(endpoint), MOVED)
    return None


@bp.get("/<int(fixed_digits=4):year>/<int(fixed_digits=2):month>/<int(fixed_digits=2):day>/<slug>/")
def dated_post(year: int, month: int, day: int, slug: str):
    post = find_redirect(f"{year:04d}/{month:02d}/{day:02d}/{slug}")
    if post is None:
        post = services.live_post_by_slug_and_date(slug, year, month, day)
    if post is None:
        abort(404)
    return redirect(url_for("articles.post", path=post.path), MOVED)


@bp.get("/<int(fixed_digits=4):year>/")
@bp.get("/<int(fixed_digits=4):year>/page/<int:page>/")
@bp.get("/<int(fixed_digits=4):year>/<int(fixed_digits=2):month>/")
@bp.get("/<int(fixed_digits=4):year>/<int(fixed_digits=2):month>/page/<int:page>/")
@cached_page
def date_archive(year: int, month: int | None = None, page: int = 1):
    if not 1970 <= year <= 9999 or (month is not None and not 1 <= month <= 12):
        abort(404)
    pagination = paginate(services.date_archive(year, month), page,
                          int(site_setting("POSTS_PER_PAGE")), ("date", year, month))
    if not pagination.items:
        abort(404)
    return render_template("discovery/date_archive.html", pagination=pagination, year=year,
                           month=month, month_name=calendar.month_name[month or 1], kind="date")


def _to_archive(arg: str, find, endpoint: str):
    """?cat=<id> or ?author=<id>: a 301 to that term's archive, or a 404."""
    legacy_id = _int_arg(arg)
    term = find(legacy_id) if legacy_id is not None else None
    if term is None:
        abort(404)
    return redirect(url_for(endpoint, slug=term.slug), MOVED)
