"""The site's own error pages, one template per status we send."""

import logging

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from blog.extensions import db

log = logging.getLogger(__name__)

ERROR_CODES = (400, 401, 403, 404, 405, 409, 413, 422, 429, 500, 503)


def render_error(code: int, message: str | None = None, headers: dict | None = None):
    try:
        body = render_template(f"errors/{code}.html", code=code, message=message)
    except Exception:  # the page itself failed (say the database is down): plain text will do
        log.exception("error page %s failed to render", code)
        body = f"Error {code}\n"
    return body, code, headers or {}


def register_error_pages(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_error(400, "Your form expired or was sent from another page. "
                                 "Go back, reload the page and send it again.")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code not in ERROR_CODES:
            return error
        headers = dict(error.get_headers())
        headers.pop("Content-Type", None)
        return render_error(error.code, error.description if error.code != 404 else None, headers)

    @app.errorhandler(OperationalError)
    def database_busy(error: OperationalError):
        # A locked or unreachable database is temporary: say so, and ask the client to retry.
        db.session.rollback()
        log.warning("database unavailable on %s %s: %s", request.method, request.path, error)
        return render_error(503, headers={"Retry-After": "5"})

    @app.errorhandler(Exception)
    def server_error(error: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        return render_error(500)
