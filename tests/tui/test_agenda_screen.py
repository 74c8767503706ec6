"""The trainer's agenda, driven by keys with a fake clock; every change checked on screen and on disk."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import press
from fakes import T0, FakeClock, screen_text
from textual.widgets import DataTable, Input, Static

from facilitator import agenda
from facilitator.app import FacilitatorApp
from facilitator.model import BlockKind, BlockState
from facilitator.store import Store


def rows(app: FacilitatorApp) -> list[list[str]]:
    table = app.screen.query_one("#agenda-table", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def status(app: FacilitatorApp) -> str:
    return str(app.screen.query_one("#agenda-status", Static).render())


def cursor_row(app: FacilitatorApp) -> int:
    return app.screen.query_one("#agenda-table", DataTable).cursor_row


async def tick(app: FacilitatorApp, pilot) -> None:
    """What the app's once-a-second timers do, at once."""
    app.watch_time()
    app.screen.tick()
    await pilot.pause()


async def test_space_starts_plus_extends_finish_selects_next(store: Store, demo_id: str) -> None:
    clock = FakeClock(T0 + timedelta(minutes=2))
    app = FacilitatorApp(store, demo_id, clock=clock, language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert cursor_row(app) == 0
        await press(pilot, "space")
        first = store.load(demo_id).blocks[0]
        assert first.started_at == clock() and first.state is BlockState.RUNNING
        assert rows(app)[0][4] == "running"
        assert "20:00 left" in status(app)
        assert "Next: Förberedelseuppgiften" in status(app)

        await press(pilot, "plus")
        assert store.load(demo_id).blocks[0].extended_seconds == 60
        clock.advance(minutes=3)
        await tick(app, pilot)
        assert "18:00 left" in status(app)
        assert rows(app)[0][2] == "20+1" and rows(app)[0][5] == "3"
        await press(pilot, "minus", "minus")
        assert store.load(demo_id).blocks[0].extended_seconds == -60
        await tick(app, pilot)
        assert "16:00 left" in status(app)

        clock.advance(minutes=16)
        await press(pilot, "f")
        blocks = store.load(demo_id).blocks
        assert blocks[0].state is BlockState.DONE and blocks[0].finished_at == clock()
        assert cursor_row(app) == 1
        assert rows(app)[0][4] == "done" and rows(app)[0][5] == "19"
        assert "Next: Förberedelseuppgiften" in status(app)


async def test_pause_resume_and_status_words(store: Store, demo_id: str) -> None:
    clock = FakeClock()
    app = FacilitatorApp(store, demo_id, clock=clock, language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "space")
        clock.advance(minutes=5)
        await press(pilot, "space")  # pause
        assert store.load(demo_id).blocks[0].state is BlockState.PAUSED
        clock.advance(minutes=10)
        await tick(app, pilot)
        assert "paused, 15:00 left" in status(app)
        await press(pilot, "space")  # resume
        assert store.load(demo_id).blocks[0].paused_seconds == 600
        # The day runs ten minutes late now: the pause pushed everything on.
        await tick(app, pilot)
        assert "ends 16:10 (+10 min, planned 16:00)" in status(app)


async def test_warnings_and_overtime(store: Store, demo_id: str) -> None:
    clock = FakeClock()
    app = FacilitatorApp(store, demo_id, clock=clock, language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "space")
        bar = app.screen.query_one("#agenda-status", Static)
        clock.advance(minutes=15, seconds=30)
        await tick(app, pilot)
        assert bar.has_class("-warn") and "4:30 left" in status(app)
        assert any("4:30 left" in n.message for n in app.notices)
        clock.advance(minutes=4)
        await tick(app, pilot)
        assert bar.has_class("-final") and not bar.has_class("-warn")
        clock.advance(minutes=2, seconds=43)
        await tick(app, pilot)
        assert bar.has_class("-overtime")
        assert "OVERTIME +2:13" in status(app)
        assert any("OVERTIME" in n.message for n in app.notices)


async def test_starting_another_block_finishes_the_running_one(store: Store, demo_id: str) -> None:
    clock = FakeClock()
    app = FacilitatorApp(store, demo_id, clock=clock, language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "space")
        clock.advance(minutes=7)
        await press(pilot, "down", "down", "space")
        blocks = store.load(demo_id).blocks
        assert blocks[0].state is BlockState.DONE and blocks[0].finished_at == clock()
        assert blocks[2].state is BlockState.RUNNING


async def test_skip_and_bring_back(store: Store, demo_id: str) -> None:
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "down", "s")
        assert store.load(demo_id).blocks[1].skipped
        assert rows(app)[1][4] == "skipped"
        await press(pilot, "s")
        assert not store.load(demo_id).blocks[1].skipped


async def test_text_field_swallows_the_keys(store: Store, demo_id: str) -> None:
    before = store.load(demo_id)
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "a")
        await pilot.pause()
        title = app.screen.query_one("#form-title", Input)
        assert title.has_focus
        await press(pilot, "space", "plus", "minus", "f", "s", "x", "d")
        assert title.value == " +-fsxd"
        assert store.load(demo_id) == before
        await press(pilot, "escape")
        await pilot.pause()
    assert store.load(demo_id) == before


async def test_add_edit_move_remove_blocks(store: Store, demo_id: str) -> None:
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "a")
        await pilot.pause()
        await press(pilot, *"Energizer", "tab", "tab", "ctrl+a")  # title, then minutes
        minutes = app.screen.query_one("#form-minutes", Input)
        minutes.value = "10"
        await press(pilot, "enter")
        await pilot.pause()
        blocks = store.load(demo_id).blocks
        assert (blocks[1].title, blocks[1].minutes, blocks[1].kind) == (
            "Energizer",
            10,
            BlockKind.THEORY,
        )
        assert [r[1] for r in rows(app)[:3]] == ["09:00", "09:20", "09:30"], (
            "start times follow at once"
        )

        await press(pilot, "e")
        await pilot.pause()
        title = app.screen.query_one("#form-title", Input)
        title.value = "Energizer, longer"
        app.screen.query_one("#form-minutes", Input).value = "12"
        await press(pilot, "enter")
        await pilot.pause()
        assert (store.load(demo_id).blocks[1].title, store.load(demo_id).blocks[1].minutes) == (
            "Energizer, longer",
            12,
        )

        await press(pilot, "d")
        assert store.load(demo_id).blocks[2].title == "Energizer, longer"
        assert cursor_row(app) == 2
        await press(pilot, "u", "u")
        assert store.load(demo_id).blocks[0].title == "Energizer, longer"

        await press(pilot, "x")
        await pilot.pause()
        await press(pilot, "n")
        await pilot.pause()
        assert len(store.load(demo_id).blocks) == 13
        await press(pilot, "x")
        await pilot.pause()
        await press(pilot, "y")
        await pilot.pause()
        assert [b.title for b in store.load(demo_id).blocks][0] == "Återblick på första tillfället"
        assert len(store.load(demo_id).blocks) == 12


async def test_bad_form_input_gets_a_message_and_changes_nothing(
    store: Store, demo_id: str
) -> None:
    before = store.load(demo_id)
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "e")
        await pilot.pause()
        for value, message in (("abc", "whole number"), ("0", "between 1 and 1440")):
            app.screen.query_one("#form-minutes", Input).value = value
            await press(pilot, "enter")
            await pilot.pause()
            assert message in str(app.screen.query_one("#form-error", Static).render())
        app.screen.query_one("#form-minutes", Input).value = "20"
        app.screen.query_one("#form-title", Input).value = "   "
        await press(pilot, "enter")
        await pilot.pause()
        assert "needs a title" in str(app.screen.query_one("#form-error", Static).render())
        assert store.load(demo_id) == before
        await press(pilot, "escape")
        await pilot.pause()
    assert store.load(demo_id) == before


async def test_restart_mid_block_shows_the_same_time(store: Store, demo_id: str) -> None:
    clock = FakeClock()
    app = FacilitatorApp(store, demo_id, clock=clock, language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "down", "space")
        clock.advance(minutes=12)
    # The app was closed (or crashed); twenty minutes later it opens again.
    clock.advance(minutes=20)
    again = FacilitatorApp(store, demo_id, clock=clock, language="en")
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert cursor_row(again) == 1, "opens on the running block"
        assert "8:00 left" in status(again)
        assert rows(again)[1][5] == "32"


async def test_late_start_reminder(store: Store, demo_id: str) -> None:
    clock = FakeClock(T0 + timedelta(minutes=8))
    app = FacilitatorApp(store, demo_id, clock=clock, language="sv")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        alert = str(app.screen.query_one("#agenda-alert", Static).render())
        assert "Påminnelse" in alert and "09:00" in alert
        await press(pilot, "space")
        await tick(app, pilot)
        assert not app.screen.query_one("#agenda-alert", Static).display


async def test_room_message_and_blackout_from_the_agenda(store: Store, demo_id: str) -> None:
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "m")
        await pilot.pause()
        await press(pilot, *"Lunch at 12", "enter")
        await pilot.pause()
        assert store.load(demo_id).session.room_message == "Lunch at 12"
        await press(pilot, "b")
        assert store.load(demo_id).session.room_blackout
        await press(pilot, "b", "c")
        session = store.load(demo_id).session
        assert not session.room_blackout and session.room_message == ""


async def test_warning_times_are_set_per_session(store: Store, demo_id: str) -> None:
    clock = FakeClock()
    app = FacilitatorApp(store, demo_id, clock=clock, language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "w")
        await pilot.pause()
        prompt = app.screen.query_one("#prompt-input", Input)
        assert prompt.value == "5, 1"
        prompt.value = "ten"
        await press(pilot, "enter")
        await pilot.pause()
        assert store.load(demo_id).session.warn_minutes == [5, 1]
        assert any("whole minutes" in n.message for n in app.notices)
        await press(pilot, "w")
        await pilot.pause()
        app.screen.query_one("#prompt-input", Input).value = "2, 10"
        await press(pilot, "enter")
        await pilot.pause()
        assert store.load(demo_id).session.warn_minutes == [10, 2]
        await press(pilot, "space")
        clock.advance(minutes=10, seconds=30)
        await tick(app, pilot)
        assert app.screen.query_one("#agenda-status", Static).has_class("-warn")


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_status_line_keeps_the_days_end_and_delay_on_a_small_screen(
    store: Store, demo_id: str, language: str, size: tuple[int, int]
) -> None:
    """Late with a long block title next: the end of the day and the delay are never cut off."""
    blocks = store.load(demo_id).blocks
    store.change_blocks(demo_id, lambda b: agenda.start(b, blocks[0].id, T0 + timedelta(hours=3)))
    store.change_blocks(
        demo_id, lambda b: agenda.edit(b, blocks[1].id, {"title": "Förberedelseuppgiften " * 6})
    )
    app = FacilitatorApp(
        store, demo_id, clock=FakeClock(T0 + timedelta(hours=3, minutes=5)), language=language
    )
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for screen in ("f3", "f5", "f6"):
            await press(pilot, screen)
            await pilot.pause()
            app.screen.tick()
            lines = [line.rstrip() for line in screen_text(app).splitlines() if line.strip()]
            second = next(line for line in lines if "16:00" in line)
            planned = "planerat 16:00" if language == "sv" else "planned 16:00"
            assert "(+180 min, " + planned + ")" in second, second
            assert len(second) <= size[0]
            assert "…" in second, "the next block's title is cut, with an ellipsis"
