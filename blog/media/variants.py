"""Resized copies of library images: a few widths in WebP and in the image's own format, so
a phone downloads a phone-sized picture. Names carry the upload's version (a replaced image
gets new names, so no cache keeps showing the old one) and a dot, which an upload's own
name, a slug, never has."""

import io
import json
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from blog.models import Upload

WIDTHS = (480, 960, 1440)
WEBP_QUALITY = 82
OWN_FORMAT = {"image/jpeg": ("JPEG", ".jpg"), "image/png": ("PNG", ".png"),
              "image/webp": ("WEBP", ".webp")}  # GIFs keep their frames: no copies


def variant_name(upload: Upload, width: int | None, extension: str) -> str:
    stem = Path(upload.path).stem
    size = f".{width}" if width else ""
    return f"{stem}.v{upload.version}{size}{extension}"


def _save(image: Image.Image, image_format: str) -> bytes:
    out = io.BytesIO()
    if image_format == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=85, optimize=True, progressive=True)
    elif image_format == "PNG":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    return out.getvalue()


def build_variants(upload: Upload, folder: Path, data: bytes) -> None:
    """Set the upload's width, height and variants from its (already clean) bytes, writing
    the copies beside it. The caller commits."""
    with Image.open(io.BytesIO(data)) as opened:
        image = ImageOps.exif_transpose(opened) if opened.format != "GIF" else opened
        upload.width, upload.height = image.size
        own = OWN_FORMAT.get(upload.mime_type)
        if own is None:
            upload.variants = "[]"
            return
        if image.mode not in ("RGB", "RGBA", "L", "LA"):
            image = image.convert("RGBA" if "transparency" in image.info else "RGB")
        base = folder / Path(upload.path).parent
        found: list[list] = []
        for width in WIDTHS:
            if width >= image.width:
                break
            height = max(1, round(image.height * width / image.width))
            resized = image.resize((width, height), Image.Resampling.LANCZOS)
            formats = [own] if own[0] == "WEBP" else [own, ("WEBP", ".webp")]
            for image_format, extension in formats:
                found.append(_write(upload, base, resized, image_format, extension, width))
        if own[0] != "WEBP":  # the full size in WebP too
            found.append(_write(upload, base, image, "WEBP", ".webp", None,
                                full_width=image.width))
    upload.variants = json.dumps(found)


def _write(upload: Upload, base: Path, image: Image.Image, image_format: str, extension: str,
           width: int | None, full_width: int | None = None) -> list:
    name = variant_name(upload, width, extension)
    (base / name).write_bytes(_save(image, image_format))
    mime = "image/webp" if image_format == "WEBP" else upload.mime_type
    return [f"{Path(upload.path).parent}/{name}", width or full_width, mime]


def variant_paths(upload: Upload) -> list[str]:
    return [rel for rel, _width, _mime in json.loads(upload.variants or "[]")]


def remove_variants(upload: Upload, folder: Path) -> None:
    for rel in variant_paths(upload):
        (folder / rel).unlink(missing_ok=True)
    upload.variants = "[]"


def index_image(upload: Upload, folder: Path) -> bool:
    """For an image that arrived without the upload form (a WordPress import, an upload made
    before variants existed): size and copies from its file, when it is there and an image.
    True when it was indexed."""
    path = folder / upload.path
    if not path.is_file():
        return False
    try:
        build_variants(upload, folder, path.read_bytes())
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError,
            SyntaxError):
        return False
    return True
