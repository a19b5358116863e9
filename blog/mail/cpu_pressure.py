"""How long runnable tasks have waited for a CPU lately, so the sender can give way to pages.

Linux's pressure stall information (/proc/pressure/cpu): "some avg10" is the share of the last
10 s in which at least one runnable task waited for a CPU. Niceness alone does not make the
sender give way: it sleeps between messages, and the scheduler lets a task that wakes run
soon, so at 20 messages/s and niceness 10 it still took 13% of a core from a loaded site.
Where the kernel has no PSI, the 1-minute load average per core stands in.
"""

import os
from pathlib import Path

from blog.serve import usable_cores

PSI_CPU = Path("/proc/pressure/cpu")


def parse_psi(text: str) -> float | None:
    """The "some avg10" of a PSI file, as a share (0-1); None if the text has none."""
    for line in text.splitlines():
        kind, _, fields = line.partition(" ")
        if kind == "some":
            values = dict(field.split("=", 1) for field in fields.split())
            return float(values["avg10"]) / 100 if "avg10" in values else None
    return None


def cpu_pressure() -> float:
    """The share of recent time tasks waited for a CPU (0-1; may pass 1 from load average)."""
    try:
        found = parse_psi(PSI_CPU.read_text())
    except OSError:
        found = None
    if found is not None:
        return found
    cores = usable_cores()
    return max(0.0, os.getloadavg()[0] - cores) / cores
