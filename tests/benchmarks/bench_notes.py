"""Saving notes from the app: Enter to durable, keys typed during a slow save, the clock under a held lock.

Run:  python tests/benchmarks/bench_notes.py   (prints tables; not part of the test run)

The app runs headless in this process, on the note-taker's screen, and keys
are posted to it as a terminal delivers them (no waiting for the app between
keys). Three measurements, each against a baseline from the same run:

1. Enter → durable: for each of 200 notes, from posting Enter to the notes
   file replaced and its folder synced (a crash can no longer lose it);
   "shown" is until the note is taken from the line and pending. With 10,000
   notes stored against 100. Notes one at a time (the app idle when Enter
   comes, as at a note-taker's pace), and back to back (each Enter as soon as
   the previous note is read back, so it also waits for the list's redraw).
2. Keys typed while a note is being saved on a disk whose every fsync takes
   0.3 s: from posting each key to the capture line holding it. Against the
   same keys typed with the disk idle.
3. The clock while another process holds the session's lock for 3 s and a
   note waits for it: the longest gap between ticks of a 50 ms timer. Against
   the same 3 s with no lock held.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.widgets import Input

from facilitator import storage
from facilitator.app import FacilitatorApp
from facilitator.model import Note, Session, SessionData
from facilitator.store import LOCK_FILE, Store

TEXT = "Lärande är en förutsättning för innovation, och en innovation kräver nytt lärande."
NOTES = 200
KEYS = 40


def _session(root: Path, stored: int) -> tuple[Store, str]:
    store = Store(root / f"store-{stored}-{time.monotonic_ns()}")
    notes = [Note(text=f"{i} {TEXT}") for i in range(stored)]
    return store, store.create(SessionData(Session(title=f"{stored} notes"), notes=notes))


async def _until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError
        await asyncio.sleep(0.0005)


def _type(app: FacilitatorApp, text: str) -> None:
    for char in text:
        key = "enter" if char == "\n" else ("space" if char == " " else char)
        app.post_message(events.Key(key, "\r" if char == "\n" else char))


async def enter_to_durable(
    stored: int, root: Path, back_to_back: bool = False
) -> tuple[list[float], list[float]]:
    store, session_id = _session(root, stored)
    synced: list[float] = []
    real = storage.fsync_folder

    def timed(folder: Path) -> None:
        real(folder)
        synced.append(time.perf_counter())

    storage.fsync_folder = timed
    durable: list[float] = []
    shown: list[float] = []
    try:
        app = FacilitatorApp(store, session_id, language="en", mode="notes")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            line = app.screen.query_one("#notes-capture", Input)
            # When the line was taken (and shown as saving): recorded as it happens, not
            # polled for, since on a fast disk the note may be saved and read back first.
            taken: list[float] = []
            take = app.services.notes.take_line

            def timed_take(*args: object, **kwargs: object) -> object:
                got = take(*args, **kwargs)  # type: ignore[arg-type]
                taken.append(time.perf_counter())
                return got

            app.services.notes.take_line = timed_take  # type: ignore[method-assign]
            for i in range(NOTES):
                line.value = f"new {i} {TEXT}"
                synced.clear()
                taken.clear()
                started = time.perf_counter()
                _type(app, "\n")
                await _until(lambda: bool(taken))
                shown.append(taken[0] - started)
                await _until(lambda: bool(synced))
                durable.append(synced[0] - started)
                await _until(lambda: not app.services.notes.pending)
                if not back_to_back:
                    await pilot.pause()  # a note-taker's pace: the list is redrawn first
    finally:
        storage.fsync_folder = real
    assert len(store.load(session_id).notes) == stored + NOTES
    return durable, shown


async def keys_during_a_save(root: Path, slow: bool) -> list[float]:
    store, session_id = _session(root, 100)
    real_fsync = os.fsync

    def slow_fsync(fd: int) -> None:
        time.sleep(0.3)
        real_fsync(fd)

    if slow:
        os.fsync = slow_fsync
    latencies: list[float] = []
    try:
        app = FacilitatorApp(store, session_id, language="en", mode="notes")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            line = app.screen.query_one("#notes-capture", Input)
            for round_ in range(3):
                _type(app, f"note {round_}\n")
                await _until(lambda: line.value == "")
                for i in range(KEYS // 3):
                    before = len(line.value)
                    started = time.perf_counter()
                    _type(app, "abcdefghij"[i % 10])
                    await _until(lambda before=before: len(line.value) > before)  # type: ignore[misc]
                    latencies.append(time.perf_counter() - started)
                    await asyncio.sleep(0.02)  # a fast typist: 50 keys a second
                if slow:
                    assert app.services.desk.writer.busy, "the keys were typed during the save"
                line.value = ""
                await _until(lambda: not app.services.desk.writer.busy)
    finally:
        os.fsync = real_fsync
    return latencies


HOLD = (
    "import sys, time\n"
    "from pathlib import Path\n"
    "from facilitator.storage import FileLock\n"
    "lock = FileLock(Path(sys.argv[1])); lock.acquire(); print('locked', flush=True)\n"
    "time.sleep(float(sys.argv[2]))\n"
)


async def clock_under_a_held_lock(root: Path, hold: bool) -> float:
    store, session_id = _session(root, 100)
    holder = None
    if hold:
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(store.folder_for(session_id) / LOCK_FILE), "3"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    ticks: list[float] = []
    app = FacilitatorApp(store, session_id, language="en", mode="notes")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.set_interval(0.05, lambda: ticks.append(time.perf_counter()))
        _type(app, "while the lock is held\n")
        await asyncio.sleep(3.0)
        await _until(lambda: not app.services.notes.pending, timeout=15)
    if holder is not None:
        holder.wait(timeout=10)
    return max(b - a for a, b in zip(ticks, ticks[1:], strict=False))


def ms(value: float) -> str:
    return f"{value * 1000:.1f}"


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="facilitator-notes-"))
    try:
        durable = {n: asyncio.run(enter_to_durable(n, root)) for n in (100, 10_000)}
        rushed = {n: asyncio.run(enter_to_durable(n, root, True)) for n in (100, 10_000)}
        idle_keys = asyncio.run(keys_during_a_save(root, slow=False))
        busy_keys = asyncio.run(keys_during_a_save(root, slow=True))
        free_gap = asyncio.run(clock_under_a_held_lock(root, hold=False))
        held_gap = asyncio.run(clock_under_a_held_lock(root, hold=True))
    finally:
        shutil.rmtree(root, ignore_errors=True)

    print(f"1. Enter to durable, {NOTES} notes each, keys posted as a terminal sends them (ms)")
    print(
        f"{'notes stored':<14}{'median':>9}{'worst':>9}   {'shown median':>13}{'worst':>9}"
        f"   {'back to back':>13}{'worst':>9}"
    )
    for stored, (done, shown) in durable.items():
        quick = rushed[stored][0]
        print(
            f"{stored:<14,}{ms(statistics.median(done)):>9}{ms(max(done)):>9}"
            f"   {ms(statistics.median(shown)):>13}{ms(max(shown)):>9}"
            f"   {ms(statistics.median(quick)):>13}{ms(max(quick)):>9}"
        )
    for label, series in (("one at a time", durable), ("back to back", rushed)):
        ratio = statistics.median(series[10_000][0]) / statistics.median(series[100][0])
        print(f"   10,000 / 100 stored, median Enter to durable, {label}: {ratio:.2f}x")

    print(f"\n2. A key typed to the capture line holding it, {len(busy_keys)} keys (ms)")
    print(f"{'':<30}{'median':>9}{'worst':>9}")
    print(f"{'disk idle':<30}{ms(statistics.median(idle_keys)):>9}{ms(max(idle_keys)):>9}")
    print(
        f"{'during a save, fsync 0.3 s':<30}{ms(statistics.median(busy_keys)):>9}"
        f"{ms(max(busy_keys)):>9}"
    )
    print(
        f"   during / idle, medians: {statistics.median(busy_keys) / statistics.median(idle_keys):.2f}x;"
        f" keys later than 50 ms: {sum(k > 0.05 for k in busy_keys)} of {len(busy_keys)}"
    )

    print("\n3. Longest gap between ticks of a 50 ms timer over 3 s with a note to save (ms)")
    print(f"{'no lock held':<30}{ms(free_gap):>9}")
    print(f"{'lock held 3 s by another':<30}{ms(held_gap):>9}")
    print(f"   held / free: {held_gap / free_gap:.2f}x")


if __name__ == "__main__":
    main()
