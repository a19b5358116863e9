"""A fast, safe, self-hosted blog."""

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click
from flask import Flask
from flask.cli import ScriptInfo

from blog import cli
from blog.extensions import cache, csrf, db, limiter, login_manager
from blog.settings import load_settings
from blog.web import stack

ROOT = Path(__file__).resolve().parent.parent


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    load_settings(app, overrides)
    stack.prepare(app)  # request rules, cookies and hosts, logging: before anything uses them
    init_extensions(app)
    register_blueprints(app)
    stack.assemble(app)  # error pages, the page cache and the WSGI layers, in order
    cli.register(app)
    return app


def init_extensions(app: Flask) -> None:
    from blog.admin.accounts import load_user
    from blog.database import configure_engine

    db.init_app(app)
    with app.app_context():
        configure_engine(app, db.engine)
    init_migrations(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "admin.login"
    # Flask-Login's "basic" protection writes `_fresh` into every session it sees without its
    # own `_id` (its context processor loads the user for every template): a reader's session
    # then holds more than a CSRF token, so the page they were rendered is not shared and the
    # cache in front of Flask stops serving them. Nothing here asks for a fresh login; an
    # admin session ends through its row (admin/sessions.py).
    login_manager.session_protection = None
    limiter.init_app(app)
    cache.init_app(app)


def init_migrations(app: Flask, *, now: bool = False) -> None:
    """Flask-Migrate, and alembic with it (about 11 MB a process), for the processes that
    may migrate: the `flask` command line (its `db` commands), code that imported Flask-Migrate
    to call upgrade(), and `now` for a command that migrates by itself. A web worker is none
    of these: it never migrates."""
    context = click.get_current_context(silent=True)  # granian's workers run in its own
    cli = context is not None and context.find_object(ScriptInfo) is not None
    if "migrate" in app.extensions or not (now or cli or "flask_migrate" in sys.modules):
        return
    from flask_migrate import Migrate

    Migrate(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)


def register_blueprints(app: Flask) -> None:
    from blog.admin import bp as admin_bp
    from blog.articles import bp as articles_bp
    from blog.comments import bp as comments_bp
    from blog.discovery import bp as discovery_bp
    from blog.mail import bp as mail_bp
    from blog.mail.links import record_admin_root
    from blog.media import bp as media_bp
    from blog.web.health import bp as health_bp

    app.register_blueprint(health_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(comments_bp)
    app.register_blueprint(discovery_bp)
    app.register_blueprint(media_bp)
    app.register_blueprint(mail_bp)
    record_admin_root(app)
    # Articles last: its catch-all /<path>/ must not shadow the other blueprints' URLs.
    app.register_blueprint(articles_bp)
