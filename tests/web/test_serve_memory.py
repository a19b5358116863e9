"""The served workers start with glibc's malloc settings that keep a worker's memory down
(blog/serve.py MALLOC_DEFAULTS), and a value set by the deployer wins."""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.server import ROOT, free_port


def _descendants(pid: int) -> list[int]:
    out = []
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        out += [int(child), *_descendants(int(child))]
    return out


def _environ(pid: int) -> dict[str, str]:
    pairs = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(pair.decode().split("=", 1) for pair in pairs if b"=" in pair)


@pytest.mark.parametrize("sender", ["true", "false"])  # supervised, or granian in its place
def test_workers_start_with_the_malloc_settings(tmp_path, sender):
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/blog.sqlite3",
           "BLOG_SECRET_KEY": "k", "WEB_CONCURRENCY": "1", "PORT": str(port),
           "BLOG_MAIL_SENDER": sender, "MALLOC_TRIM_THRESHOLD_": "262144"}
    env.pop("MALLOC_MMAP_THRESHOLD_", None)
    env.pop("REDIS_URL", None)
    subprocess.run([str(Path(sys.executable).with_name("flask")), "--app", "wsgi", "init-db"],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    served = subprocess.Popen([sys.executable, "-m", "blog.serve"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).close()
                break
            except OSError:
                assert time.monotonic() < deadline and served.poll() is None
                time.sleep(0.2)
        environments = [_environ(pid) for pid in [served.pid, *_descendants(served.pid)]]
    finally:
        served.send_signal(signal.SIGTERM)
        served.wait(40)
    workers = [e for e in environments if e.get("PORT") == str(port)]
    assert len(workers) >= 2  # granian and its worker at least
    for environment in environments[1:] if sender == "true" else environments:
        assert environment["MALLOC_MMAP_THRESHOLD_"] == "32768"
        assert environment["MALLOC_TRIM_THRESHOLD_"] == "262144"  # the deployer's own value
        assert environment["MALLOC_ARENA_MAX"] == "2"
