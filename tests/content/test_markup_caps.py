"""Hostile shapes of HTML: every one is cleaned (never a RecursionError), within the caps, with
what is past them shown as text; the comment form refuses them with a message instead."""

from html.parser import HTMLParser

import pytest

from blog.content.sanitize import (
    COMMENT_LIMITS,
    POST_LIMITS,
    clean_comment_html,
    clean_post_html,
    comment_markup_problem,
    plain_text,
)

VOID = {"br", "img", "hr"}


class _Tree(HTMLParser):
    """The deepest nesting and the elements of some HTML, read without recursion."""

    def __init__(self, html: str):
        super().__init__()
        self.depth = self.deepest = 0
        self.count: dict[str, int] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.count[tag] = self.count.get(tag, 0) + 1
        if tag not in VOID:
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)

    def handle_endtag(self, tag):
        if tag not in VOID:
            self.depth -= 1


SHAPES = {
    "3,300 <b> tags (9.9 KB)": "<b>" * 3300,
    "800 nested quotes": "<blockquote>" * 800 + "deep" + "</blockquote>" * 800,
    "3,000 list items": "<ul>" + "<li>item" * 3000 + "</ul>",
    "mixed unclosed formatting": "<b><i><em><strong><s><code>" * 500,
    "closed tags, many": "<em>x</em> " * 900,
    "distinct attributes defeat the parser's own dedup": "".join(
        f'<abbr title="{n}">' for n in range(1500)),
}


@pytest.mark.parametrize("text", SHAPES.values(), ids=SHAPES.keys())
def test_a_hostile_comment_is_cleaned_within_the_caps(text):
    tree = _Tree(str(clean_comment_html(text)))
    # Every comment is wrapped in at most a <p> and one list or quote around the caps.
    assert tree.deepest <= COMMENT_LIMITS.max_depth + COMMENT_LIMITS.max_formatting + 2
    assert sum(tree.count.values()) <= COMMENT_LIMITS.max_tags + 3
    assert tree.count.get("li", 0) <= COMMENT_LIMITS.max_items


@pytest.mark.parametrize("text", SHAPES.values(), ids=SHAPES.keys())
def test_the_form_refuses_a_comment_past_the_caps(text):
    assert comment_markup_problem(text)


def test_markup_past_the_caps_is_shown_as_the_text_typed():
    html = str(clean_comment_html("<blockquote>" * 40 + "deep" + "</blockquote>" * 40))
    assert "deep" in html
    assert "&lt;blockquote&gt;" in html  # the quotes past the depth cap, as typed


def test_ordinary_rich_comments_are_within_the_caps():
    text = ("<blockquote><blockquote><b>quoted <em>twice</em></b></blockquote></blockquote>\n\n"
            + "<ul>" + "<li>point <code>x &lt; y</code></li>" * 40 + "</ul>\n\n"
            + "See https://example.com/a and <a href='https://example.org'>this</a>.")
    assert comment_markup_problem(text) is None
    tree = _Tree(str(clean_comment_html(text)))
    assert tree.count["li"] == 40 and tree.count["blockquote"] == 2 and tree.count["a"] == 2


def test_disallowed_tags_do_not_count_against_the_tag_cap():
    """C++ in a comment: 300 "<int>" are shown as text, never a refusal."""
    text = "vector<int> " * 300
    assert comment_markup_problem(text) is None
    assert "vector&lt;int&gt;" in str(clean_comment_html(text))


def test_a_post_nested_100000_deep_is_cleaned_flat_past_the_post_depth():
    html = str(clean_post_html("<div>" * 100_000 + "bottom" + "</div>" * 100_000))
    assert "bottom" in html
    assert _Tree(html).deepest <= POST_LIMITS.max_depth + POST_LIMITS.max_formatting


def test_formatting_reopened_by_the_parser_cannot_nest_without_bound():
    """The parser re-opens formatting elements a block closed; with distinct attributes they
    escape its own limit of three: each round here would add 20 levels."""
    round_ = "<div>" + "".join(f'<b title="{n}">' for n in range(20)) + "</div>x"
    html = str(clean_post_html(round_ * 2000))
    assert _Tree(html).deepest <= 4 * (POST_LIMITS.max_depth + POST_LIMITS.max_formatting)


def test_search_text_of_a_deep_post_is_its_words():
    assert plain_text("<p>" + "<span>" * 50_000 + "one</span><p>two") == "one two"


@pytest.mark.parametrize("text", [
    '<a href=\'https://example.com/"><script>alert(1)</script>\'>x</a>',
    "<a href='https://example.com/a`b[c]{d}|e^f'>x</a>",
    "<a href='https://exa mple.com/'>x</a>",
    "see https://example.com/\u202eevil and www.example.org/a\"b",
    "<a href='mailto:me@example.com?subject=hi there'>mail</a>",
])
def test_every_href_in_a_comment_is_a_valid_url(text):
    from urllib.parse import urlsplit

    tree_links = []

    class Links(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "a":
                tree_links.append(dict(attrs)["href"])

    Links().feed(str(clean_comment_html(text)))
    for href in tree_links:
        assert all(33 <= ord(ch) < 127 and ch not in '"<>`{}|\\^[] ' for ch in href), href
        parts = urlsplit(href)
        assert parts.scheme in ("http", "https", "mailto"), href
