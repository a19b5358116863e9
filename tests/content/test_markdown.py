"""Post bodies: Markdown rendered, then sanitised with the post allowlist."""

import pytest

from blog.content.markdown import render_markdown


def test_markdown_headings_lists_tables_and_code():
    html = render_markdown("## Title\n\n- **Lead:** text\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
                           "```python\nprint(1)\n```")
    assert '<h2 id="title">Title</h2>' in html
    assert "<li><strong>Lead:</strong> text</li>" in html
    assert "<table>" in html and "<td>1</td>" in html
    assert '<code class="language-python">' in html


@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<svg onload="alert(1)"><circle/></svg>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<img src="data:text/html;base64,PHNjcmlwdD4=">',
    "<object data=x></object>",
    '<form action="https://evil.example"><input></form>',
])
def test_hostile_html_cannot_run_script(hostile):
    html = str(render_markdown(hostile)).lower()
    for needle in ("<script", "onerror", "onload", "javascript:", "<iframe", "<svg", "style=",
                   "data:text", "<object", "<form", "<input"):
        assert needle not in html


def test_images_and_figures_survive():
    html = render_markdown('<figure><img src="/uploads/2025/05/a.png" alt="A chart">'
                           "<figcaption>Chart</figcaption></figure>")
    assert '<img alt="A chart" src="/uploads/2025/05/a.png">' in html or 'src="/uploads' in html
    assert "<figcaption>Chart</figcaption>" in html
