"""Compression of text responses: brotli when the client takes it (and the module is there),
else gzip. Cached pages store their compressed copies (blog/pagecache/); everything else is
compressed here on the way out."""

import functools
import gzip

from flask import Response, request
from werkzeug.http import parse_accept_header
from werkzeug.wrappers import Request

try:
    import brotli
except ImportError:  # brotli is optional: gzip alone is fine
    brotli = None

ENCODINGS = ("br", "gzip") if brotli else ("gzip",)
COMPRESSIBLE = ("text/", "application/xml", "application/rss+xml", "application/atom+xml",
                "application/json", "application/javascript", "image/svg+xml")
MIN_BYTES = 512  # below this the headers outweigh the savings


def preferred_encoding(req: Request) -> str | None:
    return encoding_for(req.headers.get("Accept-Encoding"))


@functools.lru_cache(maxsize=64)  # clients send a handful of distinct headers
def encoding_for(accept_encoding: str | None) -> str | None:
    """Our best encoding the `Accept-Encoding` value allows (q=0 refuses), or None."""
    accepted = parse_accept_header(accept_encoding)
    for encoding in ENCODINGS:
        if accepted[encoding]:
            return encoding
    return None


def compress(data: bytes, encoding: str, fast: bool = False) -> bytes:
    """`fast` for bodies compressed per request; stored ones get the better ratio."""
    if encoding == "br":
        return brotli.compress(data, quality=4 if fast else 6)
    return gzip.compress(data, compresslevel=5 if fast else 9, mtime=0)


def _compressible(response: Response) -> bool:
    return (
        response.status_code == 200
        and not response.direct_passthrough
        and not response.is_streamed
        and "Content-Encoding" not in response.headers
        and (response.mimetype or "").startswith(COMPRESSIBLE)
    )


def compress_for(req: Request, response: Response) -> Response:
    """Compress `response` for the client that sent `req`, when worth it."""
    if not _compressible(response):
        return response
    response.vary.add("Accept-Encoding")
    encoding = preferred_encoding(req)
    if encoding is None or req.method == "HEAD":
        return response
    data = response.get_data()
    if len(data) < MIN_BYTES:
        return response
    response.set_data(compress(data, encoding, fast=True))
    response.headers["Content-Encoding"] = encoding
    etag = response.get_etag()[0]
    if etag:  # the compressed body is another representation of the same content
        response.set_etag(etag, weak=True)
    return response


def compress_response(response: Response) -> Response:
    """The after-request hook: every response Flask makes, on its way out."""
    return compress_for(request, response)
