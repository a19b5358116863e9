"""Trust X-Forwarded-* only from the configured number of reverse proxies in front of us."""

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_proxy(app: Flask) -> None:
    """With PROXY_FIX_HOPS = n, the client address is the n-th from the right of
    X-Forwarded-For (what our own proxies appended); with 0, headers a client could forge
    are ignored and the socket address is used."""
    hops = int(app.config["PROXY_FIX_HOPS"])
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)
