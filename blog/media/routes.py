"""Serving uploaded files at /uploads/<yyyy>/<mm>/<file>, never as anything but what they are."""

import mimetypes
import re
from pathlib import Path

from flask import abort, current_app, send_from_directory

from blog.media import bp
from blog.media.library import thumbnail_url
from blog.media.services import EXTENSIONS

_SAFE_NAME = re.compile(r"^[\w][\w.\-]*$")


@bp.get("/uploads/<year>/<month>/<filename>")
def serve(year: str, month: str, filename: str):
    # Only images are served: a file of any other kind in the folder (copied there by hand, or
    # by an import before imports checked) would run on this site's own origin.
    if not (re.fullmatch(r"\d{4}", year) and re.fullmatch(r"\d{2}", month)
            and _SAFE_NAME.match(filename) and Path(filename).suffix.lower() in EXTENSIONS):
        abort(404)
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / year / month
    mime_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = send_from_directory(folder, filename, mimetype=mime_type, max_age=31536000)
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Whatever a file holds, it may not run scripts or load anything.
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@bp.app_template_global("media_thumbnail")
def media_thumbnail(upload) -> str:
    """The smallest copy of a library image, for lists and choosers (admin/_media_chooser.html)."""
    return thumbnail_url(upload)
