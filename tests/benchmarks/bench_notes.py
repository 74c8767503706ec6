"""Saving a note from the app: Enter to the note being durable on disk, with 10,000 notes stored.

Run:  python tests/benchmarks/bench_notes.py   (prints a table; not part of the test run)

The app runs headless in this process, on the note-taker's screen. For each of
200 notes the clock starts as Enter is pressed and stops when the notes file
has been replaced and its folder synced to disk, i.e. when a crash could no
longer lose the note. That span includes Pilot's delivery of the key (it waits
for the app to be idle first); "save" is the app's own part, from the Enter
handler's save call to durable. "Ready" is when Pilot's press returns, the list redrawn.
The baseline is the same on a session of 100 notes.
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from facilitator import storage
from facilitator.app import FacilitatorApp
from facilitator.model import Note, Session, SessionData
from facilitator.store import Store

TEXT = "Lärande är en förutsättning för innovation, och en innovation kräver nytt lärande."
NOTES = 200


async def measure(stored: int, root: Path) -> tuple[list[float], list[float], list[float]]:
    store = Store(root / f"store-{stored}")
    notes = [Note(text=f"{i} {TEXT}") for i in range(stored)]
    session_id = store.create(SessionData(Session(title=f"{stored} notes"), notes=notes))
    durable_at: list[float] = []
    real_fsync_folder = storage.fsync_folder

    def timed_fsync_folder(folder: Path) -> None:
        real_fsync_folder(folder)
        durable_at.append(time.perf_counter())

    handler_at: list[float] = []
    storage.fsync_folder = timed_fsync_folder
    durable: list[float] = []
    saving: list[float] = []
    ready: list[float] = []
    try:
        app = FacilitatorApp(store, session_id, language="en", mode="notes")
        real_add_note = app.add_note

        def timed_add_note(*args: Any, **kwargs: Any) -> Any:
            handler_at.append(time.perf_counter())  # the Enter handler calls this first
            return real_add_note(*args, **kwargs)

        app.add_note = timed_add_note  # type: ignore[method-assign]
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            capture = app.screen.query_one("#notes-capture")
            for i in range(NOTES):
                capture.value = f"new {i} {TEXT}"  # type: ignore[attr-defined]
                durable_at.clear()
                handler_at.clear()
                started = time.perf_counter()
                await pilot.press("enter")
                ready.append(time.perf_counter() - started)
                durable.append(durable_at[0] - started)
                saving.append(durable_at[0] - handler_at[0])
    finally:
        storage.fsync_folder = real_fsync_folder
    assert len(store.load(session_id).notes) == stored + NOTES
    return durable, saving, ready


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="facilitator-notes-"))
    try:
        results = {n: asyncio.run(measure(n, root)) for n in (100, 10_000)}
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"Saving a note from the app, {NOTES} notes each (milliseconds):")
    header = ("notes stored", "Enter→durable", "worst", "save→durable", "worst", "ready", "worst")
    print("{:<13} {:>14} {:>8} {:>13} {:>8} {:>8} {:>8}".format(*header))
    print(
        "{:<13} {:>14} {:>8} {:>13} {:>8} {:>8} {:>8}".format(
            "",
            *(
                [
                    "median",
                    "",
                ]
                * 3
            ),
        )
    )
    for stored, series in results.items():
        cells = []
        for values in series:
            cells += [f"{statistics.median(values) * 1000:.2f}", f"{max(values) * 1000:.2f}"]
        print("{:<13,} {:>14} {:>8} {:>13} {:>8} {:>8} {:>8}".format(stored, *cells))
    base, big = results[100], results[10_000]
    ratios = [statistics.median(b) / statistics.median(a) for a, b in zip(base, big, strict=True)]
    print(
        "10,000 / 100 stored, medians: Enter→durable {:.2f}x, save→durable {:.2f}x, ready {:.2f}x".format(
            *ratios
        )
    )


if __name__ == "__main__":
    main()
