"""Every error a visitor can meet is the site's own page with the right status, and a busy
database is a 503 that asks the client to retry, not a 500."""

import os
import sqlite3

import pytest
from flask import abort
from sqlalchemy import insert
from sqlalchemy.engine import make_url

from blog.extensions import db
from blog.models import Category

PG = bool(os.environ.get("TEST_DATABASE_URL"))


def _assert_site_error_page(response, status: int):
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert response.mimetype == "text/html"
    assert f"Error {status}" in html
    assert 'class="site-header"' in html and "ClingCentral" in html  # the site's design
    assert '<meta name="robots" content="noindex">' in html
    assert "Traceback" not in html


@pytest.mark.parametrize("status", [400, 401, 403, 404, 405, 409, 413, 422, 429, 500, 503])
def test_each_status_has_its_own_page_in_the_site_design(app, status):
    @app.get("/_fail")
    def fail():
        abort(status)

    response = app.test_client().get("/_fail")
    _assert_site_error_page(response, status)
    heading = response.get_data(as_text=True).split("<h1", 1)[1]
    assert heading.split(">", 1)[1].split("<", 1)[0].strip()  # a real heading, not blank


def test_unexpected_exception_is_a_500_page_that_reveals_nothing(app, caplog):
    @app.get("/_boom")
    def boom():
        raise RuntimeError("internal detail: /srv/secret/path")

    response = app.test_client().get("/_boom")
    _assert_site_error_page(response, 500)
    assert "internal detail" not in response.get_data(as_text=True)
    # ...but the log has the whole story.
    record = next(r for r in caplog.records if r.exc_info)
    assert "internal detail" in str(record.exc_info[1])


def test_a_message_given_to_abort_is_shown(app):
    @app.get("/_closed")
    def closed():
        abort(403, "Comments are closed on this article.")

    response = app.test_client().get("/_closed")
    assert "Comments are closed on this article." in response.get_data(as_text=True)


def test_status_without_its_own_template_still_gets_the_site_page(app):
    @app.get("/_gone")
    def gone():
        abort(410)

    response = app.test_client().get("/_gone")
    assert response.status_code == 410
    assert "Gone" in response.get_data(as_text=True)
    assert 'class="site-header"' in response.get_data(as_text=True)


def test_method_not_allowed_keeps_the_allow_header(client):
    response = client.delete("/")
    _assert_site_error_page(response, 405)
    assert "GET" in response.headers["Allow"]


def test_a_race_on_a_unique_value_is_a_409_not_a_500(app, make):
    make.category(name="Taken", slug="taken")

    @app.post("/_dup")
    def duplicate():
        db.session.execute(insert(Category).values(name="Again", slug="taken"))
        db.session.commit()
        return "saved"

    app.config["WTF_CSRF_ENABLED"] = False
    _assert_site_error_page(app.test_client().post("/_dup"), 409)


@pytest.fixture
def locked_database(app, database_url):
    """Another process holds the write lock, as a long write from another worker would."""
    if PG:
        import psycopg

        url = make_url(database_url).set(drivername="postgresql")
        holder = psycopg.connect(url.render_as_string(hide_password=False))
        holder.execute("LOCK TABLE category IN ACCESS EXCLUSIVE MODE")
        yield lambda session: session.execute(db.text("SET lock_timeout = '200ms'"))
        holder.rollback()
        holder.close()
        return
    holder = sqlite3.connect(make_url(database_url).database, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    yield lambda session: session.execute(db.text("PRAGMA busy_timeout = 200"))
    holder.execute("ROLLBACK")
    holder.close()


def test_a_locked_database_answers_503_with_retry_after(app, make, locked_database):
    @app.before_request
    def short_wait():
        locked_database(db.session)

    @app.post("/_write")
    def write():
        db.session.execute(insert(Category).values(name="New", slug="new"))
        db.session.commit()
        return "saved"

    app.config["WTF_CSRF_ENABLED"] = False
    response = app.test_client().post("/_write")
    _assert_site_error_page(response, 503)
    assert int(response.headers["Retry-After"]) > 0
    assert "try again" in response.get_data(as_text=True)


def test_a_broken_error_template_still_answers_with_a_styled_page(app):
    """If the templates themselves fail (a bad deploy), the visitor still gets a page."""
    from jinja2 import ChoiceLoader, DictLoader

    app.jinja_loader  # noqa: B018 (build the default loader before wrapping it)
    app.jinja_env.loader = ChoiceLoader([
        DictLoader({"errors/500.html": "{{ no_such_helper() }}"}), app.jinja_env.loader])

    @app.get("/_boom")
    def boom():
        raise RuntimeError("first failure")

    response = app.test_client().get("/_boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Error 500" in html and 'href="/static/css/site.css"' in html
    assert "Traceback" not in html and "first failure" not in html


def test_the_401_page_offers_the_way_in(app):
    @app.post("/_private")
    def private():
        abort(401)

    app.config["WTF_CSRF_ENABLED"] = False
    response = app.test_client().post("/_private")
    _assert_site_error_page(response, 401)
    assert 'href="/admin/login"' in response.get_data(as_text=True)
