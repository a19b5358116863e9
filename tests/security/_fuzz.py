"""Shared hypothesis strategies and checks for the fuzz tests: nasty text of every kind."""

import os
from urllib.parse import quote, quote_from_bytes

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# A bounded budget: ~100 examples per route family keeps the module quick on a shared 2-core
# machine. FUZZ_EXAMPLES=1000 for a deeper run.
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "100")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large],
)

TEMPLATE_INJECTION = "{{7*7}}"

NASTY = [
    TEMPLATE_INJECTION,
    "{% for x in range(3) %}x{% endfor %}",
    "${7*7}", "#{7*7}", "<%= 7*7 %>",
    "' OR '1'='1' --", "1; DROP TABLE post; --", "\" OR \"\"=\"", "1' UNION SELECT 1,2,3--",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)",
    "\x00", "a\x00b", "\u202eevil\u202c", "\u200f\u200e", "\ufeff", "\uffff", "𝕳𝖊𝖑𝖑𝖔 👩‍💻",
    "../../../../etc/passwd", "..%2f..%2f", "%00", "%", "%%", "%zz", "%ff%fe",
    "\r\nSet-Cookie: a=b", "A" * 100_000, "9" * 40, "-1", "0", "1e309", "NaN",
    " ", "\t", "\n", "/", "//", "?", "#", "&", "=", ";", "\\",
    "¹", "²³", "١٢", "Ⅻ", "𝟗",  # digits to str.isdigit(), not always to int()
]

nasty_text = st.one_of(
    st.text(max_size=60),
    st.sampled_from(NASTY),
    st.builds(lambda a, b, c: a + b + c, st.text(max_size=10), st.sampled_from(NASTY),
              st.text(max_size=10)),
)

# Raw bytes, percent-encoded into URLs: invalid UTF-8, overlongs, lone surrogates, NULs.
nasty_bytes = st.one_of(
    st.binary(max_size=40),
    st.sampled_from([b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\x00", b"\xe2\x80\xae", b"\x80"]),
)


def url_part(value: str | bytes) -> str:
    """Percent-encode text (as UTF-8) or raw bytes for a path segment or query value."""
    if isinstance(value, bytes):
        return quote_from_bytes(value, safe="")
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


url_value = st.one_of(nasty_text.map(url_part), nasty_bytes.map(url_part))


def assert_no_server_error(response, sent: str) -> None:
    assert response.status_code < 500, (response.status_code, sent[:300])


def assert_template_not_evaluated(response, sent: str, baseline) -> None:
    """Where {{7*7}} was typed, the page must not say 49 (more often than the same page
    does without it)."""
    if TEMPLATE_INJECTION in sent or quote(TEMPLATE_INJECTION, safe="") in sent:
        body = response.get_data(as_text=True)
        assert body.count("49") <= baseline().get_data(as_text=True).count("49"), sent[:300]
