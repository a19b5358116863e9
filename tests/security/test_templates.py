"""Templates hold nothing the CSP would block and nothing that bypasses autoescaping."""

import re
from pathlib import Path

import pytest

from tests.security._checks import inline_code_in

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
ALL_TEMPLATES = sorted(TEMPLATES.rglob("*.html")) + sorted(TEMPLATES.rglob("*.xml"))
SAFE_FILTER = re.compile(r"\|\s*safe\b")


def _name(path: Path) -> str:
    return str(path.relative_to(TEMPLATES))


@pytest.mark.parametrize("template", ALL_TEMPLATES, ids=_name)
def test_template_has_no_inline_script_style_or_handlers(template):
    assert inline_code_in(template.read_text()) == []


@pytest.mark.parametrize("template", ALL_TEMPLATES, ids=_name)
def test_template_does_not_mark_strings_safe(template):
    # Stored HTML is sanitised and loads as Markup; `|safe` would trust anything else too.
    assert SAFE_FILTER.findall(template.read_text()) == []


def test_the_scanner_catches_what_the_csp_would_block():
    page = ('<p style="color:red" onclick="x()">a</p><script>1</script><style>p{}</style>'
            '<a href="javascript:alert(1)">b</a>'
            '<script type="application/ld+json">{}</script><script src="/static/a.js"></script>')
    assert inline_code_in(page) == [
        "style attribute on <p>", "onclick handler on <p>", "inline <script>", "<style> element",
        "javascript: URL in <a href>",
    ]
