"""Every write path under a failing disk: one clear message naming where, and every file as it was."""

from __future__ import annotations

import errno
from collections.abc import Callable
from dataclasses import replace

import pytest
from fakes import add_note
from faults import ERRNOS, POINTS, Faults, snapshot

from facilitator import agenda, presentations
from facilitator.errors import StoreError, UnconfirmedSave
from facilitator.model import Attendance, NoteKind, SessionData
from facilitator.occasions import next_occasion
from facilitator.plan import load_demo
from facilitator.store import Store

WHAT_THE_DISK_SAID = {
    "EACCES": "no permission to write there",
    "EROFS": "the disk is read-only",
    "ENOSPC": "the disk is full",
    "EIO": "the disk reported an error",
    "ENOENT": "the folder does not exist",
}


def _write_paths(store: Store, session_id: str) -> dict[str, Callable[[], object]]:
    """One call for each way the program writes to the store."""
    data = store.load(session_id)
    note = data.notes[0]
    first, presenter = data.blocks[0], data.presentations[0]
    person = data.session.participants[0]
    return {
        "add note": lambda: add_note(store, session_id, "Nästa träff 25 januari"),
        "edit note": lambda: store.change_note(
            session_id, note.id, lambda n: replace(n, text="ändrad")
        ),
        "pin note": lambda: store.change_note(
            session_id, note.id, lambda n: replace(n, pinned=True)
        ),
        "delete note": lambda: store.delete_note(session_id, note.id),
        "restore note": lambda: store.restore_note(session_id, replace(note, id="gone-and-back")),
        "start block": lambda: store.change_blocks(
            session_id, lambda b: agenda.toggle(b, first.id, data.blocks[0].started_at or _now())
        ),
        "edit block": lambda: store.change_blocks(
            session_id, lambda b: agenda.edit(b, first.id, {"minutes": 50})
        ),
        "call presenter": lambda: store.change_presentations(
            session_id, lambda q: presentations.call_next(q, _now())
        ),
        "edit presenter": lambda: store.change_presentations(
            session_id, lambda q: presentations.edit(q, presenter.id, {"title": "Nytt"})
        ),
        "session field": lambda: store.change_session(
            session_id, lambda s: setattr(s, "room_message", "Fika!")
        ),
        "attendance": lambda: store.change_roster(
            session_id,
            lambda s, q: presentations.mark_attendance(
                s.participants, q, person.id, Attendance.ABSENT
            ),
        ),
        "new session": lambda: store.create(SessionData(replace(data.session, id="new-one"))),
        "import (with a programme)": lambda: store.create(load_demo()),
        "next occasion": lambda: store.create(next_occasion(data)),
    }


def _now():  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return datetime(2017, 11, 30, 8, 0, tzinfo=UTC)


@pytest.fixture
def day(store: Store, demo_id: str) -> str:
    add_note(store, demo_id, "en första anteckning", kind=NoteKind.POINT)
    return demo_id


@pytest.mark.parametrize("point", POINTS, ids=[f"{c}#{n}" for c, n in POINTS])
@pytest.mark.parametrize("code", sorted(ERRNOS))
def test_every_write_path_fails_cleanly(
    store: Store, day: str, faults: Faults, code: str, point: tuple[str, int]
) -> None:
    """Each write path × each errno × each point of a save: a StoreError naming a file, nothing changed."""
    fired_somewhere = 0
    for name, write in _write_paths(store, day).items():
        before = snapshot(store.root)
        faults.clear()
        faults.calls = dict.fromkeys(faults.calls, 0)
        fired = faults.fired
        faults.fail(point[0], ERRNOS[code], at=point[1])
        try:
            write()
        except StoreError as exc:
            assert faults.fired == fired + 1, f"{name}: refused without a fault: {exc}"
            message = str(exc)
            assert WHAT_THE_DISK_SAID[code] in message, (name, message)
            assert str(store.root) in message, f"{name}: the message names no file: {message}"
            assert snapshot(store.root) == before, f"{name}: files changed on a refused save"
            fired_somewhere += 1
        else:
            # The fault was never reached (no such call on this path): then it must have saved.
            assert faults.fired == fired, f"{name}: a fault was swallowed"
        faults.clear()
    # A new folder is made only by the three paths that create a session.
    assert fired_somewhere >= (3 if point[0] == "mkdir" else 14), "a write path was not reached"


def test_a_lock_path_that_is_a_folder(store: Store, day: str) -> None:
    from facilitator.storage import FileLock
    from facilitator.store import LOCK_FILE

    lock = FileLock(store.folder_for(day) / LOCK_FILE).lock_path
    lock.unlink()
    lock.mkdir()
    before = snapshot(store.root)
    with pytest.raises(
        StoreError, match=r"\.lock\.lock: could not save \(a folder is where a file"
    ):
        add_note(store, day, "text")
    with pytest.raises(StoreError, match=r"\.lock\.lock"):
        store.change_blocks(day, lambda blocks: None)
    assert snapshot(store.root) == before


def test_a_failed_folder_sync_after_the_rename_is_saved_once(
    store: Store, day: str, faults: Faults
) -> None:
    """The rename happened: the note is there. A retry with the same id does not store it twice."""
    faults.fail("fsync", errno.EIO, at=2)  # 1: the file, 2: its folder
    with pytest.raises(UnconfirmedSave, match="saved, but the disk did not confirm it"):
        add_note(store, day, "sparad ändå", note_id="the-id")
    faults.clear()
    again = add_note(store, day, "sparad ändå", note_id="the-id")
    notes = [n for n in store.load(day).notes if n.id == "the-id"]
    assert len(notes) == 1 and notes[0].text == again.text == "sparad ändå"


def test_a_failed_create_leaves_no_folder(store: Store, faults: Faults) -> None:
    before = sorted(p.name for p in store.sessions_dir.iterdir())
    faults.fail("replace", errno.ENOSPC, at=1, times=None)
    with pytest.raises(StoreError, match="the disk is full"):
        store.create(SessionData(replace(load_demo().session, programme=None)))
    assert sorted(p.name for p in store.sessions_dir.iterdir()) == before


def test_sharing_violation_on_windows_is_waited_out(
    store: Store, day: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows refuses a rename onto a file another process reads; it passes within moments."""
    import os

    from facilitator import storage

    real = os.replace
    refusals = [PermissionError(13, "sharing violation")] * 3

    def replace_busy(src: str, dst: str) -> None:
        if refusals:
            raise refusals.pop()
        real(src, dst)

    monkeypatch.setattr(storage, "RETRY_REPLACE", True)
    monkeypatch.setattr(storage.os, "replace", replace_busy)
    add_note(store, day, "efter tre vägranden")
    assert not refusals
    assert store.load(day).notes[-1].text == "efter tre vägranden"


def test_a_lasting_refusal_is_reported_after_a_second(
    store: Store, day: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import time

    from facilitator import storage

    def always_busy(src: str, dst: str) -> None:
        raise PermissionError(13, "sharing violation")

    monkeypatch.setattr(storage, "RETRY_REPLACE", True)
    monkeypatch.setattr(storage.os, "replace", always_busy)
    before = snapshot(store.root)
    started = time.monotonic()
    with pytest.raises(StoreError, match="no permission to write there"):
        add_note(store, day, "nej")
    assert 0.9 < time.monotonic() - started < 3
    monkeypatch.setattr(storage.os, "replace", os.replace)
    assert snapshot(store.root) == before
