"""Every public form field and every URL rule, found from the app itself (the forms on its pages,
its URL map), driven with any Unicode: brackets, controls, bidi marks, lone surrogates,
over-long numbers. A form or route added later is covered without touching this file. Never a
5xx."""

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from blog import create_app
from tests.security._fuzz import FUZZ, assert_no_server_error, nasty_text, url_value

PASSWORD = "correct horse battery staple"
# Pages a visitor without a login can reach that hold forms (the article: comments; every page:
# search; the login page). A form another page adds is found here too.
PUBLIC_PAGES = ["/", "/open/", "/search/?q=open", "/admin/login", "/about/"]

# Every field of every form gets each of these; hypothesis then mixes in anything else.
HOSTILE = ["[", "]", "[…]", "https://[", "http://[::1", "https://e.example/[a]`\"<>",
           "\u202eevil.example", "\u2066x\u2069", "\x85", "\x00", "\ud800", "\udfff",
           "9" * 40, "-" + "9" * 40, "1e999", "¹²", "{{7*7}}", "<blockquote>" * 300,
           "a" * 20_000]
unicode_text = st.one_of(
    nasty_text,
    st.text(alphabet=st.characters(codec=None, categories=None), max_size=40),  # surrogates too
    st.sampled_from(HOSTILE),
    st.integers(-(10**40), 10**40).map(str),
)


@dataclass(frozen=True)
class Form:
    page: str
    action: str
    method: str
    fields: tuple[tuple[str, str], ...]  # (name, value as rendered)


class _Forms(HTMLParser):
    def __init__(self, page: str):
        super().__init__()
        self.page, self.forms, self._current = page, [], None

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._current = [(attrs.get("action") or self.page).split("#")[0],
                             attrs.get("method", "get").lower(), []]
        elif tag in ("input", "textarea", "select", "button") and self._current is not None \
                and attrs.get("name"):
            self._current[2].append((attrs["name"], attrs.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "form" and self._current is not None:
            action, method, fields = self._current
            self.forms.append(Form(self.page, action, method, tuple(fields)))
            self._current = None


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from flask_migrate import upgrade

    from blog.extensions import db
    from tests.factories import Factory

    folder = tmp_path_factory.mktemp("fuzz-forms")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI":
                      f"sqlite:///{folder / 'blog.sqlite3'}", "SECRET_KEY": "fuzz",
                      "RATELIMIT_ENABLED": False, "COMMENTS_MIN_SECONDS": 0,
                      "UPLOAD_FOLDER": str(folder / "uploads")})
    with app.app_context():
        upgrade()
    make = Factory(app, db)
    make.admin(username="admin", password=PASSWORD)
    post = make.post(title="Open for comments", slug="open", allow_comments=True)
    make.comment(post, body="An approved comment")
    make.post(title="About", slug="about", type="page")
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _forms(app) -> list[Form]:
    client = app.test_client()
    found = []
    for page in PUBLIC_PAGES:
        parser = _Forms(urlsplit(page).path)
        parser.feed(client.get(page).get_data(as_text=True))
        found += parser.forms
    return found


def test_the_forms_found_include_every_public_form(site):
    actions = {(f.action.split("?")[0], f.method) for f in _forms(site)}
    assert {("/open/comments", "post"), ("/admin/login", "post"), ("/search/", "get")} \
        <= actions


def _encoded(pairs) -> bytes:
    """Form encoding that keeps lone surrogates (as the bytes a broken client would send)."""
    return "&".join(f"{quote(k.encode('utf-8', 'surrogatepass'), safe='')}="
                    f"{quote(v.encode('utf-8', 'surrogatepass'), safe='')}"
                    for k, v in pairs).encode("ascii")


def _send(site, form: Form, target: str, value: str):
    """The form as a browser would send it from a fresh visit, `target` set to `value`."""
    client = site.test_client()
    fresh = _Forms(urlsplit(form.page).path)
    fresh.feed(client.get(next(p for p in PUBLIC_PAGES if urlsplit(p).path == form.page))
               .get_data(as_text=True))
    form = next(f for f in fresh.forms if f.action == form.action and f.method == form.method)
    pairs = [(name, value if name == target else (current or "x"))
             for name, current in form.fields]
    if form.method == "get":
        response = client.get(form.action, query_string=_encoded(pairs).decode())
    else:
        response = client.post(form.action, data=_encoded(pairs),
                               content_type="application/x-www-form-urlencoded")
    assert_no_server_error(response, repr((form.action, target, value[:200])))


def test_each_hostile_value_in_each_public_form_field_is_answered(site):
    for form in _forms(site):
        for target in dict.fromkeys(name for name, _ in form.fields):
            for value in HOSTILE:
                _send(site, form, target, value)


@FUZZ
@given(data=st.data(), value=unicode_text)
def test_any_value_in_any_public_form_field_is_answered(site, data, value):
    form = data.draw(st.sampled_from(_forms(site)))
    _send(site, form, data.draw(st.sampled_from([name for name, _ in form.fields])), value)


def _rules(app) -> list[str]:
    return sorted({rule.rule for rule in app.url_map.iter_rules()
                   if "GET" in rule.methods and rule.arguments})


def _fill(rule: str, values: list[str]) -> str:
    parts = iter(values)
    return re.sub(r"<[^>]+>", lambda _m: next(parts), rule)


@FUZZ
@given(data=st.data(), values=st.lists(st.one_of(
    url_value,
    unicode_text.map(lambda v: quote(v.encode("utf-8", "surrogatepass"), safe="")),
    st.integers(0, 9999).map(lambda n: f"{n:04d}"),  # years and months, all of them
    st.integers(0, 99).map(lambda n: f"{n:02d}"),
    st.sampled_from(["9999", "0000", "12", "00", "31", str(2**31), "9" * 30]),
), min_size=4, max_size=4))
def test_every_url_rule_answers_any_value_in_each_of_its_parts(site, data, values):
    rule = data.draw(st.sampled_from(_rules(site)))
    url = _fill(rule, [v or "x" for v in values])
    response = site.test_client().get(url)
    assert_no_server_error(response, url)


def test_every_url_rule_is_fuzzed(site):
    rules = _rules(site)
    assert "/<path:path>/" in rules and "/uploads/<year>/<month>/<filename>" in rules
    assert len(rules) >= 20
