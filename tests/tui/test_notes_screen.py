"""The note-taker's screen, driven by keys: capture, kinds, links, edit, delete, undo, pin, filters."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from conftest import press, settle, until
from fakes import T0, FakeClock, add_note, add_notes
from textual.widgets import DataTable, Input, Select, Static, TextArea

from facilitator import agenda, presentations
from facilitator.app import FacilitatorApp
from facilitator.model import Note, NoteKind
from facilitator.store import Store

WRITER = Path(__file__).parents[1] / "note_writer.py"


SCREEN_ROWS = 30  # the tests' terminal is 100x30: the notes list draws that many rows at a time


def rows(app: FacilitatorApp) -> list[list[str]]:
    table = app.screen.query_one("#notes-table", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def capture_line(app: FacilitatorApp) -> Input:
    return app.screen.query_one("#notes-capture", Input)


async def type_line(pilot, text: str) -> None:
    """Type a line and press Enter (keys for plain letters; the rest as a paste would)."""
    if text.isascii():
        await press(pilot, *text, "enter")
    else:
        pilot.app.screen.focused.insert_text_at_cursor(text)
        await press(pilot, "enter")


def notes_app(store: Store, session_id: str, clock: FakeClock | None = None) -> FacilitatorApp:
    return FacilitatorApp(
        store, session_id, clock=clock or FakeClock(), language="en", mode="notes"
    )


async def test_every_kind_by_prefix(store: Store, demo_id: str) -> None:
    app = notes_app(store, demo_id)
    async with app.run_test(size=(100, 30)) as pilot:
        assert capture_line(app).has_focus, "the capture line is ready when the screen opens"
        for line in (
            "Lärande före innovation",
            '"Nu inser jag varför — Karin',
            "! Nästa träff 25 januari",
            "> Skicka bilderna @Anna",
            "? Vem äger styrdokumenten",
        ):
            await type_line(pilot, line)
        saved = [(n.kind, n.text, n.speaker, n.owner) for n in store.load(demo_id).notes]
        assert saved == [
            (NoteKind.POINT, "Lärande före innovation", "", ""),
            (NoteKind.QUOTE, "Nu inser jag varför", "Karin", ""),
            (NoteKind.DECISION, "Nästa träff 25 januari", "", ""),
            (NoteKind.ACTION, "Skicka bilderna", "", "Anna"),
            (NoteKind.QUESTION, "Vem äger styrdokumenten", "", ""),
        ]
        assert capture_line(app).value == ""
        await pilot.pause()
        assert [r[1] for r in rows(app)] == ["question", "action", "decision", "quote", "point"]
        assert rows(app)[3][3] == "“Nu inser jag varför” — Karin"
        counts = str(app.screen.query_one("#notes-counts", Static).render())
        assert counts.startswith("5 notes") and "quote 1" in counts


async def test_kind_by_key(store: Store, demo_id: str) -> None:
    app = notes_app(store, demo_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "ctrl+t", "ctrl+t")  # point -> quote -> decision
        assert "[decision]" in str(app.screen.query_one("#notes-link", Static).render())
        await type_line(pilot, "Vi kör")
        await type_line(pilot, "och sen en punkt")
        kinds = [n.kind for n in store.load(demo_id).notes]
        assert kinds == [NoteKind.DECISION, NoteKind.POINT], "the key chooses for one note"


async def test_notes_link_to_the_running_block_and_presenter_and_can_be_relinked(
    store: Store, demo_id: str
) -> None:
    blocks = store.load(demo_id).blocks
    store.change_blocks(demo_id, lambda b: agenda.start(b, blocks[2].id, T0))
    store.change_presentations(demo_id, lambda q: presentations.call_next(q, T0))
    app = notes_app(store, demo_id)
    async with app.run_test(size=(100, 30)) as pilot:
        link = str(app.screen.query_one("#notes-link", Static).render())
        assert "Deltagarnas projektområden" in link and "Karin Ek presenting" in link
        await type_line(pilot, "Digitala bokcirklar")
        note = store.load(demo_id).notes[0]
        assert note.block_id == blocks[2].id and note.presentation_id is not None
        await pilot.pause()
        assert rows(app)[0][4] == "Deltagarnas projektområden · Karin Ek"

        await press(pilot, "down", "e")
        await pilot.pause()
        app.screen.query_one("#nform-block", Select).value = blocks[4].id
        app.screen.query_one("#nform-presentation", Select).value = ""
        await press(pilot, "ctrl+s")
        await pilot.pause()
        relinked = store.load(demo_id).notes[0]
        assert relinked.block_id == blocks[4].id and relinked.presentation_id is None
        assert relinked.text == "Digitala bokcirklar"


async def test_edit_keeps_newlines_and_refuses_empty_text(store: Store, demo_id: str) -> None:
    add_note(store, demo_id, "rad ett\nrad två")
    app = notes_app(store, demo_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "down", "enter")
        await pilot.pause()
        area = app.screen.query_one("#nform-text", TextArea)
        assert area.text == "rad ett\nrad två"
        area.text = "   "
        await press(pilot, "ctrl+s")
        await pilot.pause()
        assert "needs some text" in str(app.screen.query_one("#form-error", Static).render())
        area.text = "rad ett\nrad två\nrad tre"
        await press(pilot, "ctrl+s")
        await pilot.pause()
    assert store.load(demo_id).notes[0].text == "rad ett\nrad två\nrad tre"


async def test_delete_undo_and_pin(store: Store, demo_id: str) -> None:
    app = notes_app(store, demo_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_line(pilot, "första")
        await type_line(pilot, "andra")
        await press(pilot, "down", "x")  # the newest, at the top
        assert [n.text for n in store.load(demo_id).notes] == ["första"]
        await pilot.pause()
        assert [r[3] for r in rows(app)] == ["första"]
        await press(pilot, "ctrl+z")
        await pilot.pause()
        assert [n.text for n in store.load(demo_id).notes] == ["första", "andra"]
        assert [r[3] for r in rows(app)] == ["andra", "första"]
        await press(pilot, "p")  # the cursor is on the note brought back
        assert [n.pinned for n in store.load(demo_id).notes] == [False, True]
        await pilot.pause()
        assert [r[2] for r in rows(app)] == ["★", ""]
        await press(pilot, "p")
        assert not store.load(demo_id).notes[1].pinned


async def test_undo_puts_the_cursor_on_the_note_brought_back(store: Store, demo_id: str) -> None:
    """Not on the top row: the next key acts on the note just brought back."""
    for text in ("första", "andra", "tredje"):
        add_note(store, demo_id, text)
    app = notes_app(store, demo_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await press(pilot, "down", "down", "x")  # "andra", in the middle
        await pilot.pause()
        assert [r[3] for r in rows(app)] == ["tredje", "första"]
        await press(pilot, "ctrl+z")
        await pilot.pause()
        assert [r[3] for r in rows(app)] == ["tredje", "andra", "första"]
        assert app.screen.query_one("#notes-table", DataTable).cursor_row == 1
        await press(pilot, "p")
        assert [n.pinned for n in store.load(demo_id).notes] == [False, True, False]


async def test_filter_by_kind_and_search(store: Store, demo_id: str) -> None:
    for text, kind in (
        ("Om lärande", NoteKind.POINT),
        ("Beslut om lärande", NoteKind.DECISION),
        ("Fika", NoteKind.POINT),
    ):
        add_note(store, demo_id, text, kind=kind)
    app = notes_app(store, demo_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.query_one("#filter-kind", Select).value = "point"
        await pilot.pause()
        assert [r[3] for r in rows(app)] == ["Fika", "Om lärande"]
        app.screen.query_one("#filter-kind", Select).value = "*"
        await press(pilot, "ctrl+f")
        assert app.screen.query_one("#filter-search", Input).has_focus
        app.screen.focused.insert_text_at_cursor("LÄRANDE")
        await pilot.pause()
        assert [r[3] for r in rows(app)] == ["Beslut om lärande", "Om lärande"]
        assert "showing the 2 that match" in str(
            app.screen.query_one("#notes-counts", Static).render()
        )
        await press(pilot, "escape")
        assert capture_line(app).has_focus


async def test_terminal_escapes_in_a_note_are_shown_inert(store: Store, demo_id: str) -> None:
    add_note(store, demo_id, "\x1b[2J\x1b[31mröd[/] [bold]text\x07")
    app = notes_app(store, demo_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert rows(app)[0][3] == "␛[2J␛[31mröd[/] [bold]text␇"
    assert store.load(demo_id).notes[0].text == "\x1b[2J\x1b[31mröd[/] [bold]text\x07", (
        "stored as typed"
    )


async def test_a_refused_note_keeps_its_text(store: Store, demo_id: str) -> None:
    app = notes_app(store, demo_id)
    async with app.run_test(size=(100, 30)) as pilot:
        capture_line(app).value = "x" * 1_000_001
        await press(pilot, "enter")
        await pilot.pause()
        assert len(capture_line(app).value) == 1_000_001
        assert any("at most 1,000,000" in n.message for n in app.notices)
    assert store.load(demo_id).notes == []


async def test_another_program_writing_all_the_while(store: Store, demo_id: str) -> None:
    app = notes_app(store, demo_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, *"halvskriven tanke")
        writer = subprocess.Popen(
            [sys.executable, str(WRITER), str(store.root), demo_id, "80", "trainer"],
            stdout=subprocess.PIPE,
            text=True,
        )
        while writer.poll() is None:
            await pilot.pause(0.1)
        out = writer.stdout.read() if writer.stdout else ""
        printed = {line for line in out.split() if line != "saving"}
        assert writer.returncode == 0 and len(printed) == 80
        # One poll, one redraw: the list holds all 80, the table draws a screen of them.
        await until(pilot, lambda: len(app.screen.filtered()) == 80)
        assert len(rows(app)) == SCREEN_ROWS
        assert capture_line(app).value == "halvskriven tanke", "typing is never disturbed"
        await press(pilot, "enter")
        notes = store.load(demo_id).notes
        assert len(notes) == 81 == len({n.id for n in notes})
        assert printed <= {n.id for n in notes}
        await until(pilot, lambda: len(app.screen.filtered()) == 81)


async def test_two_apps_on_one_session_see_each_others_notes(store: Store, demo_id: str) -> None:
    clock = FakeClock(T0 + timedelta(minutes=1))
    taker = notes_app(store, demo_id, clock)
    trainer = FacilitatorApp(Store(store.root), demo_id, clock=clock, language="en", mode="notes")
    async with (
        taker.run_test(size=(100, 30)) as taker_pilot,
        trainer.run_test(size=(100, 30)) as trainer_pilot,
    ):
        await type_line(taker_pilot, "från antecknaren")
        await type_line(trainer_pilot, "från utbildaren")
        both = ["från antecknaren", "från utbildaren"]
        await until(taker_pilot, lambda: sorted(r[3] for r in rows(taker)) == both)
        await until(trainer_pilot, lambda: sorted(r[3] for r in rows(trainer)) == both)


async def test_filter_by_block_and_presenter(store: Store, demo_id: str) -> None:
    blocks = store.load(demo_id).blocks
    add_note(store, demo_id, "före dagen")
    store.change_blocks(demo_id, lambda b: agenda.start(b, blocks[2].id, T0))
    add_note(store, demo_id, "under passet")
    store.change_presentations(demo_id, lambda q: presentations.call_next(q, T0))
    add_note(store, demo_id, "om Karins projekt")
    karin = store.load(demo_id).presentations[0].id
    app = notes_app(store, demo_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.query_one("#filter-block", Select).value = blocks[2].id
        await pilot.pause()
        assert [r[3] for r in rows(app)] == ["om Karins projekt", "under passet"]
        app.screen.query_one("#filter-presenter", Select).value = karin
        await pilot.pause()
        assert [r[3] for r in rows(app)] == ["om Karins projekt"]
        app.screen.query_one("#filter-block", Select).value = "*"
        app.screen.query_one("#filter-presenter", Select).value = "*"
        await pilot.pause()
        assert len(rows(app)) == 3


async def test_a_long_paste_is_saved_exactly(store: Store, demo_id: str) -> None:
    text = ("Åsa: ”lärande” 🎉\t" * 6000)[:100_000]
    app = notes_app(store, demo_id)
    async with app.run_test(size=(100, 30)) as pilot:
        capture_line(app).insert_text_at_cursor(text)
        await press(pilot, "enter")
        await pilot.pause()
        assert capture_line(app).value == ""
    assert store.load(demo_id).notes[0].text == text


async def test_search_finds_a_note_by_its_new_words_after_an_edit_elsewhere(
    store: Store, demo_id: str
) -> None:
    """The search keeps a key per note; a note changed by another program is searched as it is now."""
    note = add_note(store, demo_id, "Alfa och omega", owner="Anna")
    add_note(store, demo_id, "Något annat")
    app = notes_app(store, demo_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        search = app.screen.query_one("#filter-search", Input)
        search.value = "alfa anna"  # words from the text and the owner, any case
        await pilot.pause()
        assert [r[3] for r in rows(app)] == ["Alfa och omega"]
        Store(store.root).change_note(demo_id, note.id, lambda n: replace(n, text="Beta"))
        await until(pilot, lambda: rows(app) == [])  # the app reads the change
        search.value = "beta"
        await pilot.pause()
        assert [r[3] for r in rows(app)] == ["Beta"]


async def test_typing_and_taking_letters_back_in_the_search(store: Store, demo_id: str) -> None:
    """Each key's list is the notes with the words typed, however the text was reached.

    A longer text is searched among the shorter one's result, and a letter
    taken back gives the result found for that text before: both must still
    be the notes that match. After another program's save, the new note is found.
    """
    add_notes(store, demo_id, [Note(f"punkt {i} av {i % 7}") for i in range(60)])
    app = notes_app(store, demo_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app)
        search = app.screen.query_one("#filter-search", Input)

        def expected(typed: str) -> list[str]:
            words = typed.casefold().split()
            every = app.screen.notes()[::-1]
            return [n.text for n in every if all(w in n.text.casefold() for w in words)]

        await press(pilot, "ctrl+f")
        typed = ""
        for key in [*"12", "backspace", *"3 a", "backspace", "backspace", *"v 5", "ctrl+u"]:
            if key == "ctrl+u":  # the field emptied at once
                search.value, typed = "", ""
            else:
                await press(pilot, key)
                typed = typed[:-1] if key == "backspace" else typed + key
            await pilot.pause()
            assert search.value == typed
            assert [n.text for n in app.screen.filtered()] == expected(typed), typed
        await press(pilot, *"1")
        add_note(store, demo_id, "punkt 1000 av ny")  # another program's save
        await until(pilot, lambda: "punkt 1000 av ny" in [n.text for n in app.screen.filtered()])
        await press(pilot, *"0")
        assert [n.text for n in app.screen.filtered()] == expected("10")
        await press(pilot, "backspace")
        assert [n.text for n in app.screen.filtered()] == expected("1")


@pytest.mark.slow
async def test_the_key_bar_keeps_no_keys_it_drew_before(
    store: Store, demo_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saving note after note redraws the key bar; the keys it drew before are let go."""
    import gc

    from screens.keybar import KeyBar

    def keys_alive(key_class: type) -> int:
        # The key bar's keys, by the class of the keys it draws (Textual's own, not named here).
        gc.collect()
        return sum(1 for o in gc.get_objects() if type(o) is key_class)

    drawn = [0]
    real = KeyBar.recompose

    async def counted(self: KeyBar) -> None:
        drawn[0] += 1
        await real(self)

    app = notes_app(store, demo_id)
    monkeypatch.setattr(KeyBar, "recompose", counted)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        keys = app.screen.query_one(KeyBar).children
        shown, key_class = len(keys), type(keys[0])
        # Keys of apps from earlier tests in this process may still wait for the collector:
        # only what this app adds while notes are typed is counted.
        before = keys_alive(key_class)
        for i in range(30):
            await type_line(pilot, f"note {i}")
            await press(pilot, "down", "escape")  # to the list and back: other keys each time
        await pilot.pause()
        assert drawn[0] >= 30, "the key bar was redrawn"
        assert keys_alive(key_class) - before <= 2 * shown, "keys drawn before are still held"


async def test_the_kind_shown_follows_a_typed_prefix(store: Store, demo_id: str) -> None:
    app = notes_app(store, demo_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        link = app.screen.query_one("#notes-link", Static)
        assert str(link.render()).startswith("[point]")
        await press(pilot, "exclamation_mark", "space", "N")
        assert str(link.render()).startswith("[decision]")
        await press(pilot, "backspace", "backspace", "backspace")
        assert str(link.render()).startswith("[point]")
        await press(pilot, "quotation_mark")
        assert str(link.render()).startswith("[quote]")


async def test_one_note_is_one_note(store: Store, demo_id: str) -> None:
    add_note(store, demo_id, "ensam")
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="sv", mode="notes")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        counts = str(app.screen.query_one("#notes-counts", Static).render())
        assert counts.startswith("1 anteckning ") or counts.startswith("1 anteckning  ")
        assert "1 anteckningar" not in counts


async def test_a_browser_note_taker_writes_for_a_group_and_changes_only_its_notes(
    store: Store, demo_id: str
) -> None:
    """The notes page of `facilitator serve`: the group on each note, a filter, and nothing else."""
    from textual.widgets import Select

    trainers = add_note(store, demo_id, "the trainer's note")
    add_note(store, demo_id, "from the other table", group="Grupp 1")
    # A phone at this very table: the same group, typed elsewhere.
    add_note(store, demo_id, "from this table's phone", group="Grupp 2")
    app = FacilitatorApp(
        store, demo_id, clock=FakeClock(), language="en", mode="notes", served=True, group="Grupp 2"
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app)
        assert "Grupp 2 ·" in str(app.screen.query_one("#notes-link").render())
        await type_line(pilot, "we need more time for the prototype")
        await settle(app)
        saved = {n.text: n for n in store.load(demo_id).notes}
        assert saved["we need more time for the prototype"].group == "Grupp 2"
        await until(pilot, lambda: len(rows(app)) == 4)
        assert any("Grupp 2" in row[4] for row in rows(app))
        # The group filter: this table's notes, the other's, or the room's.
        choose = app.screen.query_one("#filter-group", Select)
        assert choose.display
        choose.value = "Grupp 1"
        await until(pilot, lambda: [r[3] for r in rows(app)] == ["from the other table"])
        choose.value = "-"
        await until(pilot, lambda: [r[3] for r in rows(app)] == ["the trainer's note"])
        choose.value = "*"
        await until(pilot, lambda: len(rows(app)) == 4)
        # Only what was typed in this tab can be changed from the browser: its group is
        # whatever the address said, so a group alone would open every table's notes.
        notes = {n.text: n for n in app.data.notes}  # type: ignore[union-attr]
        assert not app.may_change(notes["the trainer's note"])
        assert not app.may_change(notes["from the other table"])
        assert not app.may_change(notes["from this table's phone"])
        assert app.may_change(notes["we need more time for the prototype"])
        # …and the page stays the notes page: no agenda, no next occasion.
        await press(pilot, "f3", "ctrl+n")
        await pilot.pause()
        assert app.current_mode == "notes"
        assert not app.check_action("next_occasion", ())
    assert {n.id: n for n in store.load(demo_id).notes}[trainers.id] == trainers
    assert len(store.list_sessions()[0]) == 1, "no session was made"


async def test_the_list_fills_as_it_scrolls(store: Store, demo_id: str) -> None:
    """A key in the search draws a screen of rows, not every match; going down draws the next."""
    add_notes(store, demo_id, [Note(f"anteckning {i:03d}") for i in range(130)])
    app = notes_app(store, demo_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app)
        table = app.screen.query_one("#notes-table", DataTable)
        assert len(rows(app)) == SCREEN_ROWS, "as many as the terminal is high"
        assert table.size.height - 1 < SCREEN_ROWS, "more than the list shows (under its header)"
        await press(pilot, "ctrl+f", *"12")  # 012, 112 and 120-129: fewer than a screen, all drawn
        await until(pilot, lambda: len(rows(app)) == 12)
        assert rows(app)[-1][3] == "anteckning 012"
        await press(pilot, "backspace")  # "1": more than a screen match, a screen drawn
        await until(pilot, lambda: len(rows(app)) == SCREEN_ROWS)
        assert len(app.screen.filtered()) == sum("1" in f"{i:03d}" for i in range(130))
        await press(pilot, "backspace", "escape")
        await press(pilot, "down")  # into the list
        for _ in range(SCREEN_ROWS):
            await pilot.press("down")
        await pilot.pause()
        assert len(rows(app)) == 2 * SCREEN_ROWS and table.cursor_row == SCREEN_ROWS
        await pilot.press("end")
        for _ in range(3 * SCREEN_ROWS):
            await pilot.press("down")
        await pilot.pause()
        assert len(rows(app)) == 130, "all of them, as the cursor went down"
        assert rows(app)[-1][3] == "anteckning 000"


async def test_the_list_fills_as_it_is_scrolled_without_the_cursor(
    store: Store, demo_id: str
) -> None:
    """The wheel or the scrollbar, the cursor left where it is: the rows come as the end nears."""
    add_notes(store, demo_id, [Note(f"anteckning {i:03d}") for i in range(130)])
    app = notes_app(store, demo_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app)
        table = app.screen.query_one("#notes-table", DataTable)
        assert len(rows(app)) == SCREEN_ROWS
        drawn = [len(rows(app))]
        while drawn[-1] < 130 and len(drawn) < 10:
            await pilot.pause()  # the rows drawn last are laid out: the end is further down
            table.scroll_end(animate=False, immediate=True)
            await until(pilot, lambda n=drawn[-1]: len(rows(app)) > n)
            drawn.append(len(rows(app)))
        assert drawn[-1] == 130 and len(drawn) > 2, f"in steps, not all at once: {drawn}"
        assert all(later - earlier <= 2 * SCREEN_ROWS for earlier, later in pairwise(drawn)), drawn
        assert table.cursor_row == 0 and rows(app)[-1][3] == "anteckning 000"


async def test_a_marks_a_note_in_the_article_out_of_it_and_back_to_its_choice(
    store: Store, demo_id: str
) -> None:
    add_note(store, demo_id, "Väljs av artikeln")
    app = notes_app(store, demo_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        marks = []
        for _ in range(3):
            await press(pilot, "down", "a") if not marks else await press(pilot, "a")
            await pilot.pause()
            marks.append((store.load(demo_id).notes[0].in_article, rows(app)[0][2]))
        assert marks == [(True, "+"), (False, "−"), (None, "")]
        # The note form says it and sets it too.
        await press(pilot, "e")
        await pilot.pause()
        assert app.screen.query_one("#nform-article", Select).value == "auto"
        app.screen.query_one("#nform-article", Select).value = "out"
        await press(pilot, "ctrl+s")
        await pilot.pause()
        assert store.load(demo_id).notes[0].in_article is False
