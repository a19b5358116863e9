"""wrk runs and the numbers read from its output."""

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

THREADS = 2
CONNECTIONS = 32
LUA_DIR = Path(__file__).resolve().parent / "lua"

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass
class LoadResult:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # socket errors, timeouts and non-2xx/3xx answers
    extra: dict[str, int]  # counters a Lua script printed as `name=value`


def _latency_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    return float(match.group(1)) * _UNITS[match.group(2)] if match else float("nan")


def parse_wrk(output: str) -> LoadResult:
    def percentile(label: str) -> float:
        match = re.search(rf"^\s*{label}%\s+(\S+)", output, re.MULTILINE)
        return _latency_ms(match.group(1)) if match else float("nan")

    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    extra = {k: int(v) for k, v in re.findall(r"^(\w+)=(\d+)$", output, re.MULTILINE)}
    return LoadResult(
        requests_per_s=float(rate.group(1)) if rate else 0.0,
        p50_ms=percentile("50"),
        p99_ms=percentile("99"),
        requests=int(total.group(1)) if total else 0,
        errors=errors + (int(non_2xx.group(1)) if non_2xx else 0),
        extra=extra,
    )


def run_wrk(url: str, seconds: int, *, connections: int = CONNECTIONS,
            script: Path | None = None, headers: dict[str, str] | None = None,
            script_args: list[str] | None = None) -> LoadResult:
    command = ["wrk", f"-t{THREADS}", f"-c{connections}", f"-d{seconds}s", "--latency",
               "--timeout", "10s"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", str(script)]
    command.append(url)
    if script_args:
        command += ["--", *script_args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60,
                          check=True)
    return parse_wrk(done.stdout)
