"""Security headers, proxies and trusted hosts (the security issue fills this in)."""

from flask import Flask


def init_security(app: Flask) -> None:
    return None
