"""The app shell: the session on screen, language switch, live reload, palette, quit."""

from __future__ import annotations

from fakes import T0, FakeClock
from textual.binding import Binding
from textual.widgets import DataTable, Static

from facilitator.app import FacilitatorApp
from facilitator.i18n import STRINGS, t
from facilitator.store import Store
from screens.agenda import AgendaScreen
from screens.forms import BlockForm, Confirm, NoteForm, PresentationForm, TextPrompt
from screens.notes import NotesScreen
from screens.presentations import PresentationsScreen
from screens.room import RoomScreen


def rows(app: FacilitatorApp) -> list[list[str]]:
    table = app.screen.query_one("#agenda-table", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def text_of(app: FacilitatorApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_shows_session_and_blocks_with_start_times(store: Store, demo_id: str) -> None:
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        heading = text_of(app, "#agenda-heading")
        assert "Innovation och lärande" in heading and "occasion 2" in heading
        assert "30 November 2017" in heading and "Möbelcentrum" in heading
        table = rows(app)
        assert len(table) == 12
        assert table[0][1:5] == ["09:00", "20", "recap", "planned"]
        assert [r[1] for r in table[:3]] == ["09:00", "09:20", "10:00"]
        assert table[-1][1] == "15:30"
        assert "on time, ends 16:00" in text_of(app, "#agenda-status")


async def test_language_switch_translates_labels(store: Store, demo_id: str) -> None:
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        assert app.language == "sv"
        heading = text_of(app, "#agenda-heading")
        assert "30 november 2017" in heading and "tillfälle 2" in heading
        assert rows(app)[0][3:5] == ["återblick", "planerad"]
        assert app.active_bindings["ctrl+q"].binding.description == "Avsluta"
        assert app.active_bindings["space"].binding.description == "Starta/pausa"
        assert "i tid, slutar 16:00" in text_of(app, "#agenda-status")


async def test_follows_changes_from_another_process(store: Store, demo_id: str) -> None:
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        other = Store(store.root)  # as a second program would
        block = other.load(demo_id).blocks[0]
        block.started_at = T0
        other.update_block(demo_id, block)
        await pilot.pause(1.0)
        assert rows(app)[0][4] == "running"


async def test_user_text_is_shown_inert(store: Store, demo_id: str) -> None:
    block = store.load(demo_id).blocks[0]
    block.title = "[bold red]not markup[/] \x1b[31mno escape"
    store.update_block(demo_id, block)
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert rows(app)[0][6] == "[bold red]not markup[/] ␛[31mno escape"


async def test_no_session_shows_where_to_start(store: Store) -> None:
    app = FacilitatorApp(store, None, clock=FakeClock(), language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "facilitator demo" in text_of(app, "#agenda-heading")
        await pilot.press("space", "f", "plus")  # nothing to act on, and no error
        await pilot.press("f4")
        await pilot.pause()
        assert app.current_mode == "room"


async def test_damaged_session_is_reported_not_raised(store: Store, demo_id: str) -> None:
    store.path_for(demo_id).write_text("{broken")
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        problem = text_of(app, "#agenda-alert")
        assert str(store.path_for(demo_id)) in problem and "damaged" in problem
        await pilot.press("space")
        await pilot.pause()
    assert store.path_for(demo_id).read_text() == "{broken"


async def test_every_key_is_in_the_palette_with_a_name(store: Store, demo_id: str) -> None:
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="sv")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        owners = (
            FacilitatorApp, AgendaScreen, PresentationsScreen, NotesScreen, RoomScreen,
            BlockForm, PresentationForm, NoteForm, Confirm, TextPrompt,
        )  # fmt: skip
        for owner in owners:
            for binding in owner.BINDINGS:
                assert isinstance(binding, Binding) and binding.id, f"{owner.__name__}: {binding}"
                assert f"key.{binding.id}" in STRINGS, f"{binding.id} has no name in both languages"
        for binding in (*FacilitatorApp.BINDINGS, *AgendaScreen.BINDINGS):
            assert isinstance(binding, Binding)
            assert t(f"key.{binding.id}", "sv") in commands, binding.id
        for name in (
            "Starta/pausa",
            "Avsluta pass",
            "Hoppa över",
            "Rumsvy",
            "Agenda",
            "Meddelande till rummet",
        ):
            assert name in commands, name
            assert commands[name].help


async def test_ctrl_q_quits(store: Store, demo_id: str) -> None:
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_function_keys_switch_between_the_areas(store: Store, demo_id: str) -> None:
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        for key, mode in (
            ("f5", "presentations"),
            ("f6", "notes"),
            ("f7", "recap"),
            ("f4", "room"),
            ("f3", "agenda"),
        ):
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == mode, key
