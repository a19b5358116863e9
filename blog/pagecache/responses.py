"""Responses made from a cached page, the same whether Flask or the layer in front of it answers."""

from flask import Response
from werkzeug.wrappers import Request

from blog.pagecache.generation import token_time
from blog.pagecache.store import CachedPage, PageStore
from blog.web.compression import compress, preferred_encoding
from blog.web.conditional import not_modified


def respond_whole(store: PageStore, page: CachedPage, key: str, generation: str,
                  req: Request) -> Response:
    """A page that is the same for everyone, with its validators, compressed for `req` (each
    encoding compressed once and kept beside the page)."""
    response = Response(content_type=page.content_type, headers=page.headers)
    response.set_etag(page.etag, weak=True)
    # A comment changes a page without a new generation: such a page is as new as its render.
    last_modified = (page.last_modified or (page.rendered_at if page.deps else None)
                     or token_time(generation))
    response.last_modified = last_modified
    response.headers["Cache-Control"] = page.cache_control
    response.vary.add("Accept-Encoding")
    if not_modified(req.environ, page.etag, last_modified):
        response.status_code = 304
        return response
    encoding = preferred_encoding(req)
    body = page.body
    if encoding:
        variant = f"{key}:{encoding}"
        body = store.get(variant)
        if body is None:
            body = compress(page.body, encoding)
            store.set(variant, body)
        response.headers["Content-Encoding"] = encoding
    response.set_data(body)
    return response


def assemble(page: CachedPage, parts: list[str]) -> str:
    """The page's text with each hole filled by its part."""
    out = [page.pieces[0]]
    for part, piece in zip(parts, page.pieces[1:], strict=True):
        out += (part, piece)
    return "".join(out)


def per_reader_response(page: CachedPage, body: str) -> Response:
    """A page with this reader's parts in it: theirs alone, so private."""
    response = Response(body, content_type=page.content_type, headers=page.headers)
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.add("Cookie")
    return response
