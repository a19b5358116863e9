"""One structured (JSON) log line per request, a request id on every response, and log
records scrubbed of anything that could be an email address, password or session."""

import json
import logging
import os
import re
import sys
import time
import traceback
from collections.abc import Callable, Iterable
from json.encoder import encode_basestring

from flask import has_request_context, request

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
    """Remove email addresses and `password=...`-style values from a log text. Each pattern
    runs only when the character it cannot match without is there (most lines have neither)."""
    if "@" in text:
        text = _EMAIL.sub("[email]", text)
    if "=" in text or ":" in text:
        text = _SECRET_PAIR.sub(r"\1\2\3[redacted]", text)
    return text


class JSONFormatter(logging.Formatter):
    """One JSON object per line; a traceback stays inside its record's line."""

    TIME_FORMAT = "%Y-%m-%dT%H:%M:%S"

    def __init__(self) -> None:
        super().__init__()
        self._second: tuple[int, str] = (-1, "")

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, self.TIME_FORMAT),
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
        return _JSON.encode(entry)

    def request_line(self, method: str, path: str, status: int, duration_ms: float,
                     request_id: str) -> str:
        """What `format` makes of a request's record, built without the record: this line is
        written on every request, and the record, the dict and the encoder cost more than
        answering a cached page. The tests hold the two equal."""
        message = encode_basestring(scrub(f"{method} {path} {status}"))
        return (f'{{"time": "{self._time_now()}", "level": "INFO", "logger": "{log.name}", '
                f'"message": {message}, "method": {encode_basestring(method)}, '
                f'"path": {encode_basestring(path)}, "status": {status}, '
                f'"duration_ms": {duration_ms!r}, "request_id": {encode_basestring(request_id)}}}')

    def _time_now(self) -> str:
        """formatTime's text for now, made once per second."""
        second = int(time.time())
        cached_second, text = self._second
        if second != cached_second:
            text = time.strftime(self.TIME_FORMAT, self.converter(second))
            self._second = (second, text)
        return text


_JSON = json.JSONEncoder(ensure_ascii=False, default=str)


def new_request_id() -> str:
    return os.urandom(16).hex()  # 32 hex digits, like a UUID's, at a fifth of uuid4's cost


def _current_request_id() -> str | None:
    """The id RequestLog gave the request being handled: exceptions logged inside the app
    carry it."""
    return request.environ.get(ENVIRON_KEY) if has_request_context() else None


def install_log_handler(level: str) -> None:
    """Attach the JSON handler to the package logger once per process (create_app may run
    many times, in tests)."""
    logger = logging.getLogger("blog")
    logger.setLevel(level)
    if not any(isinstance(h.formatter, JSONFormatter) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JSONFormatter())
        logger.addHandler(handler)


ENVIRON_KEY = "blog.request_id"


class RequestLog:
    """One line per request when its status is sent, and the request id on the response."""

    def __init__(self, wsgi_app: Callable) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        started = time.perf_counter()
        incoming = environ.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _SAFE_REQUEST_ID.fullmatch(incoming) else new_request_id()
        environ[ENVIRON_KEY] = request_id

        def start_and_log(status: str, headers: list, exc_info=None):
            for name, _ in headers:  # the app's own is replaced by ours
                if len(name) == len(REQUEST_ID_HEADER) and name.lower() == "x-request-id":
                    headers = [(n, v) for n, v in headers if n.lower() != "x-request-id"]
                    break
            headers = [*headers, (REQUEST_ID_HEADER, request_id)]
            _log_line(environ, int(status.split(" ", 1)[0]), started, request_id)
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, start_and_log)


def _log_line(environ: dict, status: int, started: float, request_id: str) -> None:
    if not log.isEnabledFor(logging.INFO):  # LOG_LEVEL=WARNING: skip the scrubbing too
        return
    method = environ.get("REQUEST_METHOD", "")
    # WSGI hands over the raw path bytes as latin-1; the path only: query strings carry
    # search terms and tokens, bodies carry passwords.
    raw = environ.get("PATH_INFO", "")[:MAX_LOGGED_PATH]
    path = scrub(raw.encode("latin-1", "replace").decode("utf-8", "replace"))
    duration_ms = round((time.perf_counter() - started) * 1000, 1)
    handler = _sole_json_handler()
    if handler is not None and _wrote_line(handler, handler.formatter.request_line(
            method, path, status, duration_ms, request_id)):
        return
    extra = {"method": method, "path": path, "status": status, "duration_ms": duration_ms,
             "request_id": request_id}
    # Built directly rather than by log.info, which walks the stack for a caller this line
    # does not report.
    log.handle(log.makeRecord(log.name, logging.INFO, __file__, 0, "%s %s %s",
                              (method, path, status), None, extra=extra))


def _sole_json_handler() -> logging.StreamHandler | None:
    """The app's JSON stream handler when it is the only place a request record would go and
    nothing filters it (the production setup); None when logging was configured otherwise
    (more handlers, filters, tests capturing records), and the line then goes as a record."""
    found: list[logging.Handler] = []
    logger: logging.Logger | None = log
    while logger is not None:
        if logger.filters:
            return None
        found.extend(logger.handlers)
        if not logger.propagate:
            break
        logger = logger.parent
    if len(found) != 1:
        return None
    handler = found[0]
    if (type(handler) is not logging.StreamHandler or handler.filters
            or not isinstance(handler.formatter, JSONFormatter) or handler.level > logging.INFO):
        return None
    return handler


def _wrote_line(handler: logging.StreamHandler, line: str) -> bool:
    """StreamHandler.emit's write, for a line already formatted. False for a closed or broken
    stream: the line then goes as a record, through logging's own error handling."""
    try:
        with handler.lock:
            handler.stream.write(line + handler.terminator)
            handler.flush()
    except (OSError, ValueError):
        return False
    return True
