"""The production server: granian's WSGI interface with the settings `make run` and the bench use,
and the outbox sender beside it.

`python -m blog.serve [--host H] [--port P]` runs granian and `flask send-mail` as its two
children, passes SIGTERM/SIGINT on to both, and starts the sender again if it dies.
`BLOG_MAIL_SENDER=false` leaves the sender out (when one `send-mail` serves several app
servers): then it replaces itself with granian. Tuning comes from the environment so a
deployment changes it without editing code:

- `WEB_CONCURRENCY`: worker processes (default: the CPU cores this process may use, at most 8;
  granian warns about more workers than cores). Each worker is a separate Python process, so
  it scales across cores despite the GIL.
- `WEB_THREADS`: threads per worker running the app (default 4): enough to overlap database
  waits, few enough that the GIL is not fought over.
- `WEB_BACKLOG`: pending connections the kernel holds (default 2048).
- `MALLOC_MMAP_THRESHOLD_`, `MALLOC_TRIM_THRESHOLD_`, `MALLOC_ARENA_MAX`: glibc's, given
  defaults here (see MALLOC_DEFAULTS); a value already in the environment is kept.
"""

import argparse
import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

MAX_DEFAULT_WORKERS = 8
SENDER_RESTART_S = 5
# A page's HTML is tens of KB: glibc put such blocks in the heap of whichever thread made them
# (its threshold for mmap grows as they are freed), where freed ones left holes it kept. Blocks
# from 32 KB mapped and unmapped on their own, and free heap returned past 128 KB: 151-157 MB
# -> 142-147 MB a worker after the long tail at 100,000 posts on PostgreSQL + Redis.
# The app's threads spread over glibc's arenas (up to 8 a core), each keeping its own free
# blocks; two arenas: 148/148 -> 146/142 MB a worker after the same long tail.
MALLOC_DEFAULTS = {"MALLOC_MMAP_THRESHOLD_": "32768", "MALLOC_TRIM_THRESHOLD_": "131072",
                   "MALLOC_ARENA_MAX": "2"}


def server_env(environ: dict[str, str] | None = None) -> dict[str, str]:
    """The environment granian's workers start with: `environ` (os.environ by default) with
    MALLOC_DEFAULTS under it. glibc reads them once, at a process's start."""
    return {**MALLOC_DEFAULTS, **(os.environ if environ is None else environ)}


def usable_cores() -> int:
    """The cores this process may run on (a container or taskset may allow fewer than the
    machine has)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


def default_workers() -> int:
    return min(usable_cores(), MAX_DEFAULT_WORKERS)


def serving_line(host: str, port: int) -> str:
    """The one line `make run` prints: where the site is, and where to log in."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host  # noqa: S104 (a display name)
    base = f"http://{'[' + shown + ']' if ':' in shown else shown}:{port}"
    return f"Serving the blog at {base}/ (admin: {base}/admin/) — press Ctrl+C to stop."


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else default


# wsgi.py's factory, so a serving worker prepares itself and a flask command does not.
APP_TARGET = "wsgi:served_app"


def granian_args(target: str = APP_TARGET, host: str = "127.0.0.1", port: int = 5000,
                 workers: int | None = None) -> list[str]:
    """The granian command line for `target` (a module:attribute WSGI app)."""
    workers = workers or _env_int("WEB_CONCURRENCY", default_workers())
    threads = _env_int("WEB_THREADS", 4)
    return [
        str(Path(sys.executable).with_name("granian")),
        "--interface", "wsgi",
        "--host", host,
        "--port", str(port),
        "--workers", str(workers),
        "--blocking-threads", str(threads),
        "--backpressure", str(threads * 4),
        "--backlog", str(_env_int("WEB_BACKLOG", 2048)),
        "--no-ws",
        *(["--factory"] if target == APP_TARGET else []),
        "--respawn-failed-workers",
        "--workers-kill-timeout", "30",
        "--log-level", os.environ.get("WEB_LOG_LEVEL", "warning"),
        target,
    ]


def sender_args() -> list[str]:
    """`flask send-mail`, stopping by itself if this supervisor disappears (SIGKILL)."""
    return [str(Path(sys.executable).with_name("flask")), "--app", "wsgi", "send-mail",
            "--parent-pid", str(os.getpid())]


def sender_wanted() -> bool:
    return os.environ.get("BLOG_MAIL_SENDER", "true").strip().lower() not in ("0", "false", "no")


PR_SET_PDEATHSIG = 1


def _own_group_dying_with_us() -> None:
    """In the child, before exec: its own process group, so a terminal's Ctrl-C (sent to the
    whole group) reaches only the supervisor, which stops each child once and in order
    (granian's workers, signalled directly as well, took 30 s to stop); and SIGTERM from the
    kernel if the supervisor itself is killed."""
    os.setsid()
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _start(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen(args, env=server_env(),  # noqa: S603, PLW1509
                            preexec_fn=_own_group_dying_with_us)


def supervise(server_args: list[str]) -> int:
    """granian and the sender as children; returns granian's exit status."""
    server = _start(server_args)
    sender = _start(sender_args())
    stopping = False

    def stop(_signum, _frame) -> None:
        nonlocal stopping
        stopping = True
        for child in (server, sender):
            if child.poll() is None:
                child.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while server.poll() is None:
        if sender.poll() is not None and not stopping:
            print(f"mail sender exited ({sender.returncode}); starting it again in "
                  f"{SENDER_RESTART_S} s", file=sys.stderr, flush=True)
            time.sleep(SENDER_RESTART_S)
            sender = _start(sender_args())
        time.sleep(0.5)
    if sender.poll() is None:
        sender.terminate()
        sender.wait(30)
    return server.returncode


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the blog with granian.")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=_env_int("PORT", 5000))
    parser.add_argument("--target", default=APP_TARGET)
    options = parser.parse_args(argv)
    args = granian_args(options.target, options.host, options.port)
    print(serving_line(options.host, options.port), flush=True)
    if not sender_wanted():
        os.execve(args[0], args, server_env())  # noqa: S606 (our own venv's granian)
    sys.exit(supervise(args))


if __name__ == "__main__":
    main()
