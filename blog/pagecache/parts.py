"""Reader parts: the pieces of a cached page that differ between readers (a form's CSRF token and
signed values, a remembered name, a reader's own held comments).

A domain owns each part and registers it (comments registers its form). A template marks where
it goes with `{% call reader_part("name", obj) %}…{% endcall %}`: rendered for the cache, the
call leaves a marker, the page is stored as the text around its holes, and every request fills
each hole for its reader. So a cached page never carries one reader's token or details to
another.

Most readers are "plain": the part differs for them only in signed values. For them it is
rendered once, kept with the page with those values replaced by slots, and each request only
signs fresh values into the slots (`csrf`, the page cache's own, or a kind the part signs).
Anyone else gets the part rendered in full for them.
"""

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app, g
from markupsafe import Markup

from blog.pagecache.post_versions import Versions
from blog.pagecache.store import CachedPage, Hole, PlainPart

CSRF = "csrf"
FILL_KEY = "_page_cache_fill"
# Random per process, so no stored content can ever forge it.
MARKER = f"<!--reader-part-{secrets.token_hex(8)}-->"

Signer = Callable[[Any], str]


@dataclass(frozen=True)
class ReaderPart:
    name: str
    # What the page keeps of the object the template passes (small and picklable).
    snapshot: Callable[[Any], Any]
    # Inside Flask: the part in full, for this reader.
    render: Callable[[Any], str]
    # Inside Flask: whether this reader gets the plain part.
    is_plain: Callable[[], bool]
    # Inside Flask, for a plain reader: the part's HTML and each signed value in it, by kind.
    # Every value given must appear in the HTML exactly once.
    render_plain: Callable[[Any], tuple[str, dict[str, str]]]
    # Kinds of value the part signs itself: kind → factory(app) → sign(snapshot). Each runs
    # with or without a request, so the layer in front of Flask signs the same values.
    signers: Mapping[str, Callable[[Flask], Signer]] = field(default_factory=dict)
    # Cookies whose holder is not plain: the layer in front of Flask leaves them to Flask.
    personal_cookies: frozenset[str] = frozenset()


def register_part(app: Flask, part: ReaderPart) -> None:
    app.extensions.setdefault("page_parts", {})[part.name] = part


def registered_parts(app: Flask) -> dict[str, ReaderPart]:
    return app.extensions.get("page_parts", {})


def part_signers(app: Flask) -> dict[str, Signer]:
    """Every registered kind of signed value, made once per app."""
    signers = app.extensions.get("page_part_signers")
    if signers is None:
        signers = {kind: make(app) for part in registered_parts(app).values()
                   for kind, make in part.signers.items()}
        app.extensions["page_part_signers"] = signers
    return signers


@dataclass
class Fill:
    """A page being rendered for the cache: its key, generation, the post versions read before
    rendering, the holes and posts met so far, and the stale page it replaces, if any."""

    key: str
    generation: str
    versions: Versions = field(default_factory=lambda: Versions(0, None))
    holes: list[Hole] = field(default_factory=list)
    posts: set[int] = field(default_factory=set)
    previous: CachedPage | None = None


def reader_part(name: str, obj: Any, caller) -> Markup:
    """Template call-block: the part for this reader, or a marker when rendering for the cache."""
    fill: Fill | None = g.get(FILL_KEY)
    if fill is None:
        return caller()
    part = registered_parts(current_app)[name]
    fill.holes.append(Hole(name, part.snapshot(obj)))
    return Markup(MARKER)  # noqa: S704 (our own constant)


def cut_holes(html: str, holes: list[Hole]) -> tuple[str, ...] | None:
    """The text around the page's holes, or None when the markers and holes disagree."""
    pieces = tuple(html.split(MARKER))
    return pieces if len(pieces) == len(holes) + 1 else None


def plain_part(part: ReaderPart, context: Any) -> PlainPart | None:
    """Render the part for this (plain) reader and cut its signed values out; None when a value
    is not found exactly once (the part is then rendered per reader)."""
    html, values = part.render_plain(context)
    slots = []
    for kind, value in values.items():
        if not value or html.count(value) != 1:
            return None
        slot = f"{kind}-slot-{secrets.token_hex(12)}"
        html = html.replace(value, slot)
        slots.append((slot, kind))
    return PlainPart(html, tuple(slots))
