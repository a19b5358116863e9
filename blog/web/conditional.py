"""Conditional requests: 304 when the client already has this representation.

One rule for every response that carries validators (cached pages, feeds, sitemaps), and it is
werkzeug's own (`is_resource_modified`: If-None-Match decides when sent, with the weak
comparison RFC 9110 asks for; If-Modified-Since only without it)."""

import hashlib
from datetime import datetime

from flask import Response, request
from werkzeug.http import is_resource_modified

FEED_MAX_AGE = 300  # seconds: feed readers poll; a short shared cache spares the database


def not_modified(environ: dict, etag: str, last_modified: datetime | None) -> bool:
    return not is_resource_modified(environ, etag=etag, last_modified=last_modified)


def answer_conditionally(response: Response, environ: dict) -> Response:
    """`response` as a 304 (werkzeug drops its body and entity headers on the way out) when the
    client's validators match its ETag and Last-Modified."""
    etag = response.get_etag()[0]
    if etag and not_modified(environ, etag, response.last_modified):
        response.status_code = 304
    return response


def conditional(body: bytes | str, mimetype: str, last_modified: datetime | None = None,
                max_age: int = FEED_MAX_AGE) -> Response:
    """A generated document (feed, sitemap, robots.txt) with its validators."""
    data = body.encode() if isinstance(body, str) else body
    response = Response(data, mimetype=mimetype)
    response.set_etag(hashlib.sha256(data).hexdigest()[:32])
    if last_modified is not None:
        response.last_modified = last_modified
    response.cache_control.public = True
    response.cache_control.max_age = max_age
    return answer_conditionally(response, request.environ)
