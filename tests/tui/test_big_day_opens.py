"""A big day opens with its newest notes and reads the rest after the first paint."""

from __future__ import annotations

import threading

from conftest import press, until
from fakes import T0, FakeClock, screen_text

from facilitator.app import FIRST_NOTE_FILES, FacilitatorApp
from facilitator.model import Note, NoteKind, Session, SessionData
from facilitator.store import NOTES_PER_FILE, Store

COUNT = 450  # five notes files


def _big_day(store: Store) -> str:
    notes = [Note(f"anteckning {i:03d}", NoteKind.POINT, created_at=T0) for i in range(COUNT)]
    return store.create(SessionData(Session(title="En stor dag"), notes=notes))


def test_the_store_reads_only_the_newest_files_when_asked(store: Store) -> None:
    session_id = _big_day(store)
    newest = store.load(session_id, newest=2).notes
    whole = store.load(session_id).notes
    assert len(whole) == COUNT
    assert newest == whole[-len(newest) :], "the newest notes, as the whole load has them"
    assert len(newest) == COUNT - 3 * NOTES_PER_FILE


async def test_a_big_day_paints_its_newest_notes_first_then_the_whole_day(store: Store) -> None:
    session_id = _big_day(store)
    app = FacilitatorApp(store, session_id, clock=FakeClock(), language="en", mode="notes")
    go_on = threading.Event()
    real = app.services.desk.load_whole

    def held():  # type: ignore[no-untyped-def]
        go_on.wait(10)  # the rest of the day is read only when the test says so
        return real()

    app.services.desk.load_whole = held  # type: ignore[method-assign]
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert app.notes_partial
        assert app.data is not None and len(app.data.notes) < COUNT
        assert len(app.data.notes) <= FIRST_NOTE_FILES * NOTES_PER_FILE
        assert "anteckning 449" in screen_text(app), "the newest note is on the first screen"
        assert "reading the older notes" in screen_text(app)
        # Typed while the rest is read: kept when the whole day arrives.
        await press(pilot, *"skriven under tiden", "enter")
        await press(pilot, "f7")  # the recap waits for the whole day rather than say part of it
        await pilot.pause()
        assert "Reading the whole day" in screen_text(app)
        go_on.set()
        await until(pilot, lambda: not app.notes_partial, 15)
        await pilot.pause()
        assert app.data is not None and len(app.data.notes) == COUNT + 1
        assert "skriven under tiden" in [n.text for n in app.data.notes]
        assert "Reading the whole day" not in screen_text(app)
        await press(pilot, "f6")
        await pilot.pause()
        assert "reading the older notes" not in screen_text(app)
        assert "451 notes" in screen_text(app)


async def test_a_small_day_is_read_whole_at_once(store: Store, demo_id: str) -> None:
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en", mode="notes")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not app.notes_partial
