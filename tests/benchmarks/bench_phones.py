"""Thirty phones at the tables: notes from the phone page while the trainer's app runs.

Run:  python tests/benchmarks/bench_phones.py [PHONES] [SECONDS] [EVERY]
      (default 30 phones, 300 s, a note every 5 s from each)

What runs, as on the day: `facilitator serve` (its own process, measured), the
trainer's app (`facilitator open`, in a pseudo-terminal), one room view tab over
its WebSocket (an app process that redraws its clock each second: a block runs),
and PHONES phones. Each phone does what the page's script does: it asks for the
state every 4 s and sends a note every EVERY seconds, one at a time, waiting for
the answer that it is on disk (Enter→✓). The phones run in this process; what
the trainer's laptop pays is the server (and the tabs' app processes it starts).

Printed: notes sent and saved, each once and in each phone's order (read back
from the store afterwards); Enter→✓ median, 95th percentile and worst; the
server's resident memory (min, median, max, sampled each second) and its CPU
over the run; the room tab's app process likewise.
"""

from __future__ import annotations

import asyncio
import os
import pty
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp

sys.path.insert(0, str(Path(__file__).parent))
from bench_serve import cpu_seconds, drain, open_tab, rss_mib  # noqa: E402
from terminal import facilitator, program_env  # noqa: E402

from facilitator import agenda  # noqa: E402
from facilitator.model import utc_now  # noqa: E402
from facilitator.plan import load_demo  # noqa: E402
from facilitator.store import Store  # noqa: E402

POLL = 4.0


def start_serve(
    store: Store,
    session_id: str,
    pages: tuple[str, ...] = ("room", "notes"),
    stderr: Any = subprocess.DEVNULL,
    preexec: Callable[[], None] | None = None,
    env: dict[str, str] | None = None,
) -> tuple[subprocess.Popen[str], dict[str, str]]:
    """`facilitator serve` in its own process; ``env`` added to its environment."""
    extra = {"FACILITATOR_STORE": str(store.root), "PYTHONUNBUFFERED": "1", **(env or {})}
    argv = ["serve", session_id, "--port", "0"]
    process = subprocess.Popen(
        [sys.executable, "-m", "facilitator", *argv] if env else facilitator(*argv),
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        env=program_env(extra),
        preexec_fn=preexec,
        cwd=(env or {}).get("PYTHONPATH"),  # `-m` looks in the folder it starts in first
    )
    found: dict[str, str] = {}
    assert process.stdout is not None
    while len(found) < len(pages):
        line = process.stdout.readline()
        if not line:
            raise RuntimeError("serve ended before it printed its addresses")
        for page in pages:
            hit = re.search(rf"(http://\S+/{page}/\S+)", line)
            if hit:
                found[page] = hit[1]
    threading.Thread(target=process.stdout.read, daemon=True).start()
    return process, found


def start_trainer(store: Store, session_id: str) -> subprocess.Popen[bytes]:
    """The trainer's app in a terminal of 100x30, its screen read and thrown away."""
    master, slave = pty.openpty()
    env = program_env({"FACILITATOR_STORE": str(store.root), "TERM": "xterm-256color"})
    process = subprocess.Popen(
        facilitator("open", session_id), stdin=slave, stdout=slave, stderr=slave, env=env
    )
    os.close(slave)

    def read() -> None:
        while True:
            try:
                if not os.read(master, 65536):
                    return
            except OSError:
                return

    threading.Thread(target=read, daemon=True).start()
    return process


async def phone(
    number: int, url: str, seconds: float, every: float, latencies: list[float], sent: list[str]
) -> None:
    group = f"Bord {number % 8 + 1}"
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as response:
            await response.read()

        async def poll() -> None:
            while True:
                async with session.get(url + "/api/state", params={"group": group}) as r:
                    await r.read()
                await asyncio.sleep(POLL)

        poller = asyncio.create_task(poll())
        await asyncio.sleep(number * every / 30)  # the tables do not all type at once
        ends = time.monotonic() + seconds
        count = 0
        while time.monotonic() < ends:
            started = time.monotonic()
            text = f"telefon {number:02d} anteckning {count:04d}"
            body = {"id": secrets.token_hex(8), "text": text, "group": group, "age_ms": 0}
            while True:  # as the page: again until the server says it is on disk
                try:
                    async with session.post(url + "/api/notes", json=body) as r:
                        if r.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(1)
            latencies.append(time.monotonic() - started)
            sent.append(text)
            count += 1
            await asyncio.sleep(max(0.0, every - (time.monotonic() - started)))
        poller.cancel()


async def measure(phones: int, seconds: float, every: float) -> None:
    store = Store(tempfile.mkdtemp(prefix="facilitator-phones-"))
    session_id = store.create(load_demo())
    first = store.load(session_id).blocks[1].id
    store.change_blocks(session_id, lambda b: agenda.start(b, first, utc_now()))
    # FACILITATOR_BENCH_SRC=folder: the server from that source (an older commit's export).
    source = os.environ.get("FACILITATOR_BENCH_SRC")
    server, urls = start_serve(store, session_id, env={"PYTHONPATH": source} if source else None)
    trainer = start_trainer(store, session_id)
    samples: list[tuple[float, float]] = []
    try:
        async with aiohttp.ClientSession() as session:
            room = await open_tab(session, urls["room"])
            reader = asyncio.create_task(drain(room))
            await asyncio.sleep(2)
            room_pid = next((int(p) for p in _children(server.pid) if p != str(trainer.pid)), None)
            latencies: list[float] = []
            sent: list[str] = []
            cpu_before = cpu_seconds(server.pid)
            room_before = cpu_seconds(room_pid) if room_pid else 0.0
            started = time.monotonic()

            async def watch() -> None:
                while True:
                    samples.append((rss_mib(server.pid), rss_mib(room_pid) if room_pid else 0.0))
                    await asyncio.sleep(1)

            watcher = asyncio.create_task(watch())
            await asyncio.gather(
                *(phone(i, urls["notes"], seconds, every, latencies, sent) for i in range(phones))
            )
            elapsed = time.monotonic() - started
            server_cpu = 100 * (cpu_seconds(server.pid) - cpu_before) / elapsed
            room_cpu = 100 * (cpu_seconds(room_pid) - room_before) / elapsed if room_pid else 0.0
            watcher.cancel()
            await room.close()
            reader.cancel()
    finally:
        trainer.terminate()
        server.terminate()
        server.wait(30)
        trainer.wait(30)
    notes = Store(store.root).load(session_id).notes
    texts = [n.text for n in notes]
    once = len(texts) == len(set(texts)) and sorted(texts) == sorted(sent)
    in_order = all(
        [t for t in texts if t.startswith(f"telefon {i:02d} ")]
        == sorted(t for t in texts if t.startswith(f"telefon {i:02d} "))
        for i in range(phones)
    )
    rss = [s for s, _ in samples]
    room_rss = [r for _, r in samples]
    ordered = sorted(latencies)
    print(f"{phones} phones, a note every {every:g} s each, for {seconds:g} s")
    print(
        f"notes sent {len(sent)}, in the store {len(texts)}: each once {once}, in order {in_order}"
    )
    print(f"{'':34}{'median':>9}{'p95':>9}{'worst':>9}")
    print(
        f"{'Enter -> saved (ms)':34}{1000 * statistics.median(ordered):9.0f}"
        f"{1000 * ordered[int(0.95 * (len(ordered) - 1))]:9.0f}{1000 * ordered[-1]:9.0f}"
    )
    print(f"{'':34}{'min':>9}{'median':>9}{'max':>9}")
    print(f"{'server RSS (MiB)':34}{min(rss):9.1f}{statistics.median(rss):9.1f}{max(rss):9.1f}")
    print(
        f"{'room tab app RSS (MiB)':34}{min(room_rss):9.1f}{statistics.median(room_rss):9.1f}"
        f"{max(room_rss):9.1f}"
    )
    print(f"server CPU over the run: {server_cpu:.1f} % of a core; room tab app: {room_cpu:.1f} %")


def _children(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []


if __name__ == "__main__":
    phones = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 300
    every = float(sys.argv[3]) if len(sys.argv) > 3 else 5
    asyncio.run(measure(phones, seconds, every))
