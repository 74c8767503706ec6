"""The notes list holds each note once, whatever the order of saves, reloads and keys."""

from __future__ import annotations

import asyncio
import time

import pytest
from conftest import settle
from fakes import FakeClock
from textual import events
from textual.widgets import DataTable

from facilitator.app import FacilitatorApp
from facilitator.model import Note
from facilitator.store import Store


def notes_app(store: Store, session_id: str) -> FacilitatorApp:
    return FacilitatorApp(store, session_id, clock=FakeClock(), language="en", mode="notes")


def listed(app: FacilitatorApp) -> list[str]:
    table = app.screen.query_one("#notes-table", DataTable)
    return [str(key.value) for key in table.rows]


async def test_a_save_landing_between_a_reloads_stamp_and_its_read_is_listed_once(
    store: Store, demo_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The save is made to land there by the read itself, not by timing."""
    app = notes_app(store, demo_id)
    real_load = Store.load
    armed: list[str] = []

    def load_after_a_save(self: Store, session_id: str, *args: object, **kwargs: object):
        if armed:
            line = armed.pop()
            app.services.notes.take_line(line)  # typed meanwhile: the writer saves it now…
            assert app.services.desk.writer.wait(10)  # …and it is on disk before the files are read
        return real_load(self, session_id, *args, **kwargs)

    monkeypatch.setattr(Store, "load", load_after_a_save)
    async with app.run_test(size=(100, 30)):
        await settle(app)
        armed.append("Sparad mitt i en omläsning")
        app.reload()
        await settle(app)
        await settle(app)  # the save's outcome, delivered after the reload
        ids = [note.id for note in app.data.notes]
        assert len(ids) == len(set(ids)), "a note held twice"
        texts = [note.text for note in app.data.notes]
        assert texts.count("Sparad mitt i en omläsning") == 1
        assert sorted(listed(app)) == sorted(ids)
    stored = [n.text for n in store.load(demo_id).notes]
    assert stored.count("Sparad mitt i en omläsning") == 1


def _a_day_of(store: Store, session_id: str, count: int) -> None:
    """``count`` notes already stored, saved as a long day's would be."""
    for start in range(0, count, 1000):
        store.save_notes(
            session_id,
            [Note(f"Tidigare anteckning {i}") for i in range(start, min(count, start + 1000))],
        )


@pytest.mark.slow
@pytest.mark.parametrize("stored", [100, 10_000])
async def test_a_thousand_lines_pasted_a_line_every_30_ms_are_each_listed_and_stored_once(
    store: Store, demo_id: str, stored: int
) -> None:
    """A paste without bracketed-paste markers arrives as keys: here a line every 30 ms."""
    _a_day_of(store, demo_id, stored)
    app = notes_app(store, demo_id)
    lines = [f"Inklistrad rad {i:04d} om bygglovsprocessen" for i in range(1000)]
    async with app.run_test(size=(100, 30)):
        await settle(app)
        capture = app.screen.focused
        assert capture is not None and capture.id == "notes-capture"
        started = time.monotonic()
        for i, line in enumerate(lines):
            # As the terminal driver delivers them: one Key event a character, then Enter.
            for char in line:
                key = "space" if char == " " else char
                capture.post_message(events.Key(key, char))
            capture.post_message(events.Key("enter", "\r"))
            await asyncio.sleep(max(0.0, started + 0.030 * (i + 1) - time.monotonic()))
        for _ in range(200):
            await settle(app)
            typed = [n.text for n in app.data.notes if n.text.startswith("Inklistrad")]
            if len(typed) == len(lines):
                break
        assert app.is_running and app.return_code in (None, 0)
        typed = [n.text for n in app.data.notes if n.text.startswith("Inklistrad")]
        assert typed == lines, "each line once, in the order pasted"
        ids = [note.id for note in app.data.notes]
        assert len(ids) == len(set(ids)) == stored + len(lines)
        shown = listed(app)
        assert len(shown) == len(set(shown)), "the list shows a note twice"
    on_disk = [n.text for n in store.load(demo_id).notes if n.text.startswith("Inklistrad")]
    assert on_disk == lines, "each line stored once, in the order pasted"
