"""Bytes no well-behaved client would send, straight onto the production server's socket:
the answer is never a 5xx and the server keeps serving."""

import socket
import urllib.request

import pytest

pytestmark = pytest.mark.slow

RAW_TARGETS = [
    b"/\xff\xfe/",
    b"/\xc0\xaf../\xc0\xaf../etc/passwd",
    b"/\xed\xa0\x80/",
    b"/%00/",
    b"/caf\xc3\xa9/",
    b"/?s=\xff\x00\xfe",
    b"/search/?q=\xe2\x80\xae%7B%7B7*7%7D%7D",
    b"/category/\x7f/",
    b"/" + b"a" * 100_000 + b"/",
    b"/?s=" + b"%F0%9F%92%A9" * 10_000,
]


def _status_of(port: int, request_line: bytes, headers: bytes = b"") -> int | None:
    """The status code the server answers with, or None if it just closed the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(request_line + b"\r\nHost: 127.0.0.1\r\n" + headers
                     + b"Connection: close\r\n\r\n")
        first = b""
        while b"\r\n" not in first:
            chunk = sock.recv(4096)
            if not chunk:
                return None
            first += chunk
    return int(first.split(b" ", 2)[1])


# One server for the whole list: starting granian is the slow part.
def test_raw_request_targets_are_answered_without_a_server_error(server, make):
    make.post(title="Café", slug="café")
    for target in RAW_TARGETS:
        status = _status_of(server.port, b"GET " + target + b" HTTP/1.1")
        assert status is None or status < 500, (target[:60], status)
    # The bytes do reach the app: raw UTF-8 finds the article.
    assert _status_of(server.port, b"GET /caf\xc3\xa9/ HTTP/1.1") == 200
    with urllib.request.urlopen(server.url + "/healthz") as still_up:
        assert still_up.status == 200


GARBAGE_HEADERS = [
    b"Cookie: session=\xff\xfe\x00garbage\r\n",
    b"Cookie: session=.eJwrSi0uyc8BAA==.forged.sig\r\n",
    b"X-Forwarded-For: \xff, 999.999.1.1\r\n",
    b"Accept-Language: " + b"en;q=0.9," * 2000 + b"\r\n",
    b"X-Request-ID: \xe2\x80\xae\r\n",
    b"Content-Type: multipart/form-data; boundary=\r\nContent-Length: 5\r\n",
]


def test_garbage_headers_are_answered_without_a_server_error(server):
    for headers in GARBAGE_HEADERS:
        for method in (b"GET /", b"POST /admin/login"):
            status = _status_of(server.port, method + b" HTTP/1.1", headers)
            assert status is None or status < 500, (headers[:60], method, status)
