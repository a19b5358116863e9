"""/sitemap.xml (an index of child sitemaps of at most 2,000 URLs each), /robots.txt, and
WordPress's sitemap addresses sent to ours."""

import math

from flask import abort, redirect, render_template, url_for

from blog.discovery import bp, services
from blog.discovery.feed_builder import newest
from blog.discovery.urls import absolute, external_url
from blog.pagecache import cached_page
from blog.web.conditional import conditional

XML = "application/xml"
SITEMAP_MAX_AGE = 3600


@bp.get("/sitemap.xml")
@cached_page
def sitemap_index():
    children = []
    for kind, (count, lastmod) in services.sitemap_counts().items():
        for number in range(1, math.ceil(count / services.SITEMAP_CHUNK) + 1):
            url = external_url("discovery.sitemap", kind=kind, number=number)
            children.append((url, lastmod))
    body = render_template("discovery/sitemap_index.xml", children=children)
    last = newest(*(lastmod for _url, lastmod in children)) if children else None
    return conditional(body, XML, last, SITEMAP_MAX_AGE)


@bp.get("/sitemap-<kind>-<int:number>.xml")
@cached_page
def sitemap(kind: str, number: int):
    if kind not in services.SITEMAP_KINDS or number < 1:
        abort(404)
    rows = services.sitemap_chunk(kind, number)
    if not rows:
        abort(404)
    urls = [(absolute(url_for(endpoint, **values)), lastmod) for endpoint, values, lastmod in rows]
    body = render_template("discovery/sitemap.xml", urls=urls)
    return conditional(body, XML, newest(*(lastmod for _url, lastmod in urls)), SITEMAP_MAX_AGE)


# Where WordPress (5.5+) and its SEO plugins (Yoast, Rank Math) put their sitemaps: search
# consoles and robots.txt files out there still name them.
PLUGIN_SITEMAP_KINDS = frozenset({"post", "page", "category", "post_tag", "tag", "author"})


@bp.get("/wp-sitemap.xml")
@bp.get("/wp-sitemap-<part>.xml")
@bp.get("/sitemap_index.xml")
@bp.get("/<kind>-sitemap.xml")
@bp.get("/<kind>-sitemap<int:number>.xml")
def wordpress_sitemap(part: str = "", kind: str = "post", number: int = 1):
    """WordPress's sitemap index and children answer 301 with ours."""
    if kind not in PLUGIN_SITEMAP_KINDS:
        abort(404)
    return redirect(url_for("discovery.sitemap_index"), 301)


@bp.get("/robots.txt")
def robots():
    body = render_template("discovery/robots.txt", sitemap=external_url("discovery.sitemap_index"))
    return conditional(body, "text/plain", max_age=SITEMAP_MAX_AGE)
