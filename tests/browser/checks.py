"""The checks a page must pass in a real browser: axe-core, the Nu HTML Checker, and the
phone-sized layout rules (no sideways scrolling, 24 px tap targets, 16 px text)."""

import json
import subprocess
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from tests.server import ROOT

NODE_MODULES = ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
MOBILE_WIDTHS = (360, 390, 768)
MIN_TARGET_PX = 24
MIN_TEXT_PX = 16


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now, one line per element.
    axe is evaluated through the DevTools protocol, so the site's CSP does not stand in its way."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    violations = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => ({
                id: v.id, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary),
            }));
        }""",
        WCAG_TAGS,
    )
    return [f"{v['id']} ({v['help']}): {node}" for v in violations for node in v["nodes"]]


def axe_in_both_schemes(page) -> dict[str, list[str]]:
    """Violations in the light and the dark color scheme (the CSS switches live)."""
    found = {}
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        found[scheme] = axe_violations(page)
    page.emulate_media(color_scheme="light")
    return found


def vnu_errors(documents: Mapping[str, str], folder: Path) -> dict[str, list[str]]:
    """The Nu HTML Checker's errors for each named HTML document, from one run of the checker."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, html in documents.items():
        path = folder / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        paths.append(str(path))
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout", *paths],
        capture_output=True, text=True, timeout=300, check=False,
    )
    errors: dict[str, list[str]] = {name: [] for name in documents}
    for message in json.loads(result.stdout or '{"messages": []}')["messages"]:
        if message.get("type") != "error":
            continue
        name = PurePosixPath(urlsplit(message.get("url", "")).path).stem or "?"
        errors.setdefault(name, []).append(
            f"line {message.get('lastLine')}: {message['message']} [{message.get('extract', '')}]"
        )
    return errors


_LAYOUT_PROBLEMS_JS = (Path(__file__).parent / "layout_problems.js").read_text(encoding="utf-8")


def layout_problems(page) -> list[str]:
    """What is wrong with the page at the current viewport for a person on a phone or tablet."""
    return page.evaluate(_LAYOUT_PROBLEMS_JS, {"minTarget": MIN_TARGET_PX, "minText": MIN_TEXT_PX})
