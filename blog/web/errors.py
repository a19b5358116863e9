"""The site's own error pages, one template per status we send, and the promise behind them:
whatever a client sends, the answer is a 4xx or a 503, never a bare 500 traceback."""

import logging
import math
import time

from flask import Flask, current_app, g, render_template, request
from flask_wtf.csrf import CSRFError
from jinja2 import TemplateNotFound
from sqlalchemy.exc import (
    DataError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    PendingRollbackError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import HTTPException, SecurityError

from blog.extensions import db, limiter

log = logging.getLogger(__name__)

ERROR_CODES = (400, 401, 403, 404, 405, 409, 413, 422, 429, 500, 503)
RETRY_AFTER_SECONDS = 5

CSRF_MESSAGE = (
    "Your form expired or was sent from another page. "
    "Go back, reload the page and send it again."
)
TOO_LARGE_MESSAGE = "What you sent is larger than this site accepts ({limit})."


def render_error(code: int, message: str | None = None, headers: dict | None = None,
                 *, heading: str | None = None, use_database: bool = True):
    """The error page in the site's design. With use_database=False (the database is busy or
    broken) it renders from config alone: no site settings row, no sidebar or menu query (a
    query waiting on the lock that made the page would wait without end)."""
    if use_database:
        try:
            return _render(code, message, heading), code, headers or {}
        except Exception:
            log.exception("error page %s failed to render with the database", code)
            _rollback()
    try:
        g.site_settings = _config_site_settings()
        body = _render(code, message, heading, sidebar_posts=lambda exclude=None: [],
                       site_menus=dict)
    except Exception:  # the templates themselves are broken: a page that needs none of them
        log.exception("error page %s failed to render", code)
        body = LAST_RESORT_PAGE.format(code=code)
    return body, code, headers or {}


LAST_RESORT_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>Error {code}</title>
<link rel="stylesheet" href="/static/css/site.css"></head>
<body><main class="wrap content"><section class="error-page">
<p class="error-page__code">Error {code}</p><h1 class="page-title">Something went wrong</h1>
<p>Please try again in a moment.</p><p><a href="/">Go to the front page</a></p>
</section></main></body></html>
"""


def _render(code: int, message: str | None, heading: str | None, **context) -> str:
    try:
        return render_template(f"errors/{code}.html", code=code, message=message, **context)
    except TemplateNotFound:
        return render_template("errors/_error.html", code=code, message=message,
                               heading=heading or f"Error {code}", explanation="", **context)


def _config_site_settings() -> dict:
    from blog.site_settings import EDITABLE

    return {key: current_app.config[key] for key in EDITABLE}


def _rollback() -> None:
    try:
        db.session.rollback()
    except Exception:  # the connection itself may be gone; the next request gets a new one
        log.warning("rollback after a database error failed", exc_info=True)


def _custom_description(error: HTTPException) -> str | None:
    """The text a view passed to abort(code, "..."), not werkzeug's generic English."""
    if error.description and error.description != type(error).description:
        return error.description
    return None


def _human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g} MB"
    return f"{size // 1024} KB"


def retry_after() -> str:
    """Seconds until the rate limit this request hit frees up (Flask-Limiter's own headers are
    off: they would put its longest window on every response)."""
    current = limiter.current_limit
    if current is None:
        return str(RETRY_AFTER_SECONDS)
    seconds = min(math.ceil(current.reset_at - time.time()), current.limit.get_expiry())
    return str(max(1, seconds))


def register_error_pages(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_error(400, CSRF_MESSAGE)

    @app.errorhandler(SecurityError)
    def untrusted_host(error: SecurityError):
        # Host not in TRUSTED_HOSTS: no URL can be built for it, so no templated page either.
        return ("Bad request: this site does not answer to that host name.\n", 400,
                {"Content-Type": "text/plain; charset=utf-8"})

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error  # redirects raised by routing (308 to the trailing slash)
        headers = dict(error.get_headers())
        headers.pop("Content-Type", None)
        message = _custom_description(error) if error.code != 404 else None
        if error.code == 413 and message is None and request.max_content_length:
            message = TOO_LARGE_MESSAGE.format(limit=_human_size(request.max_content_length))
        if error.code == 429:
            headers.setdefault("Retry-After", retry_after())
        return render_error(error.code, message, headers, heading=error.name)

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    @app.errorhandler(PendingRollbackError)
    @app.errorhandler(PoolTimeoutError)
    def database_busy(error: Exception):
        # A locked or unreachable database is temporary: say so, and ask the client to retry.
        _rollback()
        log.warning("database unavailable on %s %s: %s", request.method, request.path, error)
        return render_error(503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
                            use_database=False)

    @app.errorhandler(IntegrityError)
    def write_conflict(error: IntegrityError):
        # Two requests raced for the same unique value; nothing was half-written.
        _rollback()
        log.warning("write conflict on %s %s: %s", request.method, request.path, error)
        return render_error(409)

    @app.errorhandler(DataError)
    @app.errorhandler(UnicodeError)
    def unstorable_input(error: Exception):
        # Input the database refuses (a NUL byte in PostgreSQL text, an undecodable byte):
        # the client's fault, but a form should have caught it, so log it with its traceback.
        _rollback()
        log.exception("unstorable input on %s %s", request.method, request.path)
        return render_error(422)

    @app.errorhandler(Exception)
    def server_error(error: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        _rollback()
        return render_error(500)
