"""The session service without Textual: one ordered writer, notes batched, failures kept and retried once."""

from __future__ import annotations

import errno
import threading
from collections.abc import Callable

import pytest
from fakes import FakeClock
from faults import Faults

from facilitator import agenda
from facilitator.errors import InputError
from facilitator.model import NoteKind, Session, SessionData
from facilitator.services import Desk, NoteState, Quiet, Services, Writer
from facilitator.store import Store


class Loop:
    """Stands in for the app's event loop: outcomes wait here until ``run`` hands them out."""

    def __init__(self) -> None:
        self.callbacks: list[Callable[[], None]] = []
        self._lock = threading.Lock()

    def deliver(self, callback: Callable[[], None]) -> None:
        with self._lock:
            self.callbacks.append(callback)

    def run(self) -> None:
        """Hand out every outcome waiting, and those they deliver in turn."""
        while True:
            with self._lock:
                callbacks, self.callbacks = self.callbacks, []
            if not callbacks:
                return
            for callback in callbacks:
                callback()


class Heard(Quiet):
    """The outcomes the services told, in order."""

    def __init__(self) -> None:
        self.events: list[str] = []

    def saved(self) -> None:
        self.events.append("saved")

    def failed(self, what: str, error: Exception) -> None:
        self.events.append(f"error {what}")


def service(store: Store, session_id: str, loop: Loop) -> Services:
    heard = Heard()
    made = Services(Desk(store, session_id, FakeClock(), deliver=loop.deliver, outcomes=heard))
    made.events = heard.events  # type: ignore[attr-defined]
    return made


def test_changes_are_saved_in_the_order_asked(store: Store, demo_id: str) -> None:
    loop = Loop()
    svc = service(store, demo_id, loop)
    first = store.load(demo_id).blocks[0]
    results: list[object] = []
    svc.notes.take_line("före", NoteKind.POINT)
    svc.desk.change_blocks(
        lambda blocks: agenda.toggle(blocks, first.id, FakeClock()()), then=results.append
    )
    svc.notes.take_line("under", NoteKind.POINT)
    assert svc.desk.writer.wait(10)
    loop.run()
    data = store.load(demo_id)
    before, during = data.notes
    assert (before.text, before.block_id) == ("före", None), "saved before the block started"
    assert (during.text, during.block_id) == ("under", first.id), "saved after it started"
    assert len(results) == 1 and svc.notes.unsaved() == []


def test_notes_queued_while_the_writer_is_busy_go_in_one_write(
    store: Store, demo_id: str, faults: Faults
) -> None:
    loop = Loop()
    svc = service(store, demo_id, loop)
    gate = threading.Event()
    svc.desk.writer.submit(gate.wait, lambda result, error: None)  # the writer is busy elsewhere
    for n in range(30):
        svc.notes.take_line(f"not {n}", NoteKind.POINT)
    replaced = faults.calls["replace"]
    gate.set()
    assert svc.desk.writer.wait(10)
    assert faults.calls["replace"] - replaced == 1, "thirty notes, one write"
    assert [n.text for n in store.load(demo_id).notes] == [f"not {n}" for n in range(30)]


def test_a_failed_note_is_kept_and_saved_once_when_retried(
    store: Store, demo_id: str, faults: Faults
) -> None:
    loop = Loop()
    svc = service(store, demo_id, loop)
    faults.fail("replace", errno.ENOSPC, times=None)
    note = svc.notes.take_line("Nästa träff 25 januari", NoteKind.DECISION)
    assert note is not None and svc.desk.writer.wait(10)
    loop.run()
    assert note.state is NoteState.FAILED and "the disk is full" in str(note.error)
    assert svc.events == ["error save.note", "saved"]  # type: ignore[attr-defined]
    assert store.load(demo_id).notes == []
    faults.clear()
    assert svc.notes.retry() == 1 and svc.notes.retry() == 0, (
        "a note being saved is not queued twice"
    )
    assert svc.desk.writer.wait(10)
    loop.run()
    assert note.state is NoteState.SAVED
    assert [(n.id, n.text) for n in store.load(demo_id).notes] == [
        (note.id, "Nästa träff 25 januari")
    ]


def test_an_unconfirmed_save_counts_as_saved_and_is_not_repeated(
    store: Store, demo_id: str, faults: Faults
) -> None:
    loop = Loop()
    svc = service(store, demo_id, loop)
    faults.fail("fsync", errno.EIO, at=2)  # the folder's, after the rename
    note = svc.notes.take_line("sparad", NoteKind.POINT)
    assert note is not None and svc.desk.writer.wait(10)
    loop.run()
    assert note.state is NoteState.SAVED and svc.notes.retry() == 0
    assert [n.text for n in store.load(demo_id).notes] == ["sparad"]


def test_a_note_that_cannot_be_a_note_is_refused_before_anything_is_queued(
    store: Store, demo_id: str
) -> None:
    svc = service(store, demo_id, Loop())
    with pytest.raises(InputError):
        svc.notes.take_line("   ", NoteKind.POINT)
    assert svc.notes.pending == [] and not svc.desk.writer.busy


def test_close_finishes_what_was_asked_even_with_no_loop_left(store: Store, demo_id: str) -> None:
    """The app has ended: outcomes go nowhere, but the notes are written and their state is true."""

    def gone(callback: Callable[[], None]) -> None:
        raise RuntimeError("the loop is closed")

    svc = Services(Desk(store, demo_id, FakeClock(), deliver=gone))
    notes = [svc.notes.take_line(f"sist {n}", NoteKind.POINT) for n in range(5)]
    assert svc.close(timeout=10)
    assert all(n is not None and n.state is NoteState.SAVED for n in notes)
    assert svc.notes.unsaved() == []
    assert len(store.load(demo_id).notes) == 5


def test_the_writer_reports_a_bare_os_error_as_one_message(tmp_path) -> None:  # type: ignore[no-untyped-def]
    outcomes: list[object] = []

    def work() -> None:
        raise PermissionError(errno.EACCES, "denied", str(tmp_path / "x.json"))

    writer = Writer()
    writer.submit(work, lambda result, error: outcomes.append(error))
    assert writer.wait(10) and writer.close()
    (error,) = outcomes
    assert "x.json: could not save (no permission to write there)" in str(error)


def test_read_only_service_writes_nothing(store: Store, demo_id: str) -> None:
    svc = Services(Desk(store, demo_id, FakeClock(), read_only=True))
    assert svc.notes.take_line("nej", NoteKind.POINT) is None
    svc.desk.change_session(lambda s: setattr(s, "room_message", "nej"))
    assert svc.desk.writer.wait(10)
    assert store.load(demo_id).notes == [] and store.load(demo_id).session.room_message == ""


def test_the_session_is_read_afresh_once_the_writer_is_idle_whatever_came_last(
    store: Store, demo_id: str
) -> None:
    """A change followed by work that is not a change (a new session, a wait) still reloads, once."""
    loop = Loop()
    svc = service(store, demo_id, loop)
    svc.desk.change_session(lambda s: setattr(s, "room_message", "Fika"))
    svc.notes.take_line("en anteckning", NoteKind.POINT)
    svc.sessions.create(lambda: SessionData(Session(title="En ny dag")), lambda _: None)
    assert svc.desk.writer.wait(10)
    loop.run()
    assert svc.events == ["saved"]  # type: ignore[attr-defined]


def test_notes_from_afar_arriving_together_are_written_together_and_each_answered(
    store: Store, demo_id: str, faults: Faults
) -> None:
    """A room's burst: one write for what came while the writer was busy; each told once on disk."""
    from facilitator.model import Note

    loop = Loop()
    svc = service(store, demo_id, loop)
    gate = threading.Event()
    svc.desk.writer.submit(gate.wait, lambda result, error: None)  # the writer is busy elsewhere
    notes = [Note(f"svar {n}") for n in range(30)]
    told: dict[str, list[str]] = {}
    for note in [*notes, notes[0]]:  # the first phone sends again, never having heard
        svc.notes.save_from_afar(
            [note], lambda saved, error, n=note: told.setdefault(n.id, []).append(repr(error))
        )
    assert told == {}, "nobody is told before the write"
    replaced = faults.calls["replace"]
    gate.set()
    assert svc.desk.writer.wait(10)
    loop.run()
    assert faults.calls["replace"] - replaced == 1, "thirty-one sends, one write"
    assert {k: len(v) for k, v in told.items()} == {n.id: 2 if n is notes[0] else 1 for n in notes}
    assert set(sum(told.values(), [])) == {"None"}
    assert [n.text for n in store.load(demo_id).notes] == [f"svar {n}" for n in range(30)]
