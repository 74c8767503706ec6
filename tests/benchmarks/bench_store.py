"""Store benchmarks: the cost of saving one note, and of the whole `facilitator note` command.

Run:  python tests/benchmarks/bench_store.py   (prints a table; not part of the test run)

Figures are medians of many runs on whatever machine this is; each comparison is
against a baseline measured in the same run, so a busy machine skews both alike.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from terminal import facilitator as _command
from tinydb import TinyDB

from facilitator.model import Note, Session, SessionData
from facilitator.records import note_to_record
from facilitator.store import Store

TEXT = "Lärande är en förutsättning för innovation, och en innovation kräver nytt lärande. " * 2
SAVES = 60


def _session_with_notes(count: int, title: str) -> SessionData:
    return SessionData(Session(title=title), notes=[Note(text=f"{i} {TEXT}") for i in range(count)])


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _time_saves(store: Store, session_id: str) -> list[float]:
    samples = []
    for i in range(SAVES):
        started = time.perf_counter()
        store.save_notes(session_id, [Note(f"new {i} {TEXT}")])
        samples.append(time.perf_counter() - started)
    return samples


def bench_note_save(root: Path) -> list[tuple[str, float, float]]:
    small = Store(root / "small")
    small_id = small.create(_session_with_notes(100, "one session, 100 notes"))

    big = Store(root / "big")
    ids = [big.create(_session_with_notes(200, f"session {i}")) for i in range(50)]

    one = Store(root / "one")
    one_id = one.create(_session_with_notes(10_000, "one long session"))

    # A day of 50,000 notes: 500 notes files in one session's folder.
    long_day = Store(root / "long")
    long_id = long_day.create(_session_with_notes(50_000, "one very long session"))

    # The naive baseline: every note of every session in one stock TinyDB file.
    naive_path = root / "naive.json"
    naive = TinyDB(naive_path)
    naive.table("notes").insert_multiple(
        note_to_record(Note(text=f"{i} {TEXT}")) for i in range(10_000)
    )

    def naive_save(i: int) -> float:
        started = time.perf_counter()
        naive.table("notes").insert(note_to_record(Note(text=f"new {i} {TEXT}")))
        with open(naive_path, "rb+") as handle:  # make it durable, as ours is
            os.fsync(handle.fileno())
        return time.perf_counter() - started

    # Interleave the three so that machine noise falls on all of them alike.
    small_t: list[float] = []
    big_t: list[float] = []
    naive_t: list[float] = []
    one_t: list[float] = []
    long_t: list[float] = []
    for _ in range(3):
        small_t += _time_saves(small, small_id)
        big_t += _time_saves(big, ids[25])
        one_t += _time_saves(one, one_id)
        long_t += _time_saves(long_day, long_id)
        naive_t += [naive_save(i) for i in range(SAVES // 3)]
    naive.close()
    return [
        ("save one note, 100 notes stored", _median_ms(small_t), max(small_t) * 1000),
        ("save one note, 10,000 notes in 50 sessions", _median_ms(big_t), max(big_t) * 1000),
        ("save one note, 10,000 notes in one session", _median_ms(one_t), max(one_t) * 1000),
        ("save one note, 50,000 notes in one session", _median_ms(long_t), max(long_t) * 1000),
        (
            "baseline: stock TinyDB, 10,000 notes in one file",
            _median_ms(naive_t),
            max(naive_t) * 1000,
        ),
    ]


def _time_process(argv: list[str], runs: int, env: dict[str, str]) -> list[float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
        samples.append(time.perf_counter() - started)
    return samples


def bench_note_command(root: Path) -> list[tuple[str, float, float]]:
    store = Store(root / "cli")
    session_id = store.create(_session_with_notes(200, "cli"))
    env = {**os.environ, "FACILITATOR_STORE": str(store.root)}
    bare, note, helps = [], [], []
    for _ in range(5):
        bare += _time_process([sys.executable, "-c", "pass"], 5, env)
        note += _time_process(_command("note", session_id, "A note from a script"), 5, env)
        helps += _time_process(_command("--help"), 5, env)
    return [
        ("process: python -c pass", _median_ms(bare), max(bare) * 1000),
        ("process: facilitator note", _median_ms(note), max(note) * 1000),
        ("process: facilitator --help", _median_ms(helps), max(helps) * 1000),
    ]


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="facilitator-bench-"))
    try:
        saves = bench_note_save(root)
        processes = bench_note_command(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"{'measure':<52} {'median ms':>10} {'worst ms':>10}")
    for name, median, worst in saves + processes:
        print(f"{name:<52} {median:>10.2f} {worst:>10.2f}")
    print()
    print(
        f"10,000-note save / 100-note save:      {saves[1][1] / saves[0][1]:.2f}x  (goal <= 1.3x)"
    )
    print(
        f"50,000 notes in one session / 100 notes: {saves[3][1] / saves[0][1]:.2f}x  (goal <= 1.3x)"
    )
    print(f"stock TinyDB save / our 10,000-note save: {saves[4][1] / saves[1][1]:.2f}x")
    print(
        f"facilitator note / python -c pass:     {processes[1][1] / processes[0][1]:.2f}x  (goal <= 10x)"
    )


if __name__ == "__main__":
    main()
