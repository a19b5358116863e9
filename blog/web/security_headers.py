"""Security headers on every response, as the outermost WSGI layer: pages, error pages,
redirects, cached pages and the static files WhiteNoise serves before Flask sees them."""

from collections.abc import Callable, Iterable

from blog.web.requests import is_admin_path

# No 'unsafe-inline' or 'unsafe-eval': templates carry no inline script, style or on*
# handlers. A JSON-LD <script type="application/ld+json"> is a data block, never run, so it
# needs no exception.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    )
)

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture",
        "geolocation", "gyroscope", "magnetometer", "microphone", "payment", "usb",
    )
)

BASE_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Permissions-Policy", PERMISSIONS_POLICY),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),  # frame-ancestors for browsers that predate CSP 2
)
# The login page and the admin never belong in a search index or a shared cache.
ADMIN_HEADERS = (("X-Robots-Tag", "noindex, nofollow"), ("Cache-Control", "no-store"))


def security_headers(https: bool, hsts_max_age: int) -> tuple[tuple[str, str], ...]:
    if not https:
        return BASE_HEADERS  # HSTS on a plain-HTTP site would lock its visitors out
    return (*BASE_HEADERS,
            ("Strict-Transport-Security", f"max-age={hsts_max_age}; includeSubDomains"))


class SecurityHeaders:
    """Adds each header the inner app did not set itself (a view may only tighten)."""

    def __init__(self, wsgi_app: Callable, headers: Iterable[tuple[str, str]]) -> None:
        self.wsgi_app = wsgi_app
        self.headers = tuple(headers)
        # Per kind of path, each header with its lower-case name; and the lengths of those
        # names, so a response's own headers are lowered only when one could be among them
        # (every request passes here: lowering a dozen names cost more than the rest of it).
        self.extra = {admin: tuple((name.lower(), name, value) for name, value in
                                   self.headers + (ADMIN_HEADERS if admin else ()))
                      for admin in (False, True)}
        self.name_lengths = frozenset(len(name) for name, _ in self.headers + ADMIN_HEADERS)

    @classmethod
    def for_settings(cls, wsgi_app: Callable, config) -> "SecurityHeaders":
        return cls(wsgi_app, security_headers(bool(config["HTTPS"]), int(config["HSTS_MAX_AGE"])))

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        extra = self.extra[is_admin_path(environ.get("PATH_INFO", ""))]
        lengths = self.name_lengths

        def start_with_headers(status, headers, exc_info=None):
            present = {name.lower() for name, _ in headers if len(name) in lengths}
            headers = [*headers, *((name, value) for lower, name, value in extra
                                   if lower not in present)]
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, start_with_headers)
