"""Exporting a session of 1,000 notes, whole process, each format (docx too), against `facilitator --help`.

Run:  python tests/benchmarks/bench_export.py   (prints a table; not part of the test run)
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from terminal import facilitator as _command
from terminal import program_env

from facilitator.model import Note, NoteKind
from facilitator.plan import load_demo
from facilitator.store import Store

RUNS = 15


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="facilitator-export-"))
    try:
        store = Store(root)
        session_id = store.create(load_demo())
        kinds = list(NoteKind)
        start = store.load(session_id).session.created_at
        for i in range(1000):
            note = Note(
                f"Anteckning {i}: lärande och innovation hänger ihop, <och> *så* vidare.",
                kinds[i % len(kinds)],
                speaker="Karin" if i % 5 == 1 else "",
                created_at=start + timedelta(seconds=i),
            )
            store.save_notes(session_id, [note])
        # As a user's install runs (byte-code kept), with settings and a cache of the run's own.
        env = program_env(
            {
                "FACILITATOR_STORE": str(root),
                "FACILITATOR_SETTINGS": str(root / "settings.toml"),
                "XDG_CACHE_HOME": str(root / "cache"),
            }
        )
        commands = {"facilitator --help (baseline)": _command("--help")}
        for fmt in ("md", "html", "txt", "json"):
            commands[f"export --format {fmt}"] = _command("export", session_id, "--format", fmt)
        # Word writes a file, never to stdout.
        commands["export --format docx"] = _command(
            "export", session_id, "-o", str(root / "recap.docx")
        )
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(RUNS):  # interleaved, so noise falls on all alike
            for name, argv in commands.items():
                started = time.perf_counter()
                subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
                times[name].append(time.perf_counter() - started)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    baseline = statistics.median(times["facilitator --help (baseline)"])
    print(f"Whole process, 1,000 notes, median of {RUNS}:")
    print(f"{'command':<32} {'median ms':>10} {'x --help':>9}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<32} {median * 1000:>10.1f} {median / baseline:>8.2f}x")


if __name__ == "__main__":
    main()
