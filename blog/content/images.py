"""Images of the media library as readers get them: resized copies in a srcset (WebP first),
the width and height that keep the layout still while they load, lazy loading below the first,
and the library's alt text and caption where the Markdown gives none.

Rendering happens when a post is saved, so a lookup runs then, never on a reader's request.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape
from sqlalchemy import select

from blog.extensions import db
from blog.models import Upload

UPLOADS_PREFIX = "/uploads/"
# The article column is at most 42rem (672 px) wide; on a phone the image spans the screen
# less the page's 1rem margins.
SIZES = "(max-width: 44rem) calc(100vw - 2rem), 42rem"


@dataclass(frozen=True)
class Variant:
    url: str
    width: int
    mime: str


@dataclass(frozen=True)
class LibraryImage:
    url: str  # the original's address; the same after a replace, with ?v= telling caches
    width: int | None
    height: int | None
    mime: str
    alt: str
    caption: str
    variants: tuple[Variant, ...] = ()


ImageLookup = Callable[[str], "LibraryImage | None"]


def upload_path_of(src: str) -> str | None:
    """"2026/11/chart.png" for "/uploads/2026/11/chart.png" (query and fragment ignored)."""
    if not src.startswith(UPLOADS_PREFIX):
        return None
    return src[len(UPLOADS_PREFIX):].split("?", 1)[0].split("#", 1)[0] or None


def image_from_row(path: str, version: int, width, height, mime: str, alt: str, caption: str,
                   variants_json: str | None) -> LibraryImage:
    """From the columns of an `upload` row (a migration passes them from its own query)."""
    url = UPLOADS_PREFIX + path + (f"?v={version}" if version and version > 1 else "")
    variants = tuple(Variant(UPLOADS_PREFIX + rel, int(w), mime_type)
                     for rel, w, mime_type in json.loads(variants_json or "[]"))
    return LibraryImage(url, width, height, mime or "", alt or "", caption or "", variants)


def library_image(src: str) -> LibraryImage | None:
    """The default lookup: the Upload this address names, through the app's session."""
    path = upload_path_of(src)
    upload = db.session.scalar(select(Upload).where(Upload.path == path)) if path else None
    if upload is None:
        return None
    return image_from_row(upload.path, upload.version, upload.width, upload.height,
                          upload.mime_type, upload.alt_text, upload.caption, upload.variants)


def _srcset(candidates: list[tuple[str, int]]) -> str:
    """Width descriptors for several candidates; one candidate alone is just its address
    (with `sizes`, a small image would be given the column's width as its natural size)."""
    if len(candidates) == 1:
        return candidates[0][0]
    return ", ".join(f"{url} {width}w" for url, width in sorted(candidates, key=lambda c: c[1]))


def _sizes(candidates: list) -> Markup:
    return Markup(' sizes="{}"').format(SIZES) if len(candidates) > 1 else Markup("")


def image_html(src: str, alt: str, title: str | None, image: LibraryImage | None,
               lazy: bool) -> Markup:
    """One <img> (inside a <picture> when WebP copies exist for a JPEG or PNG)."""
    attrs: dict[str, str] = {"src": image.url if image else src, "alt": alt}
    if title:
        attrs["title"] = title
    sources = ""
    if image is not None:
        if image.width and image.height:
            attrs["width"], attrs["height"] = str(image.width), str(image.height)
        own = [(v.url, v.width) for v in image.variants if v.mime == image.mime]
        webp = [(v.url, v.width) for v in image.variants if v.mime == "image/webp"]
        if own and image.width:
            attrs["srcset"] = _srcset([*own, (image.url, image.width)])
            attrs["sizes"] = SIZES
        if webp and image.mime != "image/webp":
            sources = Markup('<source type="image/webp" srcset="{}"{}>').format(
                _srcset(webp), _sizes(webp))
    if lazy:
        attrs["loading"] = "lazy"
    attrs["decoding"] = "async"
    tag = Markup("<img ") + Markup(" ").join(
        Markup('{}="{}"').format(name, value) for name, value in attrs.items()) + Markup(">")
    return Markup("<picture>{}{}</picture>").format(sources, tag) if sources else tag


def caption_html(caption: str) -> Markup:
    return Markup("<figcaption>{}</figcaption>").format(escape(caption))
