"""Media from a WordPress export: recorded as uploads; files copied when given alongside.

WordPress keeps files at wp-content/uploads/<yyyy>/<mm>/<name>; we serve the same layout at
/uploads/<yyyy>/<mm>/<name>. With a copy of that folder (`--uploads DIR`) the files move here
and post content points at them; without it, content keeps the absolute URLs, which go on
working for as long as the old host serves them.
"""

import html
import mimetypes
import re
import shutil
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from sqlalchemy import select, update

from blog.content.markdown import render_markdown
from blog.content.text import search_text
from blog.extensions import db
from blog.media.services import verified_image
from blog.models import Post, Upload
from blog.wxr.entries import WxrItem
from blog.wxr.state import ImportState, clip
from blog.wxr.wordpress_content import markdown_safe

_UPLOAD_URL = re.compile(
    r"""(?:https?:)?//[^\s"'<>()]+?/wp-content/uploads/(\d{4}/\d{2}/[^\s"'<>()?#]+)"""
)


def upload_relpath(url: str, fallback_date: str = "") -> str | None:
    """"2020/01/photo.jpg" from a WordPress media URL, or None when it has no such path."""
    path = unquote(urlsplit(url).path)
    marker = "/wp-content/uploads/"
    if marker in path:
        rel = path.split(marker, 1)[1]
    elif fallback_date:
        rel = f"{fallback_date}/{PurePosixPath(path).name}"
    else:
        return None
    parts = PurePosixPath(rel).parts
    if not parts or any(part in ("..", ".", "") for part in parts) or rel.startswith("/"):
        return None
    return rel


def _copy_local(state: ImportState, rel: str) -> bool:
    """Copy uploads_source/rel into the upload folder once, if it is an image we serve (as
    uploads are: Pillow reads it as the format its name says; an .html or .svg would run on
    this site's origin); True when the file is here."""
    if state.uploads_source is None:
        return False
    source = (state.uploads_source / rel).resolve()
    if not source.is_relative_to(state.uploads_source.resolve()) or not source.is_file():
        return False
    if rel not in state.checked_files:
        state.checked_files[rel] = verified_image(source)
        if not state.checked_files[rel]:
            state.summary.skip(rel, "files that are not images we serve (kept at their old URL)")
    if not state.checked_files[rel]:
        return False
    target = state.upload_folder / rel
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        state.copied_files.append(target)
    return True


def localise_upload_urls(state: ImportState, content: str) -> str:
    """Point media URLs (and their resized variants) at /uploads/ when the file was given."""
    if state.uploads_source is None:
        return content

    def replace(match: re.Match) -> str:
        rel = unquote(match.group(1))
        return f"/uploads/{rel}" if _copy_local(state, rel) else match.group(0)

    return _UPLOAD_URL.sub(replace, content)


def import_attachment(state: ImportState, item: WxrItem) -> None:
    if item.legacy_id in state.uploads:
        state.summary.existing["attachments"] += 1
        return
    url = item.attachment_url or item.link
    date = item.date_gmt.strftime("%Y/%m") if item.date_gmt else "unknown"
    rel = upload_relpath(url, date)
    if rel is None or rel in state.upload_paths or clip(rel, Upload.path) != rel \
            or clip(url, Upload.legacy_url) != url:
        state.summary.skip(url or f"attachment {item.legacy_id}",
                           "attachments without a usable file URL")
        return
    local = _copy_local(state, rel)
    size = (state.upload_folder / rel).stat().st_size if local else 0
    db.session.add(Upload(
        path=rel,
        original_name=clip(PurePosixPath(rel).name, Upload.original_name),
        mime_type=mimetypes.guess_type(rel)[0] or "application/octet-stream",
        size=size,
        legacy_id=item.legacy_id,
        legacy_url=url,
        **({"created_at": item.date_gmt} if item.date_gmt else {}),
    ))
    state.uploads[item.legacy_id] = f"/uploads/{rel}" if local else url
    state.upload_paths.add(rel)
    state.summary.created["attachments" if local else "attachments (kept at their old URL)"] += 1


def add_featured_images(state: ImportState) -> None:
    """WordPress shows a post's featured image above it; we have no such field, so the image
    leads the body (unless the body already shows it). Attachments often come after their
    post in the file, hence this last pass."""
    for post_id, attachment_id in state.featured:
        url = state.uploads.get(attachment_id)
        source = db.session.scalar(select(Post.body_source).where(Post.id == post_id))
        if url is None or source is None or url in source:
            continue
        figure = f'<figure><img src="{html.escape(url)}" alt=""></figure>'
        source = markdown_safe(figure + "\n" + source)
        body_html = str(render_markdown(source))
        db.session.execute(
            update(Post).where(Post.id == post_id)
            # Naming updated_at keeps WordPress's date rather than "now".
            .values(body_source=source, body_html=body_html, search_text=search_text(body_html),
                    updated_at=Post.updated_at)
        )
        state.summary.notes["featured images placed at the top of their posts"] += 1


def remove_copied_files(state: ImportState) -> None:
    """A failed import leaves nothing behind, files included."""
    for path in state.copied_files:
        Path(path).unlink(missing_ok=True)
