"""Nothing a commenter types can run script in a reader's browser; friendly markup survives."""

import threading
from html.parser import HTMLParser

import pytest
from markupsafe import Markup

from blog.content.sanitize import clean_comment_html

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href=" javascript:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="https://ok.example" onclick="alert(1)" onmouseover="alert(2)">x</a>',
    "<svg onload=alert(1)><circle r=10 /></svg>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<b style="position:fixed;top:0">overlay</b>',
    "<iframe src=https://evil.example></iframe>",
    "<object data=x></object><embed src=x>",
    "<form action=https://evil.example><input name=q></form>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<meta http-equiv=refresh content='0;url=https://evil.example'>",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "<style>body{display:none}</style>",
    "<scr<script>ipt>alert(1)</script>",
    "<<script>alert(1)//<</script>",
    '<a href="https://ok.example"<script>alert(1)</script>',
    "<b>unclosed <i>tags <a href='http://x.example'>and links",
    "<!--<script>alert(1)</script>-->",
    '"><script>alert(1)</script>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<a href=\"http://ok.example\" title='x\" onmouseover=\"alert(1)'>t</a>",
    "<blockquote cite=\"javascript:alert(1)\">q</blockquote>",
    "<abbr title=\"x\" onclick=\"alert(1)\">abbr</abbr>",
    "<img src=\"data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=\">",
]


class _Tags(HTMLParser):
    """What a browser would build: every element with its attributes."""

    def __init__(self, html: str):
        super().__init__()
        self.found: list[tuple[str, dict[str, str]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, {k: v or "" for k, v in attrs}))

ALLOWED = {"a", "abbr", "b", "blockquote", "br", "cite", "code", "del", "em", "i", "li", "ol",
           "p", "pre", "q", "s", "strike", "strong", "ul"}


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_cannot_make_active_markup(text):
    html = clean_comment_html(text)
    assert isinstance(html, Markup)
    for name, attrs in _Tags(str(html)).found:
        assert name in ALLOWED, (name, html)
        assert set(attrs) <= {"href", "rel", "title"}, html
        href = attrs.get("href")
        if href is not None:
            assert href.startswith(("http://", "https://", "mailto:")), html
            assert attrs["rel"] == "nofollow ugc noopener", html


@pytest.mark.parametrize("text, shown", [
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
    ("<svg onload=alert(1)>", "&lt;svg onload=alert(1)&gt;"),
    ("1 < 2 && 3 > 2", "1 &lt; 2 &amp;&amp; 3 &gt; 2"),
])
def test_disallowed_tags_are_shown_as_the_text_typed(text, shown):
    assert shown in str(clean_comment_html(text))


def test_refused_link_keeps_its_words():
    assert str(clean_comment_html('<a href="javascript:alert(1)">click me</a>')) == \
        "<p>click me</p>"


@pytest.mark.parametrize("text, expected", [
    ("Plain words.", "<p>Plain words.</p>"),
    ("line one\nline two", "<p>line one<br>\nline two</p>"),
    ("para one\n\npara two", "<p>para one</p><p>para two</p>"),
    ("windows\r\n\r\nlines", "<p>windows</p><p>lines</p>"),
    ("<b>bold</b> <i>it</i> <em>em</em> <strong>st</strong> <del>d</del> <s>s</s>",
     "<p><b>bold</b> <i>it</i> <em>em</em> <strong>st</strong> <del>d</del> <s>s</s></p>"),
    ("<code>x < y</code>", "<p><code>x &lt; y</code></p>"),
    ("<pre><code>if a < b:\n\n    go()</code></pre>",
     "<pre><code>if a &lt; b:\n\n    go()</code></pre>"),
    ("<ul><li>one</li><li>two</li></ul>", "<ul><li>one</li><li>two</li></ul>"),
    ("intro\n<ol><li>one</li></ol>", "<p>intro</p><ol><li>one</li></ol>"),
    ("<blockquote>quoted\n\nmore</blockquote>",
     "<blockquote><p>quoted</p><p>more</p></blockquote>"),
    ('<abbr title="HyperText">HTML</abbr> <q>q</q> <cite>c</cite>',
     '<p><abbr title="HyperText">HTML</abbr> <q>q</q> <cite>c</cite></p>'),
    ('<a href="https://example.com/a?b=1&amp;c=2">link</a>',
     '<p><a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc noopener">link</a></p>'),
    ('<a href="mailto:me@example.com">mail</a>',
     '<p><a href="mailto:me@example.com" rel="nofollow ugc noopener">mail</a></p>'),
    ("see https://example.com/page now",
     '<p>see <a href="https://example.com/page" rel="nofollow ugc noopener">'
     "https://example.com/page</a> now</p>"),
    ('<a href="http://x.example" rel="follow" target="_blank">x</a>',
     '<p><a href="http://x.example" rel="nofollow ugc noopener">x</a></p>'),
    ("<code>https://not-linked.example</code>", "<p><code>https://not-linked.example</code></p>"),
    ("   ", ""),
])
def test_friendly_markup(text, expected):
    assert str(clean_comment_html(text)) == expected


def test_cleaning_is_stable_when_run_again():
    once = str(clean_comment_html("a <b>b\n\nc</b> http://x.example <script>s</script>"))
    assert str(clean_comment_html(once)) == once


def test_comments_cleaned_on_many_threads_at_once_come_out_as_cleaned_alone():
    """granian serves several requests per worker at once; bleach's Cleaner was not
    thread-safe, and sharing one broke html5lib mid-parse (a 500 under load)."""
    texts = [f"<p>Para {n}</p>\n\n<b>bold</b> <em>x</em> https://example.com/{n}\n\n"
             f"<ul><li>one</li><li>two {n}</li></ul><code>&lt;x&gt;</code></p>" * 3
             for n in range(40)]
    expected = [str(clean_comment_html(t)) for t in texts]
    problems = []

    def clean_all():
        try:
            for _ in range(5):
                for text, want in zip(texts, expected, strict=True):
                    if str(clean_comment_html(text)) != want:
                        problems.append("different output")
        except Exception as error:  # noqa: BLE001 (collected and asserted below)
            problems.append(repr(error))

    threads = [threading.Thread(target=clean_all) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert problems == []
