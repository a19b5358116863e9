"""One structured (JSON) log line per request, a request id on every response, and log
records scrubbed of anything that could be an email address, password or session."""

import json
import logging
import re
import sys
import time
import traceback
import uuid

from flask import Flask, Response, g, has_request_context, request

log = logging.getLogger("blog.request")

REQUEST_ID_HEADER = "X-Request-ID"
# An id from a trusted proxy is kept so logs line up across hops; anything else is replaced.
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")

# Bounded repeats: an unbounded local part makes this quadratic on a 100 KB path.
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
MAX_LOGGED_PATH = 2000
_SECRET_PAIR = re.compile(
    r"(?i)\b(password|passwd|pwd|secret|token|csrf_token|session|remember_token|cookie)"
    r"(['\"]?\s*[:=]\s*)(['\"]?)[^\s'\",;&)]+"
)


def scrub(text: str) -> str:
    """Remove email addresses and `password=...`-style values from a log text."""
    text = _EMAIL.sub("[email]", text)
    return _SECRET_PAIR.sub(r"\1\2\3[redacted]", text)


class JSONFormatter(logging.Formatter):
    """One JSON object per line; a traceback stays inside its record's line."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub(record.getMessage()),
        }
        for key in ("method", "path", "status", "duration_ms"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        request_id = getattr(record, "request_id", None) or _current_request_id()
        if request_id:
            entry["request_id"] = request_id
        if record.exc_info:
            entry["traceback"] = scrub("".join(traceback.format_exception(*record.exc_info)))
        return json.dumps(entry, ensure_ascii=False, default=str)


def _current_request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


def init_request_log(app: Flask) -> None:
    _install_handler(app.config.get("LOG_LEVEL", "INFO"))
    app.before_request(_start_request)
    app.after_request(_log_request)


def _install_handler(level: str) -> None:
    """Attach the JSON handler to the package logger once per process (create_app may run
    many times, in tests)."""
    logger = logging.getLogger("blog")
    logger.setLevel(level)
    if not any(isinstance(h.formatter, JSONFormatter) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JSONFormatter())
        logger.addHandler(handler)


def _start_request() -> None:
    g.request_started = time.perf_counter()
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = incoming if _SAFE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex


def _log_request(response: Response) -> Response:
    request_id = g.get("request_id") or uuid.uuid4().hex
    response.headers[REQUEST_ID_HEADER] = request_id
    started = g.get("request_started")
    duration_ms = round((time.perf_counter() - started) * 1000, 1) if started else None
    # The path only: query strings carry search terms and tokens, bodies carry passwords.
    log.info(
        "%s %s %s",
        request.method,
        request.path[:MAX_LOGGED_PATH],
        response.status_code,
        extra={
            "method": request.method,
            "path": scrub(request.path[:MAX_LOGGED_PATH]),
            "status": response.status_code,
            "duration_ms": duration_ms,
            "request_id": request_id,
        },
    )
    return response
