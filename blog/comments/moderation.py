"""The rules that decide a new comment's status, each decision with a reason for the admin.

Pure functions over the submission and the settings; the only database question (has this
email an approved comment?) is asked through a callable so it is asked only when needed.
"""

import hashlib
import hmac
import re
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from blog.models import utcnow
from blog.site_settings import site_setting

APPROVED, PENDING, SPAM = "approved", "pending", "spam"
_LINK_RE = re.compile(r"<a\s[^<>]*?href=", re.IGNORECASE)  # stops at the next tag


@dataclass(frozen=True)
class Verdict:
    status: str
    reason: str


@dataclass(frozen=True)
class Candidate:
    """What the commenter sent, already validated and sanitised."""

    name: str
    email: str
    website: str
    body_source: str
    body_html: str
    ip: str
    ip_hash: str
    honeypot: str
    stamp: str
    post_id: int


def ip_hash(ip: str) -> str:
    """We keep no IP address, only an HMAC of it: enough to match repeat visits or a ban."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, ip.encode(), hashlib.sha256).hexdigest()


def stamp_serializer(secret_key: str) -> URLSafeTimedSerializer:
    """Signs form stamps; the cached-page layer keeps one outside any request."""
    return URLSafeTimedSerializer(secret_key, salt="comment-form-stamp")


def _stamp_serializer() -> URLSafeTimedSerializer:
    return stamp_serializer(current_app.config["SECRET_KEY"])


def form_stamp(post_id: int) -> str:
    """A signed "this form was rendered now, for this post", checked when it comes back."""
    return _stamp_serializer().dumps(post_id)


def stamp_problem(stamp: str, post_id: int) -> str | None:
    """Why the form's timestamp says "not a person", or None when it looks human."""
    max_hours = float(current_app.config["COMMENTS_MAX_FORM_AGE_HOURS"])
    min_seconds = float(current_app.config["COMMENTS_MIN_SECONDS"])
    serializer = _stamp_serializer()
    try:
        signed_for, signed_at = serializer.loads(
            stamp, max_age=max_hours * 3600, return_timestamp=True
        )
    except SignatureExpired:
        return f"the form was more than {max_hours:g} hours old"
    except BadSignature:
        return "the form's timestamp was missing or forged"
    if signed_for != post_id:
        return "the form's timestamp belongs to another post"
    # The signature keeps whole seconds, so the age is known to within a second.
    age = (utcnow() - signed_at).total_seconds()
    if age < min_seconds:
        return f"sent {age:.0f} s after the form loaded (minimum {min_seconds:g} s)"
    return None


def disallowed_entries() -> list[str]:
    raw = site_setting("COMMENTS_DISALLOWED") or ""
    return [line.strip() for line in str(raw).splitlines() if line.strip()]


def disallowed_match(candidate: Candidate) -> str | None:
    """The first disallowed word, email or IP (or IP hash) found in what was sent, like
    WordPress: a case-insensitive substring of the name, email, website, text or address."""
    # One text (entries are single lines, so none matches across the joins): one search per
    # entry, each linear in what was sent.
    haystack = "\n".join((candidate.name, candidate.email, candidate.website,
                          candidate.body_source)).lower()
    for entry in disallowed_entries():
        needle = entry.lower()
        if needle in (candidate.ip.lower(), candidate.ip_hash) or needle in haystack:
            return entry
    return None


def count_links(body_html: str) -> int:
    return len(_LINK_RE.findall(body_html))


def judge(candidate: Candidate, has_approved_comment: Callable[[str], bool]) -> Verdict:
    """Spam traps first (quietly), then the disallowed list, then the reasons to hold."""
    if candidate.honeypot:
        return Verdict(SPAM, "Spam: the hidden honeypot field was filled in.")
    problem = stamp_problem(candidate.stamp, candidate.post_id)
    if problem:
        return Verdict(SPAM, f"Spam: {problem}.")
    entry = disallowed_match(candidate)
    if entry:
        return Verdict(SPAM, f"Spam: matched the disallowed list entry “{entry}”.")

    holds = []
    max_links = int(site_setting("COMMENTS_MAX_LINKS") or 0)
    links = count_links(candidate.body_html)
    if max_links and links >= max_links:
        holds.append(f"it has {links} links (held at {max_links} or more)")
    first_time = bool(site_setting("COMMENTS_HOLD_FIRST_TIME"))
    if first_time and not has_approved_comment(candidate.email):
        holds.append("first comment from this email address")
    if holds:
        return Verdict(PENDING, "Held: " + "; ".join(holds) + ".")
    if first_time:
        return Verdict(APPROVED, "Approved: this email address has an approved comment.")
    return Verdict(APPROVED, "Approved: passed every rule.")
