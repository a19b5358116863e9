"""Images made for tests, and uploading them through the media library's real form."""

import io

from PIL import Image

from tests.conftest import csrf_token_from


def image_bytes(fmt: str = "PNG", size=(40, 30), exif: bool = False,
                colour=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, colour)
    if exif:
        data = Image.Exif()
        data[0x010F] = "SpyCam Inc"  # Make
        data[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0)}  # GPS
        image.save(out, fmt, exif=data)
    else:
        image.save(out, fmt)
    return out.getvalue()


def upload(client, content: bytes, filename: str, **fields):
    """POST the library's upload form (alt_text=, caption= optional)."""
    html = client.get("/admin/uploads/").get_data(as_text=True)
    return client.post("/admin/uploads/", content_type="multipart/form-data", data={
        "csrf_token": csrf_token_from(html), "image": (io.BytesIO(content), filename),
        **fields})
