"""The app shell: the session on screen, language switch, live reload, palette, quit."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import press, until
from fakes import T0, FakeClock, screen_text
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import DataTable, Static

from facilitator.app import FacilitatorApp, screen_class
from facilitator.i18n import STRINGS, t
from facilitator.model import SessionData as SessionData_
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
        assert "ends 16:00, on time" in text_of(app, "#agenda-status")


async def test_language_switch_translates_labels(store: Store, demo_id: str) -> None:
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "f2")
        await pilot.pause()
        assert app.language == "sv"
        heading = text_of(app, "#agenda-heading")
        assert "30 november 2017" in heading and "tillfälle 2" in heading
        assert rows(app)[0][3:5] == ["återblick", "planerat"]
        assert app.active_bindings["ctrl+q"].binding.description == "Avsluta"
        assert app.active_bindings["space"].binding.description == "Starta/pausa"
        assert "slutar 16:00, i tid" in text_of(app, "#agenda-status")


async def test_follows_changes_from_another_process(store: Store, demo_id: str) -> None:
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        other = Store(store.root)  # as a second program would
        block = other.load(demo_id).blocks[0]
        block.started_at = T0
        other.update_block(demo_id, block)
        await until(pilot, lambda: rows(app)[0][4] == "running")


async def test_user_text_is_shown_inert(store: Store, demo_id: str) -> None:
    block = store.load(demo_id).blocks[0]
    block.title = "[bold red]not markup[/] \x1b[31mno escape"
    store.update_block(demo_id, block)
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert rows(app)[0][6] == "[bold red]not markup[/] ␛[31mno escape"


async def test_no_session_opens_the_start_screen(store: Store, tmp_path) -> None:
    app = FacilitatorApp(store, None, clock=FakeClock(), language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.current_mode == "start"
        assert "d: the demo day" in text_of(app, "#start-hint")
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await press(pilot, "d")
        await pilot.pause()
        assert app.current_mode == "agenda" and app.data is not None
        assert app.data.session.title == "Innovation och lärande"


async def test_start_screen_new_import_and_open(store: Store, tmp_path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(
        '[session]\ntitle = "Från en plan"\n\n[[agenda]]\nkind = "theory"\ntitle = "T"\nminutes = 0\n',
        encoding="utf-8",
    )
    app = FacilitatorApp(store, None, clock=FakeClock(), language="sv")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "i")
        await pilot.pause()
        prompt = app.screen.query_one("#prompt-input")
        prompt.value = str(plan)
        await press(pilot, "enter")
        await pilot.pause()
        assert app.current_mode == "start" and store.list_sessions()[0] == []
        assert any("must be above 0 minutes" in n.message for n in app.notices)

        plan.write_text(
            plan.read_text(encoding="utf-8").replace("minutes = 0", "minutes = 30"),
            encoding="utf-8",
        )
        await press(pilot, "i")
        await pilot.pause()
        app.screen.query_one("#prompt-input").value = str(plan)
        await press(pilot, "enter")
        await pilot.pause()
        assert app.current_mode == "agenda" and app.data.session.title == "Från en plan"

        await press(pilot, "ctrl+q")
    again = FacilitatorApp(store, None, clock=FakeClock(), language="sv")
    async with again.run_test(size=(80, 24)) as pilot:
        await press(pilot, "n")
        await pilot.pause()
        app_prompt = again.screen.query_one("#prompt-input")
        app_prompt.value = "Workshop i Skövde"
        await press(pilot, "enter")
        await pilot.pause()
        assert (
            again.data.session.title == "Workshop i Skövde" and again.data.session.language == "sv"
        )
        await press(pilot, "ctrl+q")
    third = FacilitatorApp(store, None, clock=FakeClock(), language="en")
    async with third.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Från en plan" in str(
            third.screen.query_one("#start-sessions").get_option_at_index(1).prompt
        )
        await press(pilot, "down", "enter")
        await pilot.pause()
        assert third.current_mode == "agenda" and third.data.session.title == "Från en plan"


async def test_help_lists_every_key_of_the_screen(store: Store, demo_id: str) -> None:
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="sv")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "f1")
        await pilot.pause()
        from screens.help import HelpScreen, key_rows

        assert isinstance(app.screen, HelpScreen)
        names = [name for _, name, _ in key_rows(app.screen.below, "sv")]
        for name in ("Starta/pausa", "Avsluta pass", "Hjälp", "Avsluta", "Rumsvy", "Varningstider"):
            assert name in names
        await press(pilot, "escape", "f6")
        await pilot.pause()
        assert app.current_mode == "notes"
        await press(pilot, "question_mark")  # into the capture line, not help
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        assert app.screen.query_one("#notes-capture").value == "?"


async def test_palette_switches_sessions(store: Store, demo_id: str, demo) -> None:
    from dataclasses import replace

    other = store.create(SessionData_(replace(demo.session, id="other", title="Dag tre")))
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        command = next(
            c for title, c in commands.items() if title.startswith("Open session: Dag tre")
        )
        command.callback()
        await pilot.pause()
        assert app.session_id == other and app.data.session.title == "Dag tre"
        assert "Export (Recap)" in commands and "Call next (Presentations)" in commands, (
            "every area's commands, from anywhere, named with their area"
        )


async def test_damaged_session_is_reported_not_raised(store: Store, demo_id: str) -> None:
    store.path_for(demo_id).write_text("{broken")
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        problem = text_of(app, "#agenda-alert")
        assert str(store.path_for(demo_id)) in problem and "damaged" in problem
        await press(pilot, "space")
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
        everywhere = [
            FacilitatorApp,
            *(screen_class(mode) for mode in FacilitatorApp.MODES if mode != "start"),
        ]
        for owner in everywhere:
            for binding in owner.BINDINGS:
                assert isinstance(binding, Binding)
                name = t(f"key.{binding.id}", "sv")
                assert any(title == name or title.startswith(f"{name} (") for title in commands), (
                    binding.id
                )
        titles = [c.title for c in app.get_system_commands(app.screen)]
        twice = {title for title in titles if titles.count(title) > 1}
        assert not twice, f"the palette lists these twice: {twice}"
        assert "Frånvarande (Presentationer)" in commands and "Frånvarande (Närvaro)" in commands
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
        await press(pilot, "ctrl+q")
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
            await press(pilot, key)
            await pilot.pause()
            assert app.current_mode == mode, key


async def test_light_and_dark_projector_themes(store: Store, demo_id: str) -> None:
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.theme == "facilitator-dark"
        await press(pilot, "f8")
        assert app.theme == "facilitator-light"
        await press(pilot, "f8")
        assert app.theme == "facilitator-dark"


@pytest.mark.parametrize(("hour", "minute"), [(7, 0), (13, 7), (16, 59), (23, 50)])
async def test_the_demo_opens_on_time_at_any_hour(store: Store, hour: int, minute: int) -> None:
    """What `facilitator demo` opens: no lateness, no reminder, in the first minutes either."""
    from datetime import UTC, datetime, time, timedelta

    from facilitator.plan import demo_today

    clock = FakeClock(datetime(2026, 11, 27, hour, minute, tzinfo=UTC))
    session_id = store.create(demo_today(clock()))
    app = FacilitatorApp(store, session_id, clock=clock, language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        start = datetime.combine(clock().date(), time.fromisoformat(app.data.session.start), UTC)
        for now in (clock(), max(clock(), start - timedelta(seconds=1))):  # opening; just before
            clock.now = now
            await pilot.pause()
            app.watch_time()
            app.screen.tick()
            status = text_of(app, "#agenda-status")
            assert "on time" in status and "min," not in status, status
            assert app.notices == [], [n.message for n in app.notices]
            assert "Reminder" not in text_of(app, "#agenda-alert")


async def test_the_key_bar_is_drawn_once_while_the_app_starts(
    store: Store, demo_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Starting, the screen says five times that its keys may have changed; the bar draws once.

    The first time is before the first row is chosen (its keys, like Skip, are
    not possible yet), but the bar draws after that, with the keys as they are
    then: it drew a second time when the screen said so, for the first frame.
    """
    from screens.keybar import KeyBar

    drawn = []
    real = KeyBar.compose

    def counted(self: KeyBar) -> Iterator[Widget]:
        keys = list(real(self))
        if keys:  # composed with keys: drawn (not the empty bar made before the keys are known)
            drawn.append(self)
        return iter(keys)

    monkeypatch.setattr(KeyBar, "compose", counted)
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="sv")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.3)
        assert len(drawn) == 1
        first_key = app.screen.query_one(KeyBar).children[0]  # the key bar's keys, as drawn
        assert "Starta/pausa" in str(first_key.render())
        assert not first_key.disabled, "drawn with the first row chosen: start/pause is possible"


async def test_f2_on_one_screen_renames_the_keys_of_the_others(store: Store, demo_id: str) -> None:
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert "Start/pause" in screen_text(app)
        await press(pilot, "f6", "f2", "f3")  # to the notes, Swedish there, back to the agenda
        await pilot.pause()
        shown = screen_text(app)
        assert "Starta/pausa" in shown and "Start/pause" not in shown


async def test_the_palette_speaks_swedish_too(store: Store, demo_id: str) -> None:
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="sv")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert "kommandon" in screen_text(app).splitlines()[-1]
        await press(pilot, "ctrl+p")
        await pilot.pause()
        assert "Sök ett kommando" in screen_text(app)
        await press(pilot, "escape", "f2")
        await pilot.pause()
        assert "commands" in screen_text(app).splitlines()[-1]


def test_the_one_private_hook_of_textual_the_app_uses_is_still_there() -> None:
    """app.py overrides _handle_exception and empties _exit_renderables (see its comment)."""
    import inspect

    from textual.app import App

    hook = getattr(App, "_handle_exception", None)
    assert callable(hook), "Textual no longer has App._handle_exception: see FacilitatorApp"
    assert list(inspect.signature(hook).parameters) == ["self", "error"]
    assert isinstance(App().__dict__.get("_exit_renderables"), list), (
        "Textual no longer keeps App._exit_renderables: see FacilitatorApp._handle_exception"
    )


@pytest.mark.parametrize("lang", ["sv", "en"])
async def test_every_key_in_the_help_and_the_palette_is_described_in_both_languages(
    store: Store, demo_id: str, lang: str
) -> None:
    """`v` and `r` once had no description: every key shown says what it does, in sv and en."""
    from facilitator.i18n import words
    from screens.help import key_rows

    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language=lang)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for mode in [m for m in FacilitatorApp.MODES if m != "start"]:
            app.switch_mode(mode)
            await pilot.pause()
            for keys, name, does in key_rows(app.screen, lang):
                assert name and does, (mode, keys, name)
            for command in app.get_system_commands(app.screen):
                if command.callback.__class__.__name__ == "partial":  # ours, not Textual's
                    assert command.help, (mode, command.title)
        for owner in (
            FacilitatorApp,
            *(screen_class(mode) for mode in FacilitatorApp.MODES if mode != "start"),
        ):
            for binding in owner.BINDINGS:
                assert isinstance(binding, Binding)
                for language in ("sv", "en"):
                    assert f"help.{binding.id}" in words(language), (binding.id, language)
                    assert f"key.{binding.id}" in words(language), (binding.id, language)


async def test_ctrl_c_says_how_to_quit_in_the_interfaces_language(
    store: Store, demo_id: str
) -> None:
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="sv")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await press(pilot, "ctrl+c")
        await pilot.pause()
        said = [(n.title, n.message) for n in app._notifications]
    assert ("Vill du avsluta?", "Tryck ctrl+q för att avsluta programmet") in said
    assert not any("quit" in message for _, message in said)
