"""Who may be answered from the page cache: the one place that decides, for Flask's hooks and
for the layer in front of Flask alike.

- Only GET and HEAD, only views declared with @cached_page, only while PAGE_CACHE is on.
- A logged-in admin or a reader with flashed messages gets pages of their own: their session
  says so, and Flask renders for them.
- A reader with a cookie a part declared personal (a remembered commenter), or whose session
  holds more than a CSRF token (held comments), shares the page but not its parts: Flask fills
  those for them. The layer in front of Flask serves only readers with neither.
"""

from flask import Flask

SHARED_METHODS = frozenset({"GET", "HEAD"})
# Session keys after which the whole page is this reader's own (Flask-Login's, Flask's).
OWN_PAGE_SESSION_KEYS = ("_user_id", "_flashes")


def cache_enabled(config) -> bool:
    return bool(config.get("PAGE_CACHE", True))


def login_cookie(config) -> str:
    """Flask-Login's remember-me cookie: its holder is (or may become) the logged-in admin."""
    return config.get("REMEMBER_COOKIE_NAME", "remember_token")


def may_share_page(method: str, config, session, cookies) -> bool:
    """Inside Flask: whether this request may get (and fill) the shared copy of a page."""
    if method not in SHARED_METHODS or not cache_enabled(config):
        return False
    if login_cookie(config) in cookies:
        return False
    return not any(key in session for key in OWN_PAGE_SESSION_KEYS)


def personal_cookies(app: Flask) -> frozenset[str]:
    """Cookies after which the layer in front of Flask leaves the request to Flask."""
    from blog.pagecache.parts import registered_parts

    names = {login_cookie(app.config)}
    for part in registered_parts(app).values():
        names |= part.personal_cookies
    return frozenset(names)
