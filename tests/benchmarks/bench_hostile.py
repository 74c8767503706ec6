"""Phones saving while a stranger holds sockets open: `serve` at a file limit of 256.

Run:  python tests/benchmarks/bench_hostile.py [SOCKETS] [SECONDS] [ADDRESSES]
      (default 500 sockets, 30 s, from 1 address; the phones from 30 more)

`facilitator serve` runs in its own process with a soft file limit of 256
(macOS's default). A stranger keeps SOCKETS connections open to it from
ADDRESSES loopback addresses (127.0.2.x): each sends a request line, then
a header line every 2 s, and connects again at once whenever the server closes
it. After 3 s, 30 phones (each from its own address, 127.0.1.x) send a note
every 2 s each, waiting at most 5 s for each answer.

Printed: the phones' notes answered 200, and within 1 s; Enter→✓ median, 95th
percentile and worst; the stranger's sockets held at the end and how often it
had to connect again; what the server wrote to its error stream (lines,
bytes, tracebacks); its resident memory and CPU over the run.

FACILITATOR_BENCH_SRC=folder runs the server from that source folder instead
(an export of an older commit, for the figures before a change).
"""

from __future__ import annotations

import asyncio
import os
import resource
import secrets
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).parent))
from bench_phones import start_serve  # noqa: E402
from bench_serve import cpu_seconds, rss_mib  # noqa: E402

from facilitator.plan import load_demo  # noqa: E402
from facilitator.store import Store  # noqa: E402

FILE_LIMIT = 256
PHONES = 30


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (FILE_LIMIT, FILE_LIMIT))


async def stranger(
    port: int, source: str, stop: asyncio.Event, counts: dict[str, int], held: list[int]
) -> None:
    """One socket, kept open by dribbling; opened again whenever closed."""
    while not stop.is_set():
        try:
            reader, writer = await asyncio.open_connection(
                "127.0.0.1", port, local_addr=(source, 0)
            )
        except OSError:
            counts["failed"] += 1
            await asyncio.sleep(0.1)
            continue
        counts["opened"] += 1
        held[0] += 1
        try:
            writer.write(b"GET /notes/x HTTP/1.1\r\n")
            while not stop.is_set():
                try:
                    if await asyncio.wait_for(reader.read(1024), 2.0) == b"":
                        break  # closed by the server
                except TimeoutError:
                    writer.write(b"X-a: b\r\n")
        except OSError:
            pass
        finally:
            held[0] -= 1
            writer.close()
        await asyncio.sleep(0.1)


async def phone(
    number: int, url: str, start: float, ends: float, latencies: list[float], answers: list[int]
) -> None:
    connector = aiohttp.TCPConnector(local_addr=(f"127.0.1.{number + 1}", 0))
    timeout = aiohttp.ClientTimeout(total=5)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        await asyncio.sleep(max(0.0, start - time.monotonic()) + number * 2 / PHONES)
        while time.monotonic() < ends:
            began = time.monotonic()
            body = {"id": secrets.token_hex(8), "text": f"telefon {number}", "phone": str(number)}
            try:
                async with session.post(url + "/api/notes", json=body) as response:
                    await response.read()
                    answers.append(response.status)
            except (aiohttp.ClientError, TimeoutError):
                answers.append(0)
            latencies.append(time.monotonic() - began)
            await asyncio.sleep(max(0.0, 2 - (time.monotonic() - began)))


async def measure(sockets: int, seconds: float, addresses: int) -> None:
    store = Store(tempfile.mkdtemp(prefix="facilitator-hostile-"))
    session_id = store.create(load_demo())
    errors = tempfile.TemporaryFile()
    source = os.environ.get("FACILITATOR_BENCH_SRC")
    extra = {"PYTHONPATH": source} if source else {}
    process, urls = start_serve(
        store, session_id, ("notes",), stderr=errors, preexec=_limited, env=extra
    )
    port = int(urls["notes"].split(":")[2].split("/")[0])
    stop = asyncio.Event()
    counts = {"opened": 0, "failed": 0}
    held = [0]
    cpu_before = cpu_seconds(process.pid)
    rss: list[float] = []
    sampling = True

    def sample() -> None:
        while sampling:
            try:
                rss.append(rss_mib(process.pid))
            except OSError:
                return
            time.sleep(1)

    threading.Thread(target=sample, daemon=True).start()
    begun = time.monotonic()
    strangers = [
        asyncio.create_task(stranger(port, f"127.0.2.{i % addresses + 1}", stop, counts, held))
        for i in range(sockets)
    ]
    latencies: list[float] = []
    answers: list[int] = []
    ends = begun + seconds
    await asyncio.gather(
        *(phone(i, urls["notes"], begun + 3, ends, latencies, answers) for i in range(PHONES))
    )
    still = held[0]
    stop.set()
    await asyncio.gather(*strangers, return_exceptions=True)
    cpu = cpu_seconds(process.pid) - cpu_before
    elapsed = time.monotonic() - begun
    sampling = False
    process.terminate()
    process.wait(30)
    errors.seek(0)
    said = errors.read().decode("utf-8", "replace")
    quick = sum(1 for a, s in zip(answers, latencies, strict=True) if a == 200 and s <= 1.0)
    ordered = sorted(latencies)
    print(f"server from {source or 'this checkout'}; file limit {FILE_LIMIT}")
    print(f"stranger: {sockets} sockets from {addresses} address(es) for {seconds:g} s")
    print(
        f"  held at the end {still}; connected {counts['opened']} times, failed {counts['failed']}"
    )
    print(f"phones: {PHONES}, {len(answers)} notes sent")
    print(
        f"  200: {answers.count(200)}; 200 within 1 s: {quick} ({quick / max(1, len(answers)):.0%})"
    )
    print(f"  others: {sorted(set(a for a in answers if a != 200))}")
    if ordered:
        p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
        print(
            f"  Enter→✓ median {statistics.median(ordered) * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms, worst {ordered[-1] * 1000:.0f} ms"
        )
    print(
        f"server stderr: {len(said.splitlines())} lines, {len(said.encode()):,} bytes, "
        f"{said.count('Traceback')} tracebacks"
    )
    if rss:
        print(
            f"server RSS: min {min(rss):.0f} MiB, median {statistics.median(rss):.0f}, max {max(rss):.0f}"
        )
    print(f"server CPU: {cpu:.1f} s over {elapsed:.0f} s ({cpu / elapsed:.0%} of a core)")
    for line in said.splitlines()[: int(os.environ.get("SHOW_LINES", "3"))]:
        print("  |", line[:160])


if __name__ == "__main__":
    asyncio.run(
        measure(
            int(sys.argv[1]) if len(sys.argv) > 1 else 500,
            float(sys.argv[2]) if len(sys.argv) > 2 else 30,
            int(sys.argv[3]) if len(sys.argv) > 3 else 1,
        )
    )
