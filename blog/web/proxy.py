"""Trust X-Forwarded-* only from the configured number of reverse proxies in front of us."""

from collections.abc import Callable

from werkzeug.middleware.proxy_fix import ProxyFix


def trusted_proxies(wsgi_app: Callable, config) -> Callable:
    """With PROXY_FIX_HOPS = n, the client address is the n-th from the right of
    X-Forwarded-For (what our own proxies appended); with 0, headers a client could forge
    are ignored and the socket address is used."""
    hops = int(config["PROXY_FIX_HOPS"])
    if hops <= 0:
        return wsgi_app
    return ProxyFix(wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)
