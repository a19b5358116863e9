"""WordPress content no WordPress site holds but an export file can: shortcodes nested a
thousand deep, runs of brackets, unclosed <pre> and comments. Converted as text, in one pass."""

from collections import Counter

from blog.wxr import shortcodes
from blog.wxr.wordpress_content import expand_shortcodes, wordpress_to_html


def test_shortcodes_nested_a_thousand_deep_expand_to_twenty_levels():
    names = [f"s{n}" for n in range(1000)]
    content = "".join(f"[{n}]" for n in names) + "core" + "".join(f"[/{n}]" for n in names[::-1])
    unknown: Counter = Counter()
    out = expand_shortcodes(content, unknown)
    assert "core" in out
    assert sum(unknown.values()) == shortcodes.MAX_NESTING + 1
    assert out == content  # unknown shortcodes stay the text they are


def test_runs_of_brackets_stay_the_text_they_are():
    text = "[a " * 16_000  # 47 KiB: the old pattern read the rest of the post for each "["
    assert expand_shortcodes(text) == text
    assert "[a [a [a" in wordpress_to_html(text)


def test_enclosing_escaped_and_self_closing_shortcodes():
    unknown: Counter = Counter()
    out = expand_shortcodes('[[gallery]] [note type="x"]Hi [b]x[/b][/note] [hr/] [/stray]',
                            unknown)
    assert out == '[gallery] [note type="x"]Hi [b]x[/b][/note] [hr/] [/stray]'
    assert unknown == Counter({"note": 1, "b": 1, "hr": 1})
    assert expand_shortcodes("[embed]https://example.com/v[/embed]") == \
        '<a href="https://example.com/v">https://example.com/v</a>'


def test_unclosed_pre_and_comments_are_kept():
    for text in ("<pre>" * 5000, "<!--" * 5000, "<p>[caption]" * 3000):
        assert wordpress_to_html(text)  # converted, not an error
