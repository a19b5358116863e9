"""The request pipeline, in the order a request meets it.

WSGI layers, outermost first; each wraps every layer after it:

    RequestLog -> SecurityHeaders -> trusted proxies -> static files -> CachedPageLayer -> Flask

Inside Flask, the app's hooks run in the order they are registered: the extensions' (CSRF, rate
limits), the ones blueprints add for the whole app (WordPress's query links), then the page
cache's, which answers a hit without rendering; a blueprint's own hooks (the admin guard) come
after those. On the way out, the page cache stores what was rendered for it, then the response
is compressed (after-request hooks run in reverse order of registration).
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask

from blog.pagecache import CachedPageLayer, init_page_cache
from blog.web.compression import compress_response
from blog.web.errors import register_error_pages
from blog.web.proxy import trusted_proxies
from blog.web.request_log import RequestLog, install_log_handler
from blog.web.requests import install_request_rules
from blog.web.security import secure_cookies_and_hosts
from blog.web.security_headers import SecurityHeaders
from blog.web.static_files import static_files
from blog.web.templating import register_template_helpers


@dataclass(frozen=True)
class Layer:
    wrap: Callable[[Callable, Flask], Callable]  # (inner WSGI app, app) -> WSGI app
    why: str


WSGI_LAYERS = (
    Layer(lambda inner, app: RequestLog(inner),
          "outermost, so every request is timed and logged once and every response carries "
          "its request id, static files and error pages included"),
    Layer(lambda inner, app: SecurityHeaders.for_settings(inner, app.config),
          "around everything that answers: static files, cached pages, Flask, errors"),
    Layer(lambda inner, app: trusted_proxies(inner, app.config),
          "before anything reads the client's address, host or scheme (cache keys, rate "
          "limits, absolute URLs), so all of them see what our own proxies reported"),
    Layer(static_files,
          "static files are answered before the page cache looks at cookies and hosts"),
    Layer(lambda inner, app: CachedPageLayer(inner, app),
          "readers' cached pages are answered here, without Flask's request pipeline"),
)


def prepare(app: Flask) -> None:
    """Before the extensions and blueprints: the request class and URL converters every rule
    and hook uses, cookie and host settings, and the log handler."""
    install_log_handler(app.config.get("LOG_LEVEL", "INFO"))
    install_request_rules(app)
    secure_cookies_and_hosts(app)


def assemble(app: Flask) -> None:
    """After the extensions and blueprints: error pages, template helpers, the hooks that must
    come last, and the WSGI layers around Flask."""
    register_error_pages(app)
    register_template_helpers(app)
    app.after_request(compress_response)  # runs after the page cache stored the page as is
    init_page_cache(app)  # its before-request hook comes after every other one
    wsgi_app = app.wsgi_app
    for layer in reversed(WSGI_LAYERS):
        wsgi_app = layer.wrap(wsgi_app, app)
    app.wsgi_app = wsgi_app
