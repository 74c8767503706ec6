"""Killing a writer mid-save loses nothing that was saved; two writers at once lose nothing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from fakes import add_note

from facilitator.store import Store

WRITER = Path(__file__).parents[1] / "note_writer.py"


def _writer(store: Store, session_id: str, count: int, tag: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WRITER), str(store.root), session_id, str(count), tag],
        stdout=subprocess.PIPE,
        text=True,
    )


def test_sigkill_mid_save_never_breaks_the_store(store: Store, demo_id: str) -> None:
    rng = random.Random(20171130)
    saved: set[str] = set()
    inside_a_save = 0
    for round_ in range(25):
        child = _writer(store, demo_id, 10_000, f"round {round_}")
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "saving"
        first = child.stdout.readline().strip()
        assert first and first != "saving", "the writer saved nothing"
        saved.add(first)
        time.sleep(rng.uniform(0.0, 0.05))
        child.kill()  # SIGKILL; on Windows TerminateProcess, as abrupt
        rest, _ = child.communicate()
        lines = rest.split()
        saved.update(line for line in lines if line != "saving")
        inside_a_save += bool(lines) and lines[-1] == "saving"
        assert child.returncode == (-signal.SIGKILL if os.name == "posix" else 1)

        reopened = Store(store.root)  # cleans up what the dead writer left
        notes = {n.id for n in reopened.load(demo_id).notes}
        assert saved <= notes, f"round {round_}: lost {len(saved - notes)} saved notes"
    leftovers = [p.name for p in store.sessions_dir.rglob("*.tmp")]
    assert leftovers == []
    # The kills must land where the danger is: between "saving" and the save's
    # return. A writer spends nearly all its time there, so most rounds do.
    assert inside_a_save >= 10, f"only {inside_a_save} of 25 kills landed inside a save"


def test_two_writers_at_once_lose_nothing(store: Store, demo_id: str) -> None:
    children = [_writer(store, demo_id, 60, tag) for tag in ("trainer", "note-taker")]
    printed: set[str] = set()
    for child in children:
        out, _ = child.communicate(timeout=120)
        assert child.returncode == 0
        printed.update(line for line in out.split() if line != "saving")
    notes = store.load(demo_id).notes
    assert len(notes) == 120 == len(printed)
    assert {n.id for n in notes} == printed
    for tag in ("trainer", "note-taker"):
        mine = [int(n.text.split()[-4]) for n in notes if n.text.startswith(tag)]
        assert mine == list(range(60)), "each writer's notes keep their order"


def test_lock_is_released_when_its_holder_is_killed(store: Store, demo_id: str) -> None:
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from facilitator.storage import FileLock\n"
        "lock = FileLock(Path(sys.argv[1])); lock.acquire(); print('locked', flush=True); time.sleep(60)\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(store.path_for(demo_id))],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "locked"
    child.kill()
    child.wait()
    started = time.monotonic()
    add_note(store, demo_id, "after the crash")
    assert time.monotonic() - started < 2


AFAR = Path(__file__).parents[1] / "afar_writer.py"


def test_sigkill_during_a_batch_of_phone_notes_loses_and_doubles_nothing(
    store: Store, demo_id: str
) -> None:
    """Phones' notes written together (one write for a burst): every ✓ on disk, none twice."""
    rng = random.Random(20180125)
    answered: set[str] = set()
    for round_ in range(12):
        child = subprocess.Popen(
            [sys.executable, str(AFAR), str(store.root), demo_id, "1000", f"round {round_}"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "saving"
        time.sleep(rng.uniform(0.05, 0.4))
        child.kill()
        rest, _ = child.communicate()
        answered.update(line for line in rest.split() if line != "saving")
        notes = Store(store.root).load(demo_id).notes  # a note stored twice would not load
        ids = [n.id for n in notes]
        assert len(ids) == len(set(ids)), f"round {round_}: a note stored twice"
        assert answered <= set(ids), f"round {round_}: lost {len(answered - set(ids))} answered"
    assert len(answered) > 100, "the kills came after some bursts were answered"
