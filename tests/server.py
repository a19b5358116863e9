"""A real server (granian, as `make run` uses) on a free loopback port, for tests that need one."""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Mapping
from contextlib import contextmanager
from pathlib import Path

from blog.serve import APP_TARGET

ROOT = Path(__file__).resolve().parent.parent
GRANIAN = Path(sys.executable).with_name("granian")


LIVE_SECRET_KEY = "live-server-test-key"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    def __init__(self, database_url: str, env: Mapping[str, str] | None = None, workers: int = 1):
        self.database_url = database_url
        self.extra_env = dict(env or {})
        self.workers = workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        # The server's stderr (one JSON log line per request) goes to a file: a pipe nobody
        # reads fills up at 64 KiB and stalls the server mid-test.
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (read after stop; closed on GC)

    def start(self, timeout: float = 30) -> "LiveServer":
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "BLOG_SECRET_KEY": LIVE_SECRET_KEY,
            **self.extra_env,
        }
        self.process = subprocess.Popen(
            [str(GRANIAN), "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(self.port),
             "--workers", str(self.workers), "--no-ws", "--factory", APP_TARGET],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=self.log,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.output()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("server did not answer /healthz in time")

    def output(self) -> str:
        """Everything the server has written to stderr so far."""
        self.log.flush()
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def kill(self) -> None:
        """SIGKILL the whole process group: a crash, with no chance to clean up."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


@contextmanager
def live_server(database_url: str, env: Mapping[str, str] | None = None, workers: int = 1):
    server = LiveServer(database_url, env, workers).start()
    try:
        yield server
    finally:
        server.stop()
