"""Markdown for technical writing: highlighted code (classes only), heading anchors, a table
of contents, footnotes, strikethrough and task lists, all through the post sanitiser."""

import re

from blog.content.markdown import render_markdown
from blog.content.sanitize import clean_post_html


def render(source: str) -> str:
    return str(render_markdown(source, images=None))


def test_fenced_code_is_highlighted_with_classes_and_no_inline_style():
    html = render('```python\ndef greet(name):\n    return "hi " + name  # say it\n```')
    assert '<code class="language-python">' in html
    assert '<span class="k">def</span>' in html
    assert '<span class="nf">greet</span>' in html
    assert '<span class="c1"># say it</span>' in html
    assert "style=" not in html


def test_code_in_an_unknown_language_or_none_stays_plain_and_escaped():
    html = render("```klingon\n<b>qapla'</b>\n```\n\n```\nx < y\n```")
    assert "&lt;b&gt;qapla'&lt;/b&gt;" in html and "x &lt; y" in html
    assert "<span" not in html


def test_headings_get_ids_and_a_link_beside_them_not_inside():
    html = render("## Measure first\n\nText.\n\n### Then cache")
    assert '<h2 id="measure-first">Measure first</h2>' in html
    assert re.search(r'</h2>\s*<a [^>]*class="heading-anchor"[^>]*href="#measure-first"', html)
    assert '<h3 id="then-cache">Then cache</h3>' in html


def test_a_heading_never_takes_an_id_the_page_already_uses():
    html = render("## Comments\n\n## Respond\n\n## Comments")
    ids = re.findall(r'<h2 id="([^"]+)"', html)
    assert ids == ["comments-section", "respond-section", "comments-section-1"]


def test_toc_marker_becomes_a_list_of_the_headings():
    html = render("[[toc]]\n\n## One\n\n### One point five\n\n## Two")
    nav = re.search(r'<nav aria-label="Contents" class="toc">(.*?)</nav>', html, re.S) or \
        re.search(r'<nav class="toc" aria-label="Contents">(.*?)</nav>', html, re.S)
    assert nav, html
    assert re.findall(r'href="#([^"]+)"', nav.group(1)) == ["one", "one-point-five", "two"]
    assert "[[toc]]" not in html


def test_footnotes_link_both_ways():
    html = render("A claim.[^1]\n\n[^1]: The source.")
    assert 'href="#fn1"' in html and 'id="fnref1"' in html
    assert 'id="fn1"' in html and 'href="#fnref1"' in html
    assert 'aria-label="Footnotes"' in html


def test_strikethrough_and_task_lists_without_form_controls():
    html = render("~~gone~~\n\n- [x] shipped\n- [ ] removed")
    assert "<s>gone</s>" in html
    assert "<input" not in html
    assert 'class="task-box task-box--done"' in html
    assert ">Done: </span>" in html and ">To do: </span>" in html


def test_the_post_sanitiser_keeps_only_the_renderers_own_classes():
    html = str(clean_post_html('<p><span class="preview-bar">x</span><span class="k">y</span>'
                               '<a class="heading-anchor" href="#a">#</a></p>'))
    assert 'class="preview-bar"' not in html
    assert '<span class="k">y</span>' in html
    assert 'class="heading-anchor"' in html


def test_srcset_may_only_name_our_own_or_web_addresses():
    safe = str(clean_post_html('<img src="/a.png" srcset="/a.480.png 480w, /a.png 960w">'))
    hostile = str(clean_post_html('<img src="/a.png" srcset="javascript:alert(1) 480w">'))
    assert "srcset" in safe and "srcset" not in hostile
