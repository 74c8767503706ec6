"""Running a program in a pseudo-terminal for the benchmarks: time to first paint, CPU, memory."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

# The baseline for start-up: a plain Textual app with a header, one line of text and a key bar.
EMPTY_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Plain(App):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self):
        yield Header()
        yield Static("ready to go")
        yield Footer()

Plain().run()
"""


def facilitator(*args: str) -> list[str]:
    """The command line that runs ``facilitator ARGS`` from this environment."""
    script = Path(sys.executable).with_name("facilitator")
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "facilitator", *args]


def empty_app() -> list[str]:
    return [sys.executable, "-c", EMPTY_APP]


def program_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a measured program: as a user's, with byte-code caching on.

    A shell that sets PYTHONDONTWRITEBYTECODE would make every run compile the
    project's modules from source, which no installed copy does.
    """
    env = {**os.environ, **(extra or {})}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def first_paint(
    argv: list[str], marker: str | tuple[str, ...], size: tuple[int, int] = (100, 30)
) -> float:
    """Seconds from starting ``argv`` in a terminal of ``size`` until ``marker`` is on screen.

    Several markers: until every one of them is (a frame is complete when its
    last part is drawn: an app's key bar often comes a frame after the rest).
    """
    master, slave = pty.openpty()
    columns, rows = size
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    env = program_env({"TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(rows)})
    started = time.perf_counter()
    process = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    seen = b""
    wanted = [m.encode() for m in ((marker,) if isinstance(marker, str) else marker)]
    try:
        while time.perf_counter() - started < 30:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            if all(w in seen for w in wanted):
                return time.perf_counter() - started
        raise RuntimeError(f"{marker!r} never appeared: {seen[-300:]!r}")
    finally:
        process.kill()
        process.wait()
        os.close(master)


def paired(
    a: Callable[[], float], b: Callable[[], float], runs: int
) -> tuple[float, float, float, float]:
    """Medians of a and b, run in turn (a b a b ...), the median of the ratios a/b pair by
    pair, and the ratio of the quickest run of each side (what is left of each when the
    machine's other work is taken away: on a shared machine, the steadier of the two)."""
    a(), b()  # warm the disk cache and the byte-code
    times_a, times_b, ratios = [], [], []
    for _ in range(runs):
        x, y = a(), b()
        times_a.append(x)
        times_b.append(y)
        ratios.append(x / y)
    return (
        statistics.median(times_a),
        statistics.median(times_b),
        statistics.median(ratios),
        min(times_a) / min(times_b),
    )
