"""Media from a WordPress export: recorded as uploads; files copied when given alongside.

WordPress keeps files at wp-content/uploads/<yyyy>/<mm>/<name> (or flat, at uploads/<name>,
when month folders are off); WordPress.com serves them from other hosts
(example.files.wordpress.com/2020/01/name.jpg, i0.wp.com/…). With a copy of that folder
(`--uploads DIR`) a file is found by the attachment's `_wp_attached_file` or by its URL's own
path, whatever the host; it is copied to /uploads/<yyyy>/<mm>/<name> (the only layout served
here), indexed by the media library (sizes, resized copies) and every post body naming it points
at the copy. Only images we serve are copied (blog.media.services.verified_image); without the
folder, content keeps the absolute URLs, which go on working for as long as the old host serves
them.
"""

import filecmp
import html
import mimetypes
import re
import shutil
from datetime import datetime
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from blog.extensions import db
from blog.media.services import EXTENSIONS, verified_image
from blog.media.variants import index_image
from blog.models import Upload, utcnow
from blog.wxr.entries import WxrItem
from blog.wxr.state import ImportState, clip

# Runs of characters a URL in HTML or Markdown holds: each character is read once, however
# the text is made (a pattern that looked for "//" then ".jpg" read a long run again from each
# "/" in it).
_TOKEN = re.compile(r"""[^\s"'<>()]+""")
_UNSAFE_NAME = re.compile(r"[^\w.\-]+")
_MARKER = "/wp-content/uploads/"
MAX_SUFFIX_SEGMENTS = 6


def source_candidates(url: str) -> list[str]:
    """Where a URL's file may sit in a copy of wp-content/uploads: the path after
    /wp-content/uploads/, then the URL's path and its shorter tails (2020/01/x.jpg of
    /files/2020/01/x.jpg or of example.files.wordpress.com/2020/01/x.jpg, x.jpg when flat)."""
    path = unquote(urlsplit(url).path)
    found: list[str] = []
    if _MARKER in path:
        found.append(path.split(_MARKER, 1)[1])
    parts = [part for part in PurePosixPath(path).parts if part != "/"]
    for start in range(max(0, len(parts) - MAX_SUFFIX_SEGMENTS), len(parts)):
        found.append("/".join(parts[start:]))
    return [rel for rel in dict.fromkeys(found) if _safe_rel(rel)]


def _safe_rel(rel: str) -> bool:
    parts = PurePosixPath(rel).parts
    return bool(parts) and not rel.startswith("/") and not any(
        part in ("..", ".", "") for part in parts)


def _local_rel(source_rel: str, when: datetime | None) -> str:
    """yyyy/mm/name, as /uploads/ serves: kept when WordPress used month folders, else the
    item's month; a name the server would refuse is made safe."""
    parts = PurePosixPath(source_rel).parts
    name = _UNSAFE_NAME.sub("-", parts[-1]).lstrip(".-_") or "file"
    if len(parts) >= 3 and re.fullmatch(r"\d{4}", parts[-3]) and re.fullmatch(r"\d{2}", parts[-2]):
        return f"{parts[-3]}/{parts[-2]}/{name}"
    return f"{(when or utcnow()).strftime('%Y/%m')}/{name}"


def _find_source(state: ImportState, candidates: list[str]) -> str | None:
    root = state.uploads_source.resolve()
    for rel in candidates:
        source = (root / rel).resolve()
        if source.is_relative_to(root) and source.is_file():
            return rel
    return None


def _place(state: ImportState, source: Path, wanted: str) -> str:
    """Copy `source` to `wanted` under the upload folder, or beside it (name-2.jpg) when
    another file (another site's) already holds that name; the same bytes are copied once."""
    stem, suffix = PurePosixPath(wanted).stem, PurePosixPath(wanted).suffix
    parent, rel, n = PurePosixPath(wanted).parent, wanted, 1
    while True:
        target = state.upload_folder / rel
        if target.exists():
            if filecmp.cmp(source, target, shallow=False):
                return rel
        elif not state.memory.upload_path_taken(rel):
            target.parent.mkdir(parents=True, exist_ok=True)
            state.copied(target)  # noted first: a copy cut short is removed too
            shutil.copyfile(source, target)
            return rel
        n += 1
        rel = f"{parent}/{stem}-{n}{suffix}"


def _free_rel(state: ImportState, rel: str) -> str:
    """`rel`, or name-2.jpg… beside it when another upload (another site's) holds the name."""
    stem, suffix = PurePosixPath(rel).stem, PurePosixPath(rel).suffix
    parent, candidate, n = PurePosixPath(rel).parent, rel, 1
    while state.memory.upload_path_taken(candidate) or (state.upload_folder / candidate).exists():
        n += 1
        candidate = f"{parent}/{stem}-{n}{suffix}"
    return candidate


def copy_local(state: ImportState, candidates: list[str], when: datetime | None) -> str | None:
    """Our path (yyyy/mm/name) for the first candidate found in the uploads folder, copied
    once, if it is an image we serve (Pillow reads it as the format its name says: an .html or
    .svg would run on this site's origin); None otherwise."""
    if state.uploads_source is None or not candidates:
        return None
    source_rel = _find_source(state, candidates)
    if source_rel is None:
        return None
    known, local = state.memory.text("local", source_rel)
    if not known:
        source = state.uploads_source.resolve() / source_rel
        if not verified_image(source):
            state.summary.skip(source_rel,
                               "files that are not images we serve (kept at their old URL)")
            local = None
        else:
            local = _place(state, source, _local_rel(source_rel, when))
        state.memory.add_text("local", source_rel, local)
    return local


def _media_url(token: str) -> tuple[int, int] | None:
    """Where the media URL in a token starts and ends: absolute on any host, or a path under
    /wp-content/uploads/, naming a file of a type we serve; None for anything else."""
    starts = [at for at in (token.find("//"), token.find(_MARKER)) if at >= 0]
    if not starts:
        return None
    start = min(starts)
    for scheme in ("https:", "http:"):
        if start >= len(scheme) and token.startswith(scheme, start - len(scheme)):
            start -= len(scheme)
            break
    end = len(token)
    for mark in ("?", "#"):
        at = token.find(mark, start)
        if at >= 0:
            end = min(end, at)
    if PurePosixPath(token[start:end]).suffix.lower() not in EXTENSIONS:
        return None
    return start, end


def localise_upload_urls(state: ImportState, content: str, when: datetime | None = None) -> str:
    """Point media URLs (and their resized variants) at /uploads/ when the file was given."""
    if state.uploads_source is None:
        return content

    def replace(match: re.Match) -> str:
        token = match.group(0)
        found = _media_url(token)
        if found is None:
            return token
        start, end = found
        url = token[start:end]
        known, local = state.memory.text("url", url)
        if not known:
            local = copy_local(state, source_candidates(html.unescape(url)), when)
            state.memory.add_text("url", url, local)
        return f"{token[:start]}/uploads/{local}{token[end:]}" if local else token

    return _TOKEN.sub(replace, content)


def import_attachment(state: ImportState, item: WxrItem) -> None:
    url = item.attachment_url or item.link
    if state.memory.has_upload(item.legacy_id) or (url and state.memory.text("upload url",
                                                                              url)[0]):
        state.memory.add_upload(item.legacy_id)  # this id is that attachment's from now on
        state.summary.existing["attachments"] += 1
        return
    candidates = ([item.attached_file] if _safe_rel(item.attached_file) else []) + \
        source_candidates(url)
    local = copy_local(state, candidates, item.date_gmt)
    rel = local or (_free_rel(state, _local_rel(candidates[0], item.date_gmt))
                    if candidates else None)
    if rel is None or state.memory.upload_path_taken(rel) or clip(rel, Upload.path) != rel \
            or clip(url, Upload.legacy_url) != url:
        state.summary.skip(url or f"attachment {item.legacy_id}",
                           "attachments without a usable file URL")
        return
    upload = Upload(
        path=rel,
        original_name=clip(PurePosixPath(rel).name, Upload.original_name),
        mime_type=mimetypes.guess_type(rel)[0] or "application/octet-stream",
        size=(state.upload_folder / rel).stat().st_size if local else 0,
        legacy_id=item.legacy_id,
        legacy_url=url,
        legacy_source=state.source,
        version=1,
        **({"created_at": item.date_gmt} if item.date_gmt else {}),
    )
    if local:
        index_image(upload, state.upload_folder)  # sizes and resized copies, as uploads get
    db.session.add(upload)
    db.session.flush()  # its path is taken from now on (blog/wxr/state.py asks the database)
    state.memory.add_upload(item.legacy_id)
    if url:
        state.memory.add_text("upload url", url)
    state.summary.created["attachments" if local else "attachments (kept at their old URL)"] += 1


def remove_copied_files(state: ImportState) -> None:
    """A failed import leaves nothing behind, files included (resized copies too)."""
    for path in state.copied_files():
        Path(path).unlink(missing_ok=True)
        for variant in Path(path).parent.glob(Path(path).stem + ".v*"):
            variant.unlink(missing_ok=True)
