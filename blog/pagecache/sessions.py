"""A reader's session and CSRF token handled outside Flask, for the layer that answers cached
pages in front of it (blog/pagecache/layer.py).

Flask-WTF keeps a random token in the session and puts a signed copy of it in every form; when
a form comes back, `validate_csrf` checks the copy against the session. Here the same two things
are read and made with the same serializers (Flask's session interface, Flask-WTF's salt), so a
comment sent from such a page passes exactly the check every other form passes.

A new reader costs two signatures, which through the serializers' `dumps` cost more than the
rest of answering the page. So signing here skips two steps of it: the attempt to zlib-compress
the payload (it never pays for a 40-character token, and zlib sets up a 256 KB state per call;
`loads` reads an uncompressed payload just the same), and deriving the key and building an HMAC
object in Python on every call (QuickSigner). The tests check the result against itsdangerous.
"""

import binascii
import hmac
import os
import time
from json.encoder import encode_basestring_ascii

from flask import Flask
from itsdangerous import BadSignature, TimestampSigner, URLSafeTimedSerializer
from itsdangerous.encoding import int_to_bytes, want_bytes
from itsdangerous.signer import HMACAlgorithm
from werkzeug.http import dump_cookie

CSRF_SALT = "wtf-csrf-token"  # Flask-WTF's, so its validate_csrf accepts our tokens
MAX_VERIFIED = 10_000  # cookies remembered per worker; then the memory starts again
NOT_PLAIN = object()  # a session holding more than a CSRF token: Flask must handle it


_URL_SAFE = bytes.maketrans(b"+/", b"-_")


def url_safe_base64(data: bytes) -> bytes:
    """itsdangerous' base64_encode (URL-safe alphabet, no padding), in C calls only."""
    return binascii.b2a_base64(data, newline=False).translate(_URL_SAFE).rstrip(b"=")


class QuickSigner:
    """`TimestampSigner.sign` of an itsdangerous signer, with its key derived once, the HMAC
    state keyed once and the timestamp's text made once per second. Checking
    stays with itsdangerous."""

    def __init__(self, signer: TimestampSigner) -> None:
        if not isinstance(signer.algorithm, HMACAlgorithm):
            raise TypeError("QuickSigner signs only with HMAC, as Flask and Flask-WTF do")
        # The keyed HMAC state, copied per signature: keying it again costs twice as much.
        self.keyed = hmac.new(signer.derive_key(), digestmod=signer.algorithm.digest_method)
        self.sep = want_bytes(signer.sep)
        self._second: tuple[int, bytes] = (-1, b"")

    def sign(self, value: bytes) -> bytes:
        value = value + self._timestamp()
        mac = self.keyed.copy()
        mac.update(value)
        return value + self.sep + url_safe_base64(mac.digest())

    def _timestamp(self) -> bytes:
        """The separator and the signing second, as the signer writes them."""
        now = int(time.time())
        second, text = self._second
        if second != now:
            text = self.sep + url_safe_base64(int_to_bytes(now))
            self._second = (now, text)
        return text


class ReaderSessions:
    def __init__(self, app: Flask) -> None:
        interface = app.session_interface
        self.cookie_name = interface.get_cookie_name(app)
        self.cookie_options = {
            "domain": interface.get_cookie_domain(app),
            "path": interface.get_cookie_path(app),
            "secure": interface.get_cookie_secure(app),
            "httponly": interface.get_cookie_httponly(app),
            "samesite": interface.get_cookie_samesite(app),
            "partitioned": interface.get_cookie_partitioned(app),
        }
        self.session_serializer = interface.get_signing_serializer(app)
        self.max_age = int(app.permanent_session_lifetime.total_seconds())
        secret = app.config.get("WTF_CSRF_SECRET_KEY") or app.secret_key
        # Signers made once: the serializers make a new one on every dumps.
        self.session_signer = QuickSigner(self.session_serializer.make_signer())
        self.csrf_signer = QuickSigner(URLSafeTimedSerializer(secret, salt=CSRF_SALT).make_signer())
        self.field = app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
        # Cookies already verified, with what they held and until when they are valid: a
        # returning reader's cookie is checked once per worker, not on every page (40 us).
        self.verified: dict[str, tuple[object, float]] = {}
        # The cookie's attributes never change: dumped once, around a placeholder value.
        self.cookie_head, _, self.cookie_tail = dump_cookie(
            self.cookie_name, "x", **self.cookie_options).partition("=x")

    def csrf_of(self, cookie: str | None):
        """The raw CSRF token of a session cookie that holds nothing else; None for no (or a
        forged or expired) session, which Flask too would replace with a new one; NOT_PLAIN
        when the session holds anything more (a login, flashed messages, held comments)."""
        if not cookie:
            return None
        known = self.verified.get(cookie)
        if known is not None and time.time() < known[1]:
            return known[0]
        try:
            data, signed_at = self.session_serializer.loads(cookie, max_age=self.max_age,
                                                            return_timestamp=True)
        except BadSignature:
            return None
        if not data:
            return None
        raw = data.get(self.field) if isinstance(data, dict) else None
        found = raw if len(data) == 1 and isinstance(raw, str) else NOT_PLAIN
        if len(self.verified) >= MAX_VERIFIED:
            self.verified = {}
        self.verified[cookie] = (found, signed_at.timestamp() + self.max_age)
        return found

    def sign(self, raw: str) -> str:
        """The token that goes in a form, as Flask-WTF's generate_csrf signs it."""
        return _signed(self.csrf_signer, raw)

    def start(self) -> tuple[str, str]:
        """A new session holding only a CSRF token: (its signed form token, its Set-Cookie)."""
        # 40 hex digits, as Flask-WTF's sha1 of 64 random bytes gives: 160 random bits either
        # way, without hashing them.
        raw = os.urandom(20).hex()
        value = _signed(self.session_signer, {self.field: raw})  # base64 and dots: no quoting
        return self.sign(raw), f"{self.cookie_head}={value}{self.cookie_tail}"


def _signed(signer: QuickSigner, value: str | dict[str, str]) -> str:
    """`dumps` of a URL-safe serializer, without the compression attempt: compact ASCII JSON
    (for strings alone, the same as Flask's tagged JSON), base64, then the signer's timestamp
    and signature."""
    if isinstance(value, dict):
        json_text = "{" + ",".join(f"{encode_basestring_ascii(k)}:{encode_basestring_ascii(v)}"
                                   for k, v in value.items()) + "}"
    else:
        json_text = encode_basestring_ascii(value)
    return signer.sign(url_safe_base64(json_text.encode())).decode("ascii")
