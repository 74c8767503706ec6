"""The room view: it follows the session within a second, reads from the back row, shows nothing private."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import press, settle, until
from fakes import T0, FakeClock, add_note, screen_text
from faults import snapshot
from room_days import DAYS
from textual.geometry import Region
from textual.widgets import Static

from facilitator import agenda, presentations
from facilitator.app import FacilitatorApp
from facilitator.store import Store
from screens.room import Lettering


def shown(app: FacilitatorApp, selector: str) -> str:
    """The text a line of the room view says, whatever size it is drawn at."""
    return app.screen.query_one(selector, Lettering).text


async def test_follows_a_block_started_elsewhere_within_a_second(
    store: Store, demo_id: str
) -> None:
    clock = FakeClock(T0 + timedelta(minutes=1))
    room = FacilitatorApp(store, demo_id, clock=clock, language="en", mode="room", read_only=True)
    async with room.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert shown(room, "#room-clock") == "09:01"
        assert "Next: Återblick på första tillfället at 09:01" in shown(room, "#room-next")

        trainer = Store(store.root)  # the trainer's app, in another terminal
        first = trainer.load(demo_id).blocks[0].id
        trainer.change_blocks(demo_id, lambda b: agenda.start(b, first, T0))
        await until(pilot, lambda: shown(room, "#room-clock") == "19:00")
        assert shown(room, "#room-title") == "Återblick på första tillfället"
        assert "Next: Förberedelseuppgiften" in shown(room, "#room-next")

        clock.advance(minutes=16)
        room.screen.tick()
        assert room.screen.has_class("-warn")
        assert shown(room, "#room-state") == "less than 5 min left"
        assert room.screen.query_one("#room-bar").fraction > 0.8
        clock.advance(minutes=5)
        room.screen.tick()
        assert room.screen.has_class("-overtime")
        assert shown(room, "#room-clock") == "+2:00"
        assert shown(room, "#room-state") == "OVERTIME +2:00"

        trainer.change_session(demo_id, lambda s: setattr(s, "room_message", "Fika i matsalen"))
        await until(pilot, lambda: shown(room, "#room-message") == "Fika i matsalen")
        trainer.change_session(demo_id, lambda s: setattr(s, "room_blackout", True))
        await until(pilot, lambda: room.screen.has_class("-blackout"))
        assert room.screen.query_one("#room").styles.display == "none"


async def test_room_command_is_read_only(store: Store, demo_id: str) -> None:
    """`facilitator room` writes nothing: every file keeps its bytes and its time."""
    before = store.load(demo_id)
    files = snapshot(store.root)
    clock = FakeClock(T0 + timedelta(minutes=1))
    room = FacilitatorApp(store, demo_id, clock=clock, language="en", mode="room", read_only=True)
    async with room.run_test(size=(80, 24)) as pilot:
        # The trainer's keys for blackout, a message, starting, extending, finishing…
        await press(pilot, "b", "m", "c", "f3", "space", "plus", "minus", "f", "n", "enter")
        clock.advance(minutes=30)
        await pilot.pause(0.7)  # past a poll and a tick
        assert room.current_mode == "room"
    assert store.load(demo_id) == before
    assert snapshot(store.root) == files


async def test_room_mode_in_the_trainers_app_steers_blackout(store: Store, demo_id: str) -> None:
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="sv")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f4")
        await pilot.pause()
        assert app.current_mode == "room"
        await press(pilot, "b")
        assert store.load(demo_id).session.room_blackout
        await press(pilot, "b", "f3")
        await pilot.pause()
        assert app.current_mode == "agenda"
        assert not store.load(demo_id).session.room_blackout


@pytest.mark.slow
async def test_every_screen_survives_small_and_resized_terminals(
    store: Store, demo_id: str
) -> None:
    clock = FakeClock()
    first = store.load(demo_id).blocks[2].id
    store.change_blocks(demo_id, lambda b: agenda.start(b, first, T0))
    add_note(store, demo_id, "en anteckning " * 40)
    app = FacilitatorApp(store, demo_id, clock=clock, language="sv")
    # What each screen must still show at every size: its own words, not an empty frame.
    marks = {
        "f4": "━",  # the room view's bar (its words may be drawn in large letters)
        "f5": "väntar",  # the queue's progress line
        "f6": "09:00:00",  # the status line over the notes
        "f7": "Innovation och lärande",  # the recap's heading
        "f1": "Tangent",  # the key list's heading
        "escape": "Innovation och lärande",  # back on the recap
        "f3": "09:00:00",
    }
    async with app.run_test(size=(80, 24)) as pilot:
        for key, mark in marks.items():
            await press(pilot, key)
            for size in ((40, 12), (120, 40), (80, 24)):
                await pilot.resize_terminal(*size)
                await pilot.pause()
                app.watch_time()
                if hasattr(app.screen, "tick"):
                    app.screen.tick()
                await pilot.pause()
                assert mark in screen_text(app), (key, size)
                if key == "f4":
                    assert shown(app, "#room-title") == "Deltagarnas projektområden"
        assert app.current_mode == "agenda"
        assert isinstance(app.screen.query_one("#agenda-status"), Static)


async def test_notices_wait_while_the_room_view_is_on_the_projector(
    store: Store, demo_id: str
) -> None:
    """A reminder and a warning fall due while the room sees the room view: the trainer sees them later."""
    clock = FakeClock(T0 + timedelta(minutes=30))  # the first block is due, and nothing runs
    app = FacilitatorApp(store, demo_id, clock=clock, language="en", mode="room")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "f3", "f4")  # the trainer looks at the agenda, then shows the room view
        app.clear_notifications()
        app.time_watch.forget()
        app.watch_time()  # the once-a-second check: the late reminder falls due now
        first = store.load(demo_id).blocks[0].id
        store.change_blocks(demo_id, lambda b: agenda.start(b, first, clock.now))
        await until(pilot, lambda: app.data is not None and app.data.blocks[0].started_at)
        clock.advance(minutes=16)  # four minutes left of twenty: the warning falls due
        app.watch_time()
        app.screen.tick()
        await pilot.pause()
        seen = screen_text(app)
        assert app.notices == [], "no notice on the projector"
        assert "was due to start" not in seen and "4:00 left" not in seen
        assert not app.screen.query("Footer"), "no key bar for the room"
        assert "Blackout" not in seen and "Agenda" not in seen
        assert shown(app, "#room-state") == "less than 5 min left"
        await press(pilot, "f3")  # back on the trainer's screen
        said = [n.message for n in app.notices]
        assert any("was due to start" in text for text in said)
        assert any(text.startswith("4:00 left") for text in said)


async def test_a_notice_never_covers_a_dialog(store: Store, demo_id: str) -> None:
    clock = FakeClock(T0 + timedelta(minutes=30))
    app = FacilitatorApp(store, demo_id, clock=clock, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.clear_notifications()
        await press(pilot, "a")  # the form to add a block
        app.time_watch.forget()
        app.watch_time()
        await pilot.pause()
        assert "was due to start" not in screen_text(app)
        await press(pilot, "escape")
        await pilot.pause()
        assert "was due to start" in screen_text(app)


async def test_minus_into_the_warning_time_warns_once_and_plus_clears_it(
    store: Store, demo_id: str
) -> None:
    """However the time left gets into the warning zone, the warning follows it."""
    clock = FakeClock(T0 + timedelta(minutes=1))
    second = store.load(demo_id).blocks[1].id  # 40 minutes
    store.change_blocks(demo_id, lambda b: agenda.start(b, second, T0))
    clock.advance(minutes=29)  # ten minutes left
    app = FacilitatorApp(store, demo_id, clock=clock, language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.clear_notifications()
        status = app.screen.query_one("#agenda-status", Static)
        assert not status.has_class("-warn")
        await press(pilot, *["minus"] * 6)  # four minutes left
        await pilot.pause()
        warned = [n.message for n in app.notices if "left:" in n.message]
        # One notice, raised by the key that crossed into the last five minutes.
        assert warned == ["5:00 left: Förberedelseuppgiften: vad säger styrdokumenten?"]
        assert status.has_class("-warn")
        assert "4:00 left" in str(status.render())
        await press(pilot, "f4")
        assert app.screen.has_class("-warn")
        assert shown(app, "#room-state") == "less than 5 min left"
        await press(pilot, "f3", "minus")  # still inside: no second notice
        await pilot.pause()
        assert len([n for n in app.notices if "left:" in n.message]) == 1
        await press(pilot, "plus", "plus", "plus")  # 6:00 left: out of the warning
        await pilot.pause()
        assert [n for n in app.notices if "left:" in n.message] == []
        assert not status.has_class("-warn")
        await press(pilot, "minus")  # 5:00 left: back in, it warns again
        await pilot.pause()
        assert len([n for n in app.notices if "left:" in n.message]) == 1


def clock_box(app: FacilitatorApp) -> tuple[int, int]:
    """The width and height, in cells, of what the big clock draws on the screen."""
    widget = app.screen.query_one("#room-clock", Lettering)
    lines = [strip.text for strip in widget.render_lines(Region(0, 0, *widget.size))]
    inked = [i for i, line in enumerate(lines) if line.strip()]
    left = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
    right = max(len(line.rstrip()) for line in lines)
    return right - left, inked[-1] - inked[0] + 1


@pytest.mark.parametrize(
    ("size", "least"),
    [
        ((100, 30), (1 / 2, 1 / 3)),
        ((200, 60), (1 / 2, 1 / 3)),
        ((80, 24), (1 / 2, 1 / 3)),
        ((40, 12), (1 / 2, 1 / 4)),
    ],
)
async def test_the_clock_fills_the_screen(
    store: Store, demo_id: str, size: tuple[int, int], least: tuple[float, float]
) -> None:
    clock = DAYS["running"](store, demo_id)
    app = FacilitatorApp(store, demo_id, clock=clock, language="sv", mode="room")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        width, height = clock_box(app)
        print(f"\nclock at {size[0]}x{size[1]}: {width}x{height} cells")
        assert width >= size[0] * least[0] and height >= size[1] * least[1], (width, height)
        assert width <= size[0] and height <= size[1]
        await pilot.resize_terminal(*(2 * n for n in size))  # the window made bigger: it grows
        await pilot.pause()
        bigger = clock_box(app)
        assert bigger[0] > width and bigger[1] > height


@pytest.mark.parametrize("language", ["sv", "en"])
async def test_during_the_round_the_room_knows_who_is_on_and_who_is_next(
    store: Store, demo_id: str, language: str
) -> None:
    clock = DAYS["presenting"](store, demo_id)
    app = FacilitatorApp(store, demo_id, clock=clock, language=language, mode="room")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        now, following = ("Nu", "Nästa") if language == "sv" else ("Now", "Next")
        assert (
            shown(app, "#room-title")
            == f"{now}: Jonas Ström — Ett LSS-boende byggt för sina boende"
        )
        assert shown(app, "#room-next") == f"{following}: Maria Holm — Bygglov utan krångel"
        assert ("2 av 5" if language == "sv" else "2 of 5") in shown(app, "#room-state")
        app.services.desk.change_presentations(lambda q: presentations.finish(q, clock.now))
        await settle(app)
        app.screen.tick()
        assert shown(app, "#room-title") == "Deltagarnas projektområden"
        assert shown(app, "#room-next") == f"{following}: Maria Holm — Bygglov utan krångel"
        assert ("2 av 5" if language == "sv" else "2 of 5") in shown(app, "#room-state")


async def test_help_on_the_room_view_opens_on_the_trainers_screen(
    store: Store, demo_id: str
) -> None:
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en", mode="room")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "f1")
        await pilot.pause()
        assert app.current_mode == "agenda", "the projector keeps the room view's look"
        assert "Blackout" in screen_text(app), "the room view's keys are listed"
        await press(pilot, "escape", "f4", "b")  # and they still work on the room view
        await settle(app)
        assert store.load(demo_id).session.room_blackout
