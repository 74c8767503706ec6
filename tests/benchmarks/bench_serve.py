"""What `facilitator serve` costs the trainer's laptop per browser tab, up to its limit of 30.

Run:  python tests/benchmarks/bench_serve.py [TABS] [SECONDS]   (default 30 tabs, 20 s)

A server on localhost, a block running (so every room page redraws its clock
each second), and TABS tabs opened over WebSocket as a browser opens them: half
room pages, half notes pages. The browsers themselves run on other devices and
cost the laptop nothing; what the laptop pays is one app process per tab. For
each, resident memory (VmRSS) and CPU over SECONDS are read from /proc (Linux);
the server's own process is this one. The baseline, measured in the same run,
is the first tab alone before the others open.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).parent.parent))
from serving import address, running_server  # noqa: E402

from facilitator import agenda  # noqa: E402
from facilitator.model import utc_now  # noqa: E402
from facilitator.plan import load_demo  # noqa: E402
from facilitator.store import Store  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


async def open_tab(session: aiohttp.ClientSession, url: str) -> aiohttp.ClientWebSocketResponse:
    socket = await session.ws_connect(url.replace("http", "ws") + "/ws?width=100&height=30")
    while True:
        message = await asyncio.wait_for(socket.receive(), 60)
        if message.type == aiohttp.WSMsgType.BINARY and len(message.data) > 100:
            break
    return socket


async def drain(socket: aiohttp.ClientWebSocketResponse) -> None:
    """Read what the app sends, as a browser would (an unread socket would hold it back)."""
    async for _ in socket:
        pass


async def measure(tabs: int, seconds: float) -> None:
    store = Store(tempfile.mkdtemp(prefix="facilitator-bench-"))
    session_id = store.create(load_demo())
    first = store.load(session_id).blocks[1].id
    store.change_blocks(session_id, lambda b: agenda.start(b, first, utc_now()))
    async with running_server(store, session_id, max_apps=tabs) as server:
        async with aiohttp.ClientSession() as session:
            sockets = [await open_tab(session, address(server, "room"))]
            readers = [asyncio.create_task(drain(sockets[0]))]
            await asyncio.sleep(2)
            pids = [tab.pid for tab in server.tabs if tab.pid]
            alone = await sample(pids, seconds)
            started = time.perf_counter()
            for i in range(1, tabs):
                page = "room" if i % 2 == 0 else "notes"
                sockets.append(await open_tab(session, address(server, page)))
                readers.append(asyncio.create_task(drain(sockets[-1])))
            opened = time.perf_counter() - started
            await asyncio.sleep(3)
            pids = [tab.pid for tab in server.tabs if tab.pid]
            every = await sample(pids, seconds)
            server_rss = rss_mib(os.getpid())
            for socket in sockets:
                await socket.close()
            for reader in readers:
                reader.cancel()
    rss, cpu = zip(*every.values(), strict=True)
    ((alone_rss, alone_cpu),) = alone.values()
    print(f"tabs held: {len(every)} of {tabs} asked for (opened in {opened:.1f} s)")
    print(f"{'':32}{'min':>9}{'median':>9}{'max':>9}")
    print(f"{'RSS per tab (MiB)':32}{min(rss):9.1f}{statistics.median(rss):9.1f}{max(rss):9.1f}")
    print(
        f"{'CPU per tab (% of a core)':32}{min(cpu):9.2f}{statistics.median(cpu):9.2f}"
        f"{max(cpu):9.2f}"
    )
    print(f"all tabs together: {sum(rss):.0f} MiB, {sum(cpu):.1f} % of a core")
    print(f"the server itself: {server_rss:.0f} MiB")
    print(
        f"baseline, one tab alone: {alone_rss:.1f} MiB, {alone_cpu:.2f} % of a core; "
        f"median tab among {len(every)}: {statistics.median(rss) / alone_rss:.2f}x memory, "
        f"{statistics.median(cpu) / max(alone_cpu, 0.01):.2f}x CPU"
    )


async def sample(pids: list[int], seconds: float) -> dict[int, tuple[float, float]]:
    before = {pid: cpu_seconds(pid) for pid in pids}
    await asyncio.sleep(seconds)
    return {pid: (rss_mib(pid), 100 * (cpu_seconds(pid) - before[pid]) / seconds) for pid in pids}


if __name__ == "__main__":
    tabs = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 20
    asyncio.run(measure(tabs, seconds))
