"""Code blocks highlighted on the server with Pygments: class names only (the CSP allows no
inline style), coloured by static/css/code.css in light and dark."""

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

# nowrap: markdown-it wraps the spans in <pre><code class="language-…"> itself.
_FORMATTER = HtmlFormatter(nowrap=True)


def highlight_code(code: str, language: str, _attrs: str = "") -> str:
    """The code as Pygments' token spans, or "" (markdown-it then escapes it as plain text)
    when the fence names no language Pygments knows. No guessing: a wrong guess colours prose."""
    name = (language or "").strip().split()[0] if (language or "").strip() else ""
    if not name:
        return ""
    try:
        lexer = get_lexer_by_name(name, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return ""
    return highlight(code, lexer, _FORMATTER)
