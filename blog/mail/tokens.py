"""The signed tokens in mail links. Each carries a subscription's random key, never an address,
and is bound to one purpose by its salt: a confirmation link cannot unsubscribe anyone."""

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer, URLSafeTimedSerializer

CONFIRM = "mail-confirm"
UNSUBSCRIBE = "mail-unsubscribe"
CONFIRM_DAYS = 7


def _timed(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def confirm_token(key: str) -> str:
    return _timed(CONFIRM).dumps(key)


def unsubscribe_token(key: str) -> str:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE).dumps(key)


def key_from_confirm(token: str) -> str | None:
    """The key a confirmation link names, or None if it is forged or older than a week."""
    try:
        key = _timed(CONFIRM).loads(token, max_age=CONFIRM_DAYS * 24 * 3600)
    except BadSignature:
        return None
    return key if isinstance(key, str) else None


def key_from_unsubscribe(token: str) -> str | None:
    try:
        key = URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE).loads(token)
    except BadSignature:
        return None
    return key if isinstance(key, str) else None
