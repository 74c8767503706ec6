"""CPU used by the app while a block's timer runs, against an empty Textual app, over 30 s.

Run:  python tests/benchmarks/bench_cpu.py [SECONDS]   (prints a table; not part of the test run)

Each program runs in its own pseudo-terminal of 100x30, as in a real terminal,
all at the same time so that machine noise falls on them alike. CPU time is
read from /proc (Linux), so it counts work done, not time waited.
"""

from __future__ import annotations

import fcntl
import os
import pty
import shutil
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from datetime import timedelta
from pathlib import Path

from terminal import facilitator as _command

from facilitator import agenda
from facilitator.model import utc_now
from facilitator.plan import load_demo
from facilitator.store import Store

EMPTY_APP = "from textual.app import App\nApp().run()\n"


class InTerminal:
    """A program in a pseudo-terminal whose output is read and thrown away."""

    def __init__(self, argv: list[str]) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.master = master
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        try:
            while os.read(self.master, 65536):
                pass
        except OSError:
            pass

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        user, system = int(fields[11]), int(fields[12])
        return (user + system) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
        os.close(self.master)


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 30.0
    root = Path(tempfile.mkdtemp(prefix="facilitator-cpu-"))
    try:
        store = Store(root)
        session_id = store.create(load_demo())
        first = store.load(session_id).blocks[0].id
        # Started ten minutes ago, so the clock shows a real countdown.
        store.change_blocks(
            session_id, lambda b: agenda.start(b, first, utc_now() - timedelta(minutes=10))
        )
        programs = {
            "empty Textual app (baseline)": InTerminal([sys.executable, "-c", EMPTY_APP]),
            "facilitator agenda, timer running": InTerminal(
                _command("--store", str(root), "open", session_id)
            ),
            "facilitator room view, timer running": InTerminal(
                _command("--store", str(root), "room", session_id)
            ),
        }
        time.sleep(4)  # start-up is not what is measured
        before = {name: p.cpu_seconds() for name, p in programs.items()}
        time.sleep(seconds)
        used = {name: p.cpu_seconds() - before[name] for name, p in programs.items()}
        for program in programs.values():
            program.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"CPU over {seconds:.0f} s, idle but for the clock:")
    print(f"{'program':<40} {'cpu s':>7} {'% of a core':>12}")
    for name, cpu in used.items():
        print(f"{name:<40} {cpu:>7.2f} {100 * cpu / seconds:>11.2f}%")
    baseline = used["empty Textual app (baseline)"]
    for name, cpu in used.items():
        if baseline > 0 and "baseline" not in name:
            print(f"{name} / baseline: {cpu / baseline:.1f}x")


if __name__ == "__main__":
    main()
