"""Static files with content-hashed names, served by WhiteNoise with a one-year immutable
Cache-Control: a changed file gets a new name, so browsers never need to ask again.

At start-up each file under static/ is copied once to `<instance>/static-build/` under a name
with its hash (`css/site.3f2a9c1b7e4d.css`), beside brotli and gzip copies that WhiteNoise
serves to clients that accept them. `url_for('static', filename='css/site.css')` gives the
hashed URL. The unhashed names still work, with a short max-age.
"""

import gzip
import hashlib
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from whitenoise import WhiteNoise

from blog.web.compression import brotli

IMMUTABLE = "public, max-age=31536000, immutable"
COMPRESSIBLE_SUFFIXES = {".css", ".js", ".svg", ".txt", ".html", ".json", ".xml", ".map"}


def hashed_name(relative: str, data: bytes) -> str:
    stem, dot, suffix = relative.rpartition(".")
    digest = hashlib.blake2b(data, digest_size=6).hexdigest()
    return f"{stem}.{digest}.{suffix}" if dot else f"{relative}.{digest}"


def _write_once(path: Path, make: Callable[[], bytes]) -> None:
    """Several workers start at once: each writes a private temp file and renames it. `make`
    runs only when the file is missing, so a restart compresses nothing again."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    tmp.write_bytes(make())
    os.replace(tmp, path)


def build_static(source: Path, target: Path) -> dict[str, str]:
    """Copy every file to its hashed name (with compressed copies); returns name → hashed name."""
    manifest = {}
    for file in sorted(p for p in source.rglob("*") if p.is_file()):
        relative = file.relative_to(source).as_posix()
        data = file.read_bytes()
        hashed = hashed_name(relative, data)
        manifest[relative] = hashed
        _write_once(target / hashed, lambda data=data: data)
        if file.suffix in COMPRESSIBLE_SUFFIXES:
            _write_once(target / f"{hashed}.gz", lambda data=data: gzip.compress(data, 9, mtime=0))
            if brotli:
                _write_once(target / f"{hashed}.br",
                            lambda data=data: brotli.compress(data, quality=11))
    return manifest


def static_files(wsgi_app: Callable, app: Flask) -> WhiteNoise:
    """The WSGI layer serving /static/, and hashed names in every url_for('static', ...)."""
    source = Path(app.static_folder)
    target = Path(app.config.get("STATIC_BUILD_FOLDER") or Path(app.instance_path) / "static-build")
    manifest = build_static(source, target)
    immutable_urls = {f"/static/{hashed}" for hashed in manifest.values()}

    def add_headers(headers, _path: str, url: str) -> None:
        if url in immutable_urls:
            headers["Cache-Control"] = IMMUTABLE

    served = WhiteNoise(wsgi_app, root=str(target), prefix="static/", max_age=300,
                        add_headers_function=add_headers)
    served.add_files(str(source), prefix="static/")

    @app.url_defaults
    def _hashed_static_url(endpoint: str, values: dict) -> None:
        if endpoint == "static" and values.get("filename") in manifest:
            values["filename"] = manifest[values["filename"]]

    return served
