"""Image uploads: Pillow proves the bytes are an image, the image is re-encoded (which drops
EXIF, GPS and other metadata) and stored under UPLOAD_FOLDER/<yyyy>/<mm>/."""

import io
import os
import warnings
from pathlib import Path

from flask import current_app, url_for
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from blog.content.slugs import make_slug
from blog.extensions import db
from blog.media.variants import build_variants
from blog.models import Post, Upload, utcnow

FORMATS = {"JPEG": (".jpg", "image/jpeg"), "PNG": (".png", "image/png"),
           "WEBP": (".webp", "image/webp"), "GIF": (".gif", "image/gif")}
# The file names each format may have: anything else in the upload folder is never served.
EXTENSIONS = {".jpg": "JPEG", ".jpeg": "JPEG", ".jpe": "JPEG", ".png": "PNG", ".webp": "WEBP",
              ".gif": "GIF"}
# Decoding holds every frame in memory (an animated GIF's as RGBA: 80 frames of 1000x1000 were
# 331 MiB): width x height x frames is capped, for stills and animations alike.
MAX_PIXELS = 40_000_000


class UploadRefused(Exception):
    def __init__(self, message: str, status: int = 422):
        super().__init__(message)
        self.message = message
        self.status = status


def upload_folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"])


def clean_image(file: FileStorage) -> tuple[str, bytes]:
    """(format, re-encoded bytes) of an uploaded file, or UploadRefused."""
    limit = int(current_app.config["UPLOAD_MAX_BYTES"])
    data = file.stream.read(limit + 1)
    if len(data) > limit:
        raise UploadRefused(f"The image is larger than {limit // (1024 * 1024)} MB.", 413)
    if not data:
        raise UploadRefused("The file is empty.")
    return _reencode(data)


def store_image(file: FileStorage) -> Upload:
    image_format, clean = clean_image(file)
    extension, mime_type = FORMATS[image_format]
    now = utcnow()
    folder = upload_folder() / f"{now:%Y}" / f"{now:%m}"
    folder.mkdir(parents=True, exist_ok=True)
    stem = make_slug(Path(file.filename or "image").stem, max_length=80)
    target = _claim_file(folder, stem, extension)
    target.write_bytes(clean)
    upload = Upload(path=f"{now:%Y}/{now:%m}/{target.name}",
                    original_name=(file.filename or "")[:300], mime_type=mime_type,
                    size=len(clean), version=1)
    build_variants(upload, upload_folder(), clean)
    db.session.add(upload)
    db.session.commit()
    return upload


def _reencode(data: bytes) -> tuple[str, bytes]:
    """(format, bytes re-encoded without metadata), or UploadRefused if it is no image we
    take. Decompression bombs count as refused, not as a crash."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image_format = image.format
                if image_format not in FORMATS:
                    raise UploadRefused("Only JPEG, PNG, WebP and GIF images can be uploaded.")
                _check_size(image)
                return image_format, _encode(image, image_format)
    except UploadRefused:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError,
            Image.DecompressionBombWarning, OSError, SyntaxError, ValueError) as error:
        raise UploadRefused("That file is not an image we can use "
                            "(JPEG, PNG, WebP or GIF).") from error


def _check_size(image: Image.Image) -> None:
    frames = getattr(image, "n_frames", 1)
    if image.width * image.height * frames > MAX_PIXELS:
        what = f"{frames} frames of {image.width}×{image.height}" if frames > 1 \
            else f"{image.width}×{image.height}"
        raise UploadRefused(f"The image is too large to process ({what} pixels; at most "
                            f"{MAX_PIXELS // 1_000_000} million in all). Make it smaller or "
                            "shorten the animation.")


def verified_image(path: Path) -> bool:
    """Whether the file at `path` is an image we serve: Pillow reads it as the format its name
    says (a .svg or .html is never one), within the pixel budget. For imported files, which
    are copied as they are."""
    expected = EXTENSIONS.get(path.suffix.lower())
    if expected is None:
        return False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as probe:
                probe.verify()
            with Image.open(path) as image:
                if image.format != expected:
                    return False
                _check_size(image)
    except (UploadRefused, UnidentifiedImageError, Image.DecompressionBombError,
            Image.DecompressionBombWarning, OSError, SyntaxError, ValueError):
        return False
    return True


def _encode(image: Image.Image, image_format: str) -> bytes:
    out = io.BytesIO()
    if image_format == "GIF":
        # Pillow copies each frame's info (comments too) into the new file: rebuild the frames
        # with nothing but their pixels and timing.
        frames, durations = [], []
        for frame in ImageSequence.Iterator(image):
            durations.append(frame.info.get("duration", 100))
            clean = frame.convert("RGBA")
            clean.info = {}
            frames.append(clean)
        frames[0].save(out, "GIF", save_all=len(frames) > 1, append_images=frames[1:],
                       duration=durations if len(frames) > 1 else durations[0],
                       loop=image.info.get("loop", 0), disposal=2)
        return out.getvalue()
    try:
        upright = ImageOps.exif_transpose(image)  # keep the orientation the EXIF tag asked for
    except (SyntaxError, ValueError, OSError):  # unreadable EXIF: the pixels are still fine
        upright = image
    upright.info = {}
    if image_format == "JPEG":
        if upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        upright.save(out, "JPEG", quality=90, optimize=True)
    elif image_format == "PNG":
        upright.save(out, "PNG", optimize=True)
    else:
        upright.save(out, "WEBP", quality=90)
    return out.getvalue()


def _claim_file(folder: Path, stem: str, extension: str) -> Path:
    """Create a new empty file with a free name (O_EXCL, so two uploads never share one)."""
    n = 1
    while True:
        name = f"{stem}{extension}" if n == 1 else f"{stem}-{n}{extension}"
        if _still_linked(folder, name):
            n += 1
            continue
        try:
            os.close(os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
            return folder / name
        except FileExistsError:
            n += 1


def _still_linked(folder: Path, name: str) -> bool:
    """A deleted image's address that posts still show: a new upload must not take it, or
    those posts would quietly show a different picture."""
    rel = f"{folder.parent.name}/{folder.name}/{name}"
    return db.session.scalar(select(Post.id).where(
        Post.body_source.contains(f"/uploads/{rel}", autoescape=True)).limit(1)) is not None


def upload_url(upload: Upload) -> str:
    year, month, name = upload.path.split("/", 2)
    return url_for("uploads.serve", year=year, month=month, filename=name)


def markdown_for(upload: Upload) -> str:
    """The Markdown that shows the image, with its alt text from the library: empty when it
    has none (the editor flags that before publishing), never the file's name."""
    alt = " ".join((upload.alt_text or "").replace("[", "").replace("]", "").split())
    return f"![{alt}]({upload_url(upload)})"


def list_uploads(page: int, per_page: int = 30):
    return db.paginate(select(Upload).order_by(Upload.created_at.desc(), Upload.id.desc()),
                       page=page, per_page=per_page, error_out=False)


def count_uploads() -> int:
    return db.session.scalar(select(func.count(Upload.id))) or 0
