"""Sixty phones on the room's page, thirty answering a round within twenty seconds.

Run:  python tests/benchmarks/bench_voice.py [PHONES] [ANSWERING] [WINDOW]
      (default 60 phones, 30 of them answering, their answers spread over 20 s)

What runs, as on the day: `facilitator serve` (its own process, measured) and
the trainer's app (`facilitator open`, in a pseudo-terminal). The round is opened
as the trainer's `r` opens it (a change to the session on disk). Every phone does
what the page's script does: it asks for the state every 4 s; the answering ones
send their answer once, at a moment spread over WINDOW seconds, again until the
server says it is on disk (Send→✓). The phones run in this process.

Printed: answers sent and saved, each once (read back from the store); Send→✓
median, 95th percentile and worst; the server's resident memory (min, median,
max, sampled each second) and its CPU over the run.
"""

from __future__ import annotations

import asyncio
import random
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).parent))
from bench_phones import start_serve, start_trainer  # noqa: E402
from bench_serve import cpu_seconds, rss_mib  # noqa: E402

from facilitator import agenda  # noqa: E402
from facilitator.model import Round, utc_now  # noqa: E402
from facilitator.plan import load_demo  # noqa: E402
from facilitator.store import Store  # noqa: E402

POLL = 4.0
PROMPT = "Vad tar du med dig från dagen?"


async def phone(
    number: int,
    url: str,
    answer_at: float | None,
    ends: float,
    latencies: list[float],
    sent: list[str],
) -> None:
    token = secrets.token_hex(8)
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as response:
            await response.read()
        round_id = None
        answered = answer_at is None
        while time.monotonic() < ends:
            async with session.get(url + "/api/state") as r:
                state = await r.json()
            round_id = (state.get("round") or {}).get("id", round_id)
            if not answered and round_id and time.monotonic() >= answer_at:
                text = f"svar från telefon {number:02d}"
                body = {"id": secrets.token_hex(8), "text": text, "round": round_id, "phone": token}
                started = time.monotonic()
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
                answered = True
            await asyncio.sleep(min(POLL, max(0.05, (answer_at or ends) - time.monotonic())))


async def measure(phones: int, answering: int, window: float) -> None:
    store = Store(tempfile.mkdtemp(prefix="facilitator-voice-"))
    session_id = store.create(load_demo())
    block = store.load(session_id).blocks[1].id
    store.change_blocks(session_id, lambda b: agenda.start(b, block, utc_now()))
    server, urls = start_serve(store, session_id, pages=("room", "notes", "ask"))
    trainer = start_trainer(store, session_id)
    samples: list[float] = []
    try:
        await asyncio.sleep(2)
        asked = Round(PROMPT, block_id=block)
        store.change_session(session_id, lambda s: s.rounds.append(asked))
        latencies: list[float] = []
        sent: list[str] = []
        cpu_before = cpu_seconds(server.pid)
        started = time.monotonic()
        ends = started + window + 8  # the last answers, and a poll or two after them
        moments = sorted(random.uniform(0, window) for _ in range(answering))

        async def watch() -> None:
            while True:
                samples.append(rss_mib(server.pid))
                await asyncio.sleep(1)

        watcher = asyncio.create_task(watch())
        await asyncio.gather(
            *(
                phone(
                    i,
                    urls["ask"],
                    started + moments[i] if i < answering else None,
                    ends,
                    latencies,
                    sent,
                )
                for i in range(phones)
            )
        )
        elapsed = time.monotonic() - started
        server_cpu = 100 * (cpu_seconds(server.pid) - cpu_before) / elapsed
        watcher.cancel()
    finally:
        trainer.terminate()
        server.terminate()
        server.wait(30)
        trainer.wait(30)
    notes = [n for n in Store(store.root).load(session_id).notes if n.round_id == asked.id]
    texts = [n.text for n in notes]
    once = len(texts) == len(set(texts)) and sorted(texts) == sorted(sent)
    ordered = sorted(latencies)
    print(f"{phones} phones on the room's page, {answering} answering a round within {window:g} s")
    print(f"answers sent {len(sent)}, in the store {len(texts)}: each once {once}")
    print(f"{'':34}{'median':>9}{'p95':>9}{'worst':>9}")
    print(
        f"{'Send -> saved (ms)':34}{1000 * statistics.median(ordered):9.0f}"
        f"{1000 * ordered[int(0.95 * (len(ordered) - 1))]:9.0f}{1000 * ordered[-1]:9.0f}"
    )
    print(f"{'':34}{'min':>9}{'median':>9}{'max':>9}")
    print(
        f"{'server RSS (MiB)':34}{min(samples):9.1f}{statistics.median(samples):9.1f}"
        f"{max(samples):9.1f}"
    )
    print(f"server CPU over the run ({elapsed:.0f} s): {server_cpu:.1f} % of a core")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:4]]
    asyncio.run(measure(*(args + [60, 30, 20][len(args) :])))
