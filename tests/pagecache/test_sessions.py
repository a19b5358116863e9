"""Sessions and CSRF tokens made outside Flask are the ones Flask and Flask-WTF make and accept."""

import time

from flask import session
from flask_wtf.csrf import validate_csrf
from itsdangerous import URLSafeTimedSerializer

from blog.pagecache.sessions import CSRF_SALT, NOT_PLAIN, QuickSigner, ReaderSessions, _signed


def test_quick_signatures_are_byte_for_byte_itsdangerous(app, monkeypatch):
    monkeypatch.setattr(time, "time", lambda: 1_790_000_000.25)
    for serializer in (app.session_interface.get_signing_serializer(app),
                       URLSafeTimedSerializer(app.secret_key, salt=CSRF_SALT)):
        signer = serializer.make_signer()
        for payload in (b"eyJhIjoiYiJ9", b"", b"x" * 300):
            assert QuickSigner(signer).sign(payload) == signer.sign(payload)


def test_a_signer_kept_across_seconds_stamps_each_signature_with_its_own_second(app,
                                                                              monkeypatch):
    signer = app.session_interface.get_signing_serializer(app).make_signer()
    quick = QuickSigner(signer)
    for now in (1_790_000_000.9, 1_790_000_001.1, 1_790_000_001.7, 1_790_000_060.0):
        monkeypatch.setattr(time, "time", lambda now=now: now)
        assert quick.sign(b"payload") == signer.sign(b"payload")


def test_new_sessions_and_tokens_are_byte_for_byte_what_the_serializers_dump(app, monkeypatch):
    monkeypatch.setattr(time, "time", lambda: 1_790_000_000.5)
    sessions = ReaderSessions(app)
    raw = "3c8e1f0d9a7b24c6e5f1a08d7b3c92e4f6a1d05b"  # random-looking: zlib cannot shrink it
    session_serializer = app.session_interface.get_signing_serializer(app)
    csrf_serializer = URLSafeTimedSerializer(app.secret_key, salt=CSRF_SALT)
    assert _signed(sessions.session_signer, {"csrf_token": raw}) == \
        session_serializer.dumps({"csrf_token": raw})
    assert sessions.sign(raw) == csrf_serializer.dumps(raw)


def test_a_new_session_is_read_by_flask_and_its_token_passes_flask_wtf(app):
    sessions = ReaderSessions(app)
    token, set_cookie = sessions.start()
    name, _, rest = set_cookie.partition("=")
    value = rest.split(";", 1)[0]
    assert name == app.config["SESSION_COOKIE_NAME"]
    assert "HttpOnly" in set_cookie and "SameSite=Lax" in set_cookie
    with app.test_request_context(headers={"Cookie": f"{name}={value}"}):
        assert list(session) == ["csrf_token"]
        validate_csrf(token)  # raises when the token does not match the session
    assert sessions.csrf_of(value) == session_token(app, value)


def session_token(app, value: str) -> str:
    return app.session_interface.get_signing_serializer(app).loads(value)["csrf_token"]


def test_only_a_session_holding_just_a_token_counts_as_plain(app):
    sessions = ReaderSessions(app)
    serializer = app.session_interface.get_signing_serializer(app)
    assert sessions.csrf_of(None) is None
    assert sessions.csrf_of("forged.value.here") is None  # Flask too starts a new session
    assert sessions.csrf_of(serializer.dumps({"csrf_token": "abc"})) == "abc"
    for personal in ({"csrf_token": "abc", "_user_id": "1"}, {"held_comments": [3]},
                     {"_flashes": [("message", "Saved")]}, {"csrf_token": 5}):
        assert sessions.csrf_of(serializer.dumps(personal)) is NOT_PLAIN


def test_a_reader_with_a_forged_session_gets_a_new_one_that_works(app, make, visitor):
    post = make.post(slug="forged")
    make.comment(post, author_email="ada@example.com")
    visitor().get("/forged/")
    visitor().get("/forged/")
    reader = visitor()
    reader.set_cookie(app.config["SESSION_COOKIE_NAME"], "not.a.valid-session")
    page = reader.get("/forged/")
    assert "Set-Cookie" in page.headers
    html = page.get_data(as_text=True)
    from tests.conftest import csrf_token_from
    from tests.pagecache.test_layer import STAMP_RE
    data = {"csrf_token": csrf_token_from(html), "stamp": STAMP_RE.search(html).group(1),
            "name": "Ada", "email": "ada@example.com", "body": "Fresh session."}
    assert reader.post("/forged/comments", data=data).status_code == 303


def test_a_remembered_cookie_stops_counting_when_its_session_expires(app, monkeypatch):
    sessions = ReaderSessions(app)
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now)
    _, set_cookie = sessions.start()
    value = set_cookie.partition("=")[2].split(";", 1)[0]
    assert sessions.csrf_of(value) == session_token(app, value)  # verified, and remembered
    monkeypatch.setattr(time, "time", lambda: now + sessions.max_age + 5)
    assert sessions.csrf_of(value) is None  # as Flask, which starts a new session
