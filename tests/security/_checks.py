"""What every response and every HTML page must show, shared by the security tests."""

from html.parser import HTMLParser

REQUIRED_CSP = {
    "default-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'none'"},
    "frame-ancestors": {"'none'"},
    "form-action": {"'self'"},
    "img-src": {"'self'", "data:"},
}
WEAKENING_SOURCES = {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "http:",
                     "https:", "data:", "blob:"}
# Only images may come from data: URLs.
DATA_ALLOWED_IN = {"img-src"}


def parse_csp(value: str) -> dict[str, set[str]]:
    policy = {}
    for directive in filter(None, (part.strip() for part in value.split(";"))):
        name, *sources = directive.split()
        policy[name.lower()] = set(sources)
    return policy


def header_problems(headers, *, https: bool = False) -> list[str]:
    """Every way the response's security headers fall short; empty when they are right."""
    problems = []
    csp = headers.get("Content-Security-Policy")
    if not csp:
        problems.append("no Content-Security-Policy")
    else:
        policy = parse_csp(csp)
        for name, sources in REQUIRED_CSP.items():
            if policy.get(name) != sources:
                problems.append(f"CSP {name} is {policy.get(name)}, want {sources}")
        for name, sources in policy.items():
            allowed = {"data:"} if name in DATA_ALLOWED_IN else set()
            weak = (sources & WEAKENING_SOURCES) - allowed
            if weak:
                problems.append(f"CSP {name} weakened by {weak}")
    expected = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    for name, value in expected.items():
        if headers.get(name) != value:
            problems.append(f"{name} is {headers.get(name)!r}, want {value!r}")
    permissions = headers.get("Permissions-Policy") or ""
    for feature in ("camera", "microphone", "geolocation"):
        if f"{feature}=()" not in permissions:
            problems.append(f"Permissions-Policy does not switch off {feature}")
    hsts = headers.get("Strict-Transport-Security")
    if https and not (hsts and "max-age=" in hsts and int(hsts.split("max-age=")[1]
                                                           .split(";")[0]) >= 15552000):
        problems.append(f"HSTS missing or short over HTTPS: {hsts!r}")
    if not https and hsts:
        problems.append("HSTS sent on a plain-HTTP site (it would lock visitors out)")
    return problems


class _InlineCodeFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = {name.lower(): value for name, value in attrs}
        if tag == "style":
            self.found.append("<style> element")
        if tag == "script" and "src" not in names and names.get("type") != "application/ld+json":
            self.found.append("inline <script>")
        if "style" in names:
            self.found.append(f"style attribute on <{tag}>")
        self.found += [f"{name} handler on <{tag}>" for name in names if name.startswith("on")]
        for name in ("href", "src", "action", "formaction"):
            if (names.get(name) or "").strip().lower().startswith("javascript:"):
                self.found.append(f"javascript: URL in <{tag} {name}>")

    handle_startendtag = handle_starttag


def inline_code_in(html: str) -> list[str]:
    """Inline scripts, styles and event handlers: everything our CSP would block."""
    finder = _InlineCodeFinder()
    finder.feed(html)
    return finder.found
