"""The servers under test, each on a free loopback port: the blog and the floor app under granian
(the production settings from blog.serve), and nginx serving a static copy of the article."""

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from blog.serve import APP_TARGET, granian_args, server_env  # noqa: F401 (APP_TARGET: for the benches)

ROOT = Path(__file__).resolve().parent.parent
TMP = ROOT / "bench" / "tmp"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited while starting ({url})")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer in {timeout} s")


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to its process group, SIGKILL if it is still there after 15 s."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)


@contextmanager
def granian(target: str, env: Mapping[str, str], ready_path: str = "/") -> Iterator["Running"]:
    port = free_port()
    TMP.mkdir(parents=True, exist_ok=True)
    log = (TMP / f"granian-{port}.log").open("w")
    process = subprocess.Popen(granian_args(target, "127.0.0.1", port), cwd=ROOT,
                               env=server_env({**os.environ, **env}), stdout=log,
                               stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        _wait_for(f"http://127.0.0.1:{port}{ready_path}", process)
        yield Running(f"http://127.0.0.1:{port}", process.pid)
    finally:
        stop(process)
        log.close()


def blog_env(database_url: str) -> dict[str, str]:
    return {
        "DATABASE_URL": database_url,
        "BLOG_SECRET_KEY": "bench-secret-key-not-for-production",
        "BLOG_RATELIMIT_ENABLED": "false",  # the comment bench posts far faster than any person
        "REDIS_URL": "",
    }


NGINX_CONF = """\
worker_processes {workers};
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    types {{ text/html html; }}
    client_body_temp_path {tmp}/nginx-body;
    proxy_temp_path {tmp}/nginx-proxy;
    fastcgi_temp_path {tmp}/nginx-fastcgi;
    uwsgi_temp_path {tmp}/nginx-uwsgi;
    scgi_temp_path {tmp}/nginx-scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location / {{ index article.html; }}
    }}
}}
"""


@contextmanager
def nginx(html: bytes, workers: int) -> Iterator["Running"]:
    """nginx serving `html` as a static file, with as many workers as the blog has."""
    nginx_bin = shutil.which("nginx") or "/usr/sbin/nginx"
    root = TMP / "nginx-root"
    root.mkdir(parents=True, exist_ok=True)
    (root / "article.html").write_bytes(html)
    port = free_port()
    conf = TMP / "nginx.conf"
    conf.write_text(NGINX_CONF.format(workers=workers, tmp=TMP, port=port, root=root))
    process = subprocess.Popen([nginx_bin, "-p", str(TMP), "-c", str(conf), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        _wait_for(f"http://127.0.0.1:{port}/article.html", process)
        yield Running(f"http://127.0.0.1:{port}", process.pid)
    finally:
        stop(process)


class Running:
    def __init__(self, url: str, pid: int):
        self.url = url
        self.pid = pid

    def worker_rss_mb(self) -> list[float]:
        """Resident memory of each worker process (the children of the server's main process)."""
        return [_rss_kb(pid) / 1024 for pid in _children(self.pid)]


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
