"""/sitemap.xml (an index of child sitemaps of at most 2,000 URLs each) and /robots.txt."""

import math

from flask import abort, render_template, url_for

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


@bp.get("/robots.txt")
def robots():
    body = render_template("discovery/robots.txt", sitemap=external_url("discovery.sitemap_index"))
    return conditional(body, "text/plain", max_age=SITEMAP_MAX_AGE)
