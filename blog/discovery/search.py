"""/search/?q=: full-text search over live posts and pages."""

from flask import render_template, request

from blog.discovery import bp
from blog.pagecache import cached_page
from blog.search import search_posts
from blog.site_settings import site_setting
from blog.web.parsing import page_number


@bp.get("/search/")
@cached_page
def search():
    query = request.args.get("q", "", type=str)
    page = page_number(request.args.get("page"))
    terms, pagination = search_posts(query, page, int(site_setting("POSTS_PER_PAGE")))
    return render_template("discovery/search.html", q=query, terms=terms,
                           pagination=pagination, kind="search")
