"""Hostile text in notes stays inert: no control byte or bidi override reaches an export, a screen or a terminal."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import press
from fakes import FakeClock, add_note
from textual.widgets import DataTable, Markdown, TextArea

from facilitator.app import FacilitatorApp
from facilitator.exchange import from_json, to_json
from facilitator.model import NoteKind
from facilitator.recap import render
from facilitator.safetext import UNSAFE
from facilitator.store import Store

HOSTILE = [
    ("clipboard \x1b]52;c;aGFja2Vk\x07 set", NoteKind.POINT, "", ""),
    ("title \x1b]0;pwned\x07 set", NoteKind.DECISION, "", ""),
    ("clear \x1b[2J and C1 \x9b2J", NoteKind.QUESTION, "", ""),
    ("bell \x07 nul \x00 del \x7f", NoteKind.ACTION, "", "Anna\x1b[31m"),
    ("höger \u202etill vänster\u202c och \u2066isolerat\u2069", NoteKind.QUOTE, "Ka\u202erin", ""),
]


@pytest.fixture
def hostile_id(store: Store, demo_id: str) -> str:
    for text, kind, speaker, owner in HOSTILE:
        add_note(store, demo_id, text, kind=kind, speaker=speaker, owner=owner)
    return demo_id


def _clean(text: str, where: str) -> None:
    found = UNSAFE.search(text)
    assert found is None, f"{where}: {found.group()!r} at {found.start()}"


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
def test_every_recap_format_is_inert(store: Store, hostile_id: str, fmt: str, lang: str) -> None:
    text = render(store.load(hostile_id), fmt, lang, FakeClock()())
    _clean(text, f"{fmt}/{lang}")
    assert "52;c;aGFja2Vk␇" in text, "the text is there, its controls shown as symbols"
    assert "⟦U+202E⟧" in text


def test_the_json_export_escapes_and_reads_back_exactly(store: Store, hostile_id: str) -> None:
    data = store.load(hostile_id)
    text = to_json(data)
    _clean(text, "json")
    again = from_json(text)
    assert [(n.text, n.speaker, n.owner) for n in again.notes] == [
        (n.text, n.speaker, n.owner) for n in data.notes
    ]
    assert json.loads(text)["notes"][0]["text"] == HOSTILE[0][0]


async def test_the_screens_that_show_notes_are_inert(store: Store, hostile_id: str) -> None:
    app = FacilitatorApp(store, hostile_id, clock=FakeClock(), language="sv", mode="notes")
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.screen.query_one("#notes-table", DataTable)
        for row in range(table.row_count):
            for cell in table.get_row_at(row):
                _clean(str(cell), "notes list")
        await press(pilot, "down", "e")  # the editor, on the newest note
        editor = app.screen.query_one("#nform-text", TextArea)
        _clean(editor.text, "note editor")
        await press(pilot, "ctrl+s")  # saved untouched: the note is as it was typed
        await press(pilot, "f7")
        _clean(app.screen.query_one("#recap-preview", Markdown).source, "recap preview")
        svg = app.export_screenshot()
        _clean(svg, "the whole screen")
    texts = [n.text for n in Store(store.root).load(hostile_id).notes]
    assert texts == [text for text, *_ in HOSTILE], "nothing was changed by showing it"


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_printing_the_recap_in_a_terminal_changes_neither_title_nor_clipboard(
    store: Store, hostile_id: str, tmp_path: Path
) -> None:
    sockets: list[str] = []

    def tmux(socket: str, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", socket, *args], capture_output=True, text=True, timeout=30
        ).stdout

    def printed_in_a_pane(command: str) -> tuple[str, str, str]:
        """The pane's title, tmux's buffers and its socket after ``command`` printed in a fresh pane."""
        socket = f"facilitator-test-{os.getpid()}-{len(sockets)}"
        sockets.append(socket)
        tmux(socket, "-f", "/dev/null", "new-session", "-d", "-x", "100", "-y", "30", "sh")
        tmux(socket, "set", "-g", "set-clipboard", "on")  # the most trusting terminal: OSC 52 taken
        tmux(socket, "set", "-g", "allow-rename", "on")
        tmux(socket, "select-pane", "-T", "before")
        tmux(socket, "send-keys", f"{command}; echo done-$((1+1))", "Enter")
        deadline = time.monotonic() + 30
        while "done-2" not in tmux(socket, "capture-pane", "-p") and time.monotonic() < deadline:
            time.sleep(0.1)
        title = tmux(socket, "display", "-p", "#{pane_title}").strip()
        return title, tmux(socket, "list-buffers"), socket

    try:
        env = f"PYTHONPATH={os.getcwd()}"
        facilitator = f"{env} {sys.executable} -m facilitator --store {store.root}"
        for fmt in ("txt", "md", "html", "json"):
            title, buffers, _ = printed_in_a_pane(
                f"{facilitator} export {hostile_id} --format {fmt}"
            )
            assert (title, buffers) == ("before", ""), fmt
        # The check can fail: the same sequences printed raw do set both.
        title, _, socket = printed_in_a_pane(r"printf '\033]0;pwned\007\033]52;c;aGFja2Vk\007'")
        assert title == "pwned" and "hacked" in tmux(socket, "show-buffer")
    finally:
        for socket in sockets:
            tmux(socket, "kill-server")


HOSTILE_TITLE = "Titel \x1b]0;pwned\x07 \x1b]52;c;aGFja2Vk\x07 \u202eslut"


@pytest.mark.parametrize("mode", ["agenda", "presentations"])
async def test_edit_forms_show_stored_text_inert_and_keep_it_unless_edited(
    store: Store, demo_id: str, mode: str
) -> None:
    from facilitator import agenda, presentations

    data = store.load(demo_id)
    if mode == "agenda":
        block = data.blocks[0].id
        store.change_blocks(demo_id, lambda b: agenda.edit(b, block, {"title": HOSTILE_TITLE}))
    else:
        talk = data.presentations[0].id
        store.change_presentations(
            demo_id, lambda q: presentations.edit(q, talk, {"title": HOSTILE_TITLE})
        )
    store.change_session(demo_id, lambda s: setattr(s, "room_message", HOSTILE_TITLE))
    before = store.load(demo_id)
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en", mode=mode)
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "e")
        _clean(app.export_screenshot(), f"{mode} edit form")
        await press(pilot, "enter")  # saved untouched
        if mode == "agenda":
            await press(pilot, "m")  # the room message, to change
            _clean(app.export_screenshot(), "room message prompt")
            await press(pilot, "enter")
        _clean(app.export_screenshot(), mode)
    after = Store(store.root).load(demo_id)
    assert (after.blocks, after.presentations, after.session.room_message) == (
        before.blocks,
        before.presentations,
        before.session.room_message,
    ), "showing a value inert never changes it"
