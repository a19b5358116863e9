"""A fast, safe, self-hosted blog."""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from blog import cli
from blog.cache import init_page_cache
from blog.cache_fast_path import serve_cached_pages_first
from blog.errors import register_error_pages
from blog.extensions import cache, csrf, db, limiter, login_manager, migrate
from blog.http_caching import init_http_caching
from blog.proxy import init_proxy
from blog.request_log import log_every_request
from blog.security import init_security
from blog.security_headers import secure_every_response
from blog.settings import load_settings
from blog.static_files import init_static_files
from blog.templating import register_template_helpers

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
    init_security(app)
    init_extensions(app)
    register_blueprints(app)
    register_error_pages(app)
    register_template_helpers(app)
    init_http_caching(app)
    init_page_cache(app)  # last: its before-request hook answers from the cache
    serve_cached_pages_first(app)  # and a WSGI layer answers most readers before Flask does
    init_static_files(app)  # WhiteNoise: static files never reach the layers above
    init_proxy(app)  # around the layers above, so each sees the client's host and scheme
    secure_every_response(app)  # WSGI layers around all others: static files too
    log_every_request(app)
    cli.register(app)
    return app


def init_extensions(app: Flask) -> None:
    from blog.accounts import load_user
    from blog.database import configure_engine

    db.init_app(app)
    with app.app_context():
        configure_engine(app, db.engine)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "admin.login"
    limiter.init_app(app)
    cache.init_app(app)


def register_blueprints(app: Flask) -> None:
    from blog.admin import bp as admin_bp
    from blog.articles import bp as articles_bp
    from blog.comments import bp as comments_bp
    from blog.discovery import bp as discovery_bp
    from blog.health import bp as health_bp
    from blog.uploads import bp as uploads_bp

    app.register_blueprint(health_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(comments_bp)
    app.register_blueprint(discovery_bp)
    app.register_blueprint(uploads_bp)
    # Articles last: its catch-all /<path>/ must not shadow the other blueprints' URLs.
    app.register_blueprint(articles_bp)
