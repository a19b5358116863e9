"""Web addresses from visitors made into URLs that are valid everywhere they are printed.

A visitor's "website" ends up in an href. Parsing it with urlsplit raised on a stray "[" (a 500),
and values such as `https://example.com/"><script>` or ones with a backtick were escaped but
still printed as invalid URLs. Here the scheme, host and port are checked (an address that
cannot be repaired is refused with a message to show in the form), and everything after the
host that a URL may not contain is percent-encoded, so the result always parses the same in
every browser and validator.
"""

import ipaddress
import re
from urllib.parse import quote

import idna

MAX_LENGTH = 200  # Comment.author_url
SCHEMES = ("http", "https")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*+):")
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
# RFC 3986 characters allowed after the host (besides letters, digits and "-._~" that quote
# never encodes), "%" of the escapes already there included.
_KEPT_AFTER_HOST = "!$&'()*+,;=:@/?#%"

INVALID = "Enter a web address like https://example.com."


class WebAddressError(ValueError):
    """The address cannot be made a valid URL; the message is for the person who typed it."""


def normalise_web_address(value: str, *, max_length: int = MAX_LENGTH) -> str:
    """`value` as a valid http(s) URL ("example.com" means https://example.com), or
    WebAddressError saying why it cannot be one."""
    text = value.strip()
    if not text:
        raise WebAddressError(INVALID)
    if any(ch.isspace() for ch in text):
        raise WebAddressError("A web address has no spaces in it.")
    scheme_match = _SCHEME.match(text)
    if scheme_match is None or not text.startswith("//", scheme_match.end()):
        # "javascript:…", "mailto:…", "ftp:…" name another scheme; "example.com:8080" a port.
        if scheme_match is not None and not text[scheme_match.end():][:1].isdigit():
            raise WebAddressError("Enter a web address starting with http:// or https://.")
        text = "https://" + text.lstrip("/")
        scheme_match = _SCHEME.match(text)
    scheme = scheme_match.group(1).lower()
    if scheme not in SCHEMES:
        raise WebAddressError("Enter a web address starting with http:// or https://.")
    rest = text[scheme_match.end() + 2:]
    cut = min((rest.find(ch) for ch in "/?#" if ch in rest), default=len(rest))
    authority, after_host = rest[:cut], rest[cut:]
    url = f"{scheme}://{_authority(authority)}{_after_host(after_host)}"
    if len(url) > max_length:
        raise WebAddressError(f"Keep the web address under {max_length} characters.")
    return url


def _authority(authority: str) -> str:
    if "@" in authority:
        raise WebAddressError("A web address with a user name or password is not accepted.")
    if authority.startswith("["):
        end = authority.find("]")
        host, port = authority[:end + 1], authority[end + 1:]
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            raise WebAddressError(INVALID) from None
    else:
        host, _, port = authority.partition(":")
        port = ":" + port if _ else ""
        host = _host_name(host)
    if port:
        digits = port[1:]
        if not (port.startswith(":") and digits.isascii() and digits.isdigit()
                and len(digits) <= 5 and 0 < int(digits) <= 65535):
            raise WebAddressError(INVALID)
        port = ":" + str(int(digits))
    return host + port


def _host_name(host: str) -> str:
    """A DNS name in its ASCII form (internationalised names as xn--), or refused."""
    host = host.rstrip(".")
    if not host:
        raise WebAddressError(INVALID)
    if not host.isascii():
        try:
            host = idna.encode(host, uts46=True).decode("ascii")
        except (idna.IDNAError, UnicodeError):
            raise WebAddressError(INVALID) from None
    host = host.lower()
    if "." not in host:  # "https://ada": a name typed in the wrong field, not a site
        raise WebAddressError(INVALID)
    if len(host) > 253 or not all(_LABEL.fullmatch(label) for label in host.split(".")):
        raise WebAddressError(INVALID)
    return host


def _after_host(text: str) -> str:
    """Path, query and fragment with whatever a URL may not hold percent-encoded (quotes,
    backticks, brackets, spaces of other scripts, controls, bidi marks, non-ASCII)."""
    text = BAD_PERCENT.sub("%25", text)
    try:
        return quote(text, safe=_KEPT_AFTER_HOST)
    except UnicodeEncodeError:  # a lone surrogate: no bytes to encode
        raise WebAddressError(INVALID) from None


def web_href(value: str | None) -> str | None:
    """The URL to link for a stored address, or None when it is not one (rows from before
    addresses were checked, imports)."""
    if not value:
        return None
    try:
        return normalise_web_address(value, max_length=2000)
    except WebAddressError:
        return None
