"""The room view follows the session that other programs change, read-only, within a second."""

from __future__ import annotations

from datetime import timedelta

from fakes import T0, FakeClock
from textual.widgets import Digits, Static

from facilitator import agenda
from facilitator.app import FacilitatorApp
from facilitator.store import Store


def shown(app: FacilitatorApp, selector: str) -> str:
    widget = app.screen.query_one(selector)
    return widget.value if isinstance(widget, Digits) else str(widget.render())  # type: ignore[attr-defined]


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
        await pilot.pause(1.0)
        assert shown(room, "#room-clock") == "19:00"
        assert shown(room, "#room-title") == "Återblick på första tillfället"
        assert "Next: Förberedelseuppgiften" in shown(room, "#room-next")

        clock.advance(minutes=16)
        room.screen.tick()
        assert room.screen.has_class("-warn")
        assert shown(room, "#room-state") == "less than 5 min left"
        clock.advance(minutes=5)
        room.screen.tick()
        assert room.screen.has_class("-overtime")
        assert shown(room, "#room-clock") == "+2:00"
        assert shown(room, "#room-state") == "OVERTIME +2:00"

        trainer.change_session(demo_id, lambda s: setattr(s, "room_message", "Fika i matsalen"))
        await pilot.pause(1.0)
        assert shown(room, "#room-message") == "Fika i matsalen"
        trainer.change_session(demo_id, lambda s: setattr(s, "room_blackout", True))
        await pilot.pause(1.0)
        assert room.screen.has_class("-blackout")
        assert room.screen.query_one("#room").styles.display == "none"


async def test_room_command_is_read_only(store: Store, demo_id: str) -> None:
    before = store.load(demo_id)
    room = FacilitatorApp(
        store, demo_id, clock=FakeClock(), language="en", mode="room", read_only=True
    )
    async with room.run_test(size=(80, 24)) as pilot:
        await pilot.press("b", "c", "f3", "space", "plus")
        await pilot.pause()
        assert room.current_mode == "room"
    assert store.load(demo_id) == before


async def test_room_mode_in_the_trainers_app_steers_blackout(store: Store, demo_id: str) -> None:
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="sv")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        assert app.current_mode == "room"
        await pilot.press("b")
        assert store.load(demo_id).session.room_blackout
        await pilot.press("b", "f3")
        await pilot.pause()
        assert app.current_mode == "agenda"
        assert not store.load(demo_id).session.room_blackout


async def test_every_screen_survives_small_and_resized_terminals(
    store: Store, demo_id: str
) -> None:
    clock = FakeClock()
    first = store.load(demo_id).blocks[2].id
    store.change_blocks(demo_id, lambda b: agenda.start(b, first, T0))
    store.add_note(demo_id, "en anteckning " * 40)
    app = FacilitatorApp(store, demo_id, clock=clock, language="sv")
    async with app.run_test(size=(80, 24)) as pilot:
        for key in ("f4", "f5", "f6", "f7", "f1", "escape", "f3"):
            await pilot.press(key)
            for size in ((40, 12), (120, 40), (80, 24)):
                await pilot.resize_terminal(*size)
                await pilot.pause()
                app.watch_time()
                if hasattr(app.screen, "tick"):
                    app.screen.tick()
        assert isinstance(app.screen.query_one("#agenda-status"), Static)


async def test_notices_wait_while_the_room_view_is_on_the_projector(
    store: Store, demo_id: str
) -> None:
    """A reminder that falls due while the room sees the room view is shown to the trainer later."""
    clock = FakeClock(T0 + timedelta(minutes=30))  # the first block is due, and nothing runs
    app = FacilitatorApp(store, demo_id, clock=clock, language="en", mode="room")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f3", "f4")  # the trainer looks at the agenda, then shows the room view
        app.clear_notifications()
        app._reminded.clear()
        app.watch_time()  # the once-a-second check: the late reminder falls due now
        await pilot.pause()
        assert toasts(app) == [], "no notice on the projector"
        assert not app.screen.query("Footer"), "no key bar for the room"
        await pilot.press("f3")  # back on the trainer's screen
        assert any("was due to start" in text for text in toasts(app))


def toasts(app: FacilitatorApp) -> list[str]:
    """The notices the app shows now (as the other screen tests read them)."""
    return [n.message for n in app._notifications]
