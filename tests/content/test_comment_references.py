"""Character references in comments come out as the commenter wrote them, however many there
are, and the characters the sanitiser borrows while it works are never a commenter's."""

from blog.content.sanitize import clean_comment_html


def test_references_and_escaped_tags_read_as_written():
    html = str(clean_comment_html('a &amp; b, <x> and &lt;y&gt; <a href="https://e.org/?a=1&amp;b=2">l</a>'))
    assert html.startswith("<p>a &amp; b, &lt;x&gt; and &lt;y&gt; <a href=\"https://e.org/?a=1&amp;b=2\"")
    assert str(clean_comment_html("&amp;lt;")) == "<p>&amp;lt;</p>"  # typed: "&lt;" as text


def test_a_commenters_private_use_characters_are_not_turned_into_markup():
    html = str(clean_comment_html("one \ue000 two \ue001 three"))
    assert "&lt;" not in html and "&amp;" not in html and "\ue000" not in html
    assert html == "<p>one \ufffd two \ufffd three</p>"


def test_thousands_of_escaped_tags_keep_every_one():
    html = str(clean_comment_html("<x>" * 3000))
    assert html.count("&lt;x&gt;") == 3000
