"""ETag and Last-Modified on generated documents, answering 304 when the client has them."""

import hashlib
from datetime import datetime

from flask import Response, request

FEED_MAX_AGE = 300  # seconds: feed readers poll; a short shared cache spares the database


def conditional(body: bytes | str, mimetype: str, last_modified: datetime | None = None,
                max_age: int = FEED_MAX_AGE) -> Response:
    data = body.encode() if isinstance(body, str) else body
    response = Response(data, mimetype=mimetype)
    response.set_etag(hashlib.sha256(data).hexdigest()[:32])
    if last_modified is not None:
        response.last_modified = last_modified
    response.cache_control.public = True
    response.cache_control.max_age = max_age
    return response.make_conditional(request)
