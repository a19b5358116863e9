"""One structured line per request, every exception with its traceback, and never a password,
session or email address in the log."""

import io
import json
import logging

import pytest
from flask import abort

from blog.web.request_log import JSONFormatter
from tests.server import live_server


@pytest.fixture
def log_lines(app):
    """What the app's own log handler writes, as text lines, while the test runs."""
    handler = next(h for h in logging.getLogger("blog").handlers
                   if isinstance(h.formatter, JSONFormatter))
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield lambda: buffer.getvalue().splitlines()
    handler.setStream(previous)


def _entries(lines, logger: str = "blog.request") -> list[dict]:
    return [e for e in map(json.loads, lines()) if e["logger"] == logger]


def test_each_request_is_one_json_line_with_its_id(client, make, log_lines):
    make.post(title="Hello", slug="hello")
    response = client.get("/hello/")
    (entry,) = _entries(log_lines)
    assert entry["method"] == "GET"
    assert entry["path"] == "/hello/"
    assert entry["status"] == 200
    assert entry["duration_ms"] >= 0
    assert entry["request_id"] == response.headers["X-Request-ID"]


def test_the_line_written_without_a_record_is_the_formatters_line(monkeypatch):
    """Requests are logged by writing the formatted line directly: it must be the same line."""
    import time

    monkeypatch.setattr(time, "time", lambda: 1_790_000_000.4)
    fields = {"method": "GET", "path": '/caf\u00e9/"quoted"\\/', "status": 404,
              "duration_ms": 12.5, "request_id": "edge-7f3a9c2b"}
    record = logging.LogRecord("blog.request", logging.INFO, __file__, 0, "%s %s %s",
                               (fields["method"], fields["path"], fields["status"]), None)
    record.__dict__.update(fields)
    formatter = JSONFormatter()
    assert formatter.request_line(**fields) == formatter.format(record)


def test_request_records_still_reach_handlers_added_to_logging(client, caplog):
    with caplog.at_level(logging.INFO, logger="blog.request"):
        client.get("/")
    (record,) = [r for r in caplog.records if r.name == "blog.request"]
    assert (record.method, record.path, record.status) == ("GET", "/", 200)


def test_query_strings_stay_out_of_the_log(client, log_lines):
    client.get("/?s=my+private+search&token=abc123")
    assert len(_entries(log_lines)) >= 1
    logged = "\n".join(log_lines())
    assert "private" not in logged and "abc123" not in logged


def test_a_request_id_from_the_proxy_is_kept_and_a_bad_one_replaced(client, log_lines):
    kept = client.get("/", headers={"X-Request-ID": "edge-7f3a9c2b"})
    assert kept.headers["X-Request-ID"] == "edge-7f3a9c2b"
    forged = 'x", "status": 200, "forged": "yes'
    replaced = client.get("/", headers={"X-Request-ID": forged})
    assert len(replaced.headers["X-Request-ID"]) == 32
    assert [e["request_id"] for e in _entries(log_lines)] == [
        "edge-7f3a9c2b", replaced.headers["X-Request-ID"]]


def test_an_exception_is_logged_with_its_traceback_on_one_line(app, log_lines):

    @app.get("/_boom")
    def boom():
        raise ZeroDivisionError("while rendering the sidebar")

    response = app.test_client().get("/_boom")
    assert response.status_code == 500
    entry = next(e for e in _entries(log_lines, "blog.web.errors") if "traceback" in e)
    assert entry["level"] == "ERROR"
    assert "ZeroDivisionError: while rendering the sidebar" in entry["traceback"]
    assert 'in boom' in entry["traceback"]
    assert entry["request_id"] == response.headers["X-Request-ID"]
    # ...and the request itself still gets its line, with the status the client saw.
    assert [e["status"] for e in _entries(log_lines)] == [500]


def test_emails_passwords_and_sessions_are_scrubbed_from_any_record(app, log_lines):

    @app.get("/_leaky")
    def leaky():
        logging.getLogger("blog.test").warning(
            "comment from reader@example.com with password=hunter2 session: eyJhbGciOi.x"
        )
        abort(400)

    app.test_client().get("/_leaky")
    (entry,) = _entries(log_lines, "blog.test")
    line = json.dumps(entry)
    for secret in ("reader@example.com", "hunter2", "eyJhbGciOi"):
        assert secret not in line
    assert "[email]" in line and "[redacted]" in line


def test_sql_errors_in_the_log_do_not_carry_the_values(app, log_lines):
    """Database errors name the statement, never the commenter's data (hide_parameters)."""
    from sqlalchemy import text

    from blog.extensions import db

    @app.get("/_bad_sql")
    def bad_sql():
        db.session.execute(text("SELECT no_such_column FROM post WHERE title = :t"),
                           {"t": "private-value@example.com"})
        return "unreachable"

    app.test_client().get("/_bad_sql")
    logged = "\n".join(log_lines())
    assert "no_such_column" in logged
    assert "private-value" not in logged


@pytest.mark.slow
def test_the_production_server_writes_json_lines_without_secrets(database_url, make):
    from tests.security._browser import Browser

    make.admin(username="editor", password="a-long-admin-passphrase")
    post = make.post(title="Open", slug="open", allow_comments=True)
    env = {"BLOG_RATELIMIT_ENABLED": "false", "BLOG_COMMENTS_MIN_SECONDS": "0"}
    with live_server(database_url, env) as server:
        browser = Browser(server.url)
        assert browser.log_in("editor", "wrong-passphrase-typed").status == 401
        assert browser.log_in("editor", "a-long-admin-passphrase").status == 303
        commenter = Browser(server.url)
        reply = commenter.request("/open/comments", {
            **commenter.comment_form("/open/"), "name": "Ada", "email": "ada@example.org",
            "body": "Logged without my address?", "remember": "y"})
        assert reply.status == 303
        cookie_values = [c.value for c in [*browser.cookies, *commenter.cookies]]
    output = server.output()
    entries = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    requests = [e for e in entries if e["logger"] == "blog.request"]
    assert {(e["method"], e["path"], e["status"]) for e in requests} >= {
        ("GET", "/admin/login", 200), ("POST", "/admin/login", 401),
        ("POST", "/admin/login", 303), ("POST", f"/{post.slug}/comments", 303)}
    assert all(e["request_id"] and isinstance(e["duration_ms"], float) for e in requests)
    for secret in ("a-long-admin-passphrase", "wrong-passphrase-typed", "ada@example.org",
                   "Logged without my address"):
        assert secret not in output, secret
    assert len(cookie_values) >= 2  # the admin's session, the commenter's remember-me
    for value in cookie_values:
        assert value not in output


def test_static_files_served_outside_flask_are_logged_too(client, log_lines):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    (entry,) = _entries(log_lines)
    assert (entry["path"], entry["status"]) == ("/static/css/site.css", 200)
    assert entry["request_id"] == response.headers["X-Request-ID"]
