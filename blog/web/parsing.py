"""Reading ids out of text a visitor controls (query strings, form fields, session values)."""

MAX_ID = 2**31 - 1  # the largest integer primary key PostgreSQL stores


def positive_id(raw: str | None) -> int | None:
    """The id `raw` names, or None for anything that is not one.

    ASCII only: "¹".isdigit() is True but int("¹") raises; and a number past MAX_ID would make
    PostgreSQL refuse the query rather than find nothing."""
    text = (raw or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


def page_number(raw: str | None) -> int:
    """The list page `raw` asks for: 1 for anything that is not a page number, and at most
    MAX_ID, so a 30-digit page finds an empty page instead of overflowing the database's
    OFFSET."""
    text = (raw or "").strip()
    if not (text.isascii() and text.isdigit()):
        return 1
    return max(1, min(int(text[:len(str(MAX_ID)) + 1]), MAX_ID))
