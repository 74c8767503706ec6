"""The presentation queue driven by keys with a fake clock; every action checked on screen and on disk."""

from __future__ import annotations

from conftest import press
from fakes import FakeClock, add_note
from textual.widgets import DataTable, Input, Static

from facilitator.app import FacilitatorApp
from facilitator.model import PresentationState
from facilitator.store import Store
from screens.room import Lettering

W, P, D, S, A = (
    PresentationState.WAITING,
    PresentationState.PRESENTING,
    PresentationState.DONE,
    PresentationState.SKIPPED,
    PresentationState.ABSENT,
)


def rows(app: FacilitatorApp) -> list[list[str]]:
    table = app.screen.query_one("#queue-table", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def shown(app: FacilitatorApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def queue_on_disk(store: Store, session_id: str) -> list[tuple[str, PresentationState]]:
    return [(p.presenter.split()[0], p.state) for p in store.load(session_id).presentations]


async def opened(app: FacilitatorApp, pilot) -> None:
    await press(pilot, "f5")
    await pilot.pause()
    assert app.current_mode == "presentations"


async def test_call_next_time_the_slot_and_finish(store: Store, demo_id: str) -> None:
    clock = FakeClock()
    app = FacilitatorApp(store, demo_id, clock=clock, language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(app, pilot)
        assert "0 of 5 done, 5 waiting, about 25 min left" in shown(app, "#queue-progress")
        assert "Next: Karin Ek" in shown(app, "#queue-current")
        await press(pilot, "n")
        assert queue_on_disk(store, demo_id)[0] == ("Karin", P)
        assert store.load(demo_id).presentations[0].started_at == clock()
        panel = shown(app, "#queue-current")
        assert "Now: Karin Ek — Kultur och fritid" in panel and "5:00 left of 5 min" in panel
        assert rows(app)[0][2] == "presenting"

        add_note(store, demo_id, "Sagostunder på distans")  # the note-taker, elsewhere
        clock.advance(minutes=4, seconds=30)
        app.reload()
        app.screen.tick()
        await pilot.pause()
        panel_widget = app.screen.query_one("#queue-current", Static)
        assert panel_widget.has_class("-final") and "0:30 left" in shown(app, "#queue-current")
        assert "notes: 1" in shown(app, "#queue-current")
        clock.advance(minutes=1, seconds=12)
        app.watch_time()
        app.screen.tick()
        await pilot.pause()
        assert panel_widget.has_class("-overtime") and "OVERTIME +0:42" in shown(
            app, "#queue-current"
        )
        assert any("OVERTIME: Karin Ek" in n.message for n in app.notices)

        await press(pilot, "n")  # Karin is done, Jonas is up
        assert queue_on_disk(store, demo_id)[:2] == [("Karin", D), ("Jonas", P)]
        assert rows(app)[0][4] == "5:42", "the speaking time is kept"
        clock.advance(minutes=3)
        await press(pilot, "f")
        assert queue_on_disk(store, demo_id)[1] == ("Jonas", D)
        assert "2 of 5 done, 3 waiting, about 15 min left" in shown(app, "#queue-progress")
        assert app.screen.query_one("#queue-table", DataTable).cursor_row == 2


async def test_skip_bring_back_and_absent(store: Store, demo_id: str) -> None:
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(app, pilot)
        await press(pilot, "n", "down", "s")  # Karin presents; Jonas is not ready
        assert queue_on_disk(store, demo_id) == [
            ("Karin", P), ("Maria", W), ("Ali", W), ("Eva", W), ("Jonas", S),
        ]  # fmt: skip
        assert rows(app)[4][1] == "Jonas Ström" and rows(app)[4][2] == "skipped"
        table = app.screen.query_one("#queue-table", DataTable)
        assert table.cursor_row == 4, "the cursor follows Jonas to the end"
        await press(pilot, "b")
        assert [name for name, _ in queue_on_disk(store, demo_id)][:2] == ["Karin", "Jonas"]
        table.move_cursor(row=3)  # Ali
        await press(pilot, "o")
        assert dict(queue_on_disk(store, demo_id))["Ali"] is A
        await press(pilot, "b")
        on_disk = queue_on_disk(store, demo_id)
        assert on_disk[1] == ("Ali", W), "brought back as next"
        await press(pilot, "n")
        assert queue_on_disk(store, demo_id)[1] == ("Ali", P)


async def test_reorder_while_someone_presents(store: Store, demo_id: str) -> None:
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(app, pilot)
        await press(pilot, "n")
        table = app.screen.query_one("#queue-table", DataTable)
        table.move_cursor(row=4)  # Eva
        await press(pilot, "u", "u")
        assert [n for n, _ in queue_on_disk(store, demo_id)] == [
            "Karin",
            "Jonas",
            "Eva",
            "Maria",
            "Ali",
        ]
        assert table.cursor_row == 2
        await press(pilot, "d")
        assert [n for n, _ in queue_on_disk(store, demo_id)] == [
            "Karin",
            "Jonas",
            "Maria",
            "Eva",
            "Ali",
        ]
        assert queue_on_disk(store, demo_id)[0] == ("Karin", P)
        assert "Now: Karin Ek" in shown(app, "#queue-current")


async def test_add_edit_remove(store: Store, demo_id: str) -> None:
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(app, pilot)
        await press(pilot, "a")
        await pilot.pause()
        await press(pilot, *"Sara Lund")
        app.screen.query_one("#form-organisation", Input).value = "Skolan"
        app.screen.query_one("#form-title", Input).value = "Lärande i klassrummet"
        app.screen.query_one("#form-minutes", Input).value = "7"
        await press(pilot, "enter")
        await pilot.pause()
        added = store.load(demo_id).presentations[1]
        assert (added.presenter, added.organisation, added.title, added.minutes) == (
            "Sara Lund", "Skolan", "Lärande i klassrummet", 7,
        )  # fmt: skip
        assert rows(app)[1][1] == "Sara Lund"

        await press(pilot, "e")
        await pilot.pause()
        assert app.screen.query_one("#form-presenter", Input).value == "Sara Lund"
        app.screen.query_one("#form-summary", Input).value = "Hur elever lär av varandra"
        await press(pilot, "enter")
        await pilot.pause()
        assert store.load(demo_id).presentations[1].summary == "Hur elever lär av varandra"

        await press(pilot, "x")
        await pilot.pause()
        await press(pilot, "y")
        await pilot.pause()
        assert [p.presenter for p in store.load(demo_id).presentations][1] == "Jonas Ström"
        assert len(rows(app)) == 5


async def test_bad_form_input_gets_a_message_and_changes_nothing(
    store: Store, demo_id: str
) -> None:
    before = store.load(demo_id)
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(app, pilot)
        await press(pilot, "e")
        await pilot.pause()
        field = lambda name: app.screen.query_one(f"#form-{name}", Input)  # noqa: E731
        cases = [
            ("presenter", "   ", "the presenter's name is needed"),
            ("minutes", "0", "between 1 and 240"),
            ("minutes", "abc", "whole number, not “abc”"),
            ("summary", "x" * 100_001, "at most 100,000 characters; this one has 100,001"),
        ]
        for name, value, message in cases:
            original = field(name).value
            field(name).value = value
            await press(pilot, "enter")
            await pilot.pause()
            assert message in shown(app, "#form-error")
            assert field(name).value == value, "what was typed stays in the form"
            field(name).value = original
        assert store.load(demo_id) == before
        await press(pilot, "escape")
        await pilot.pause()
    assert store.load(demo_id) == before


async def test_restart_mid_presentation_resumes(store: Store, demo_id: str) -> None:
    clock = FakeClock()
    app = FacilitatorApp(store, demo_id, clock=clock, language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(app, pilot)
        await press(pilot, "n")
        clock.advance(minutes=2)
        await press(pilot, "n")
        clock.advance(minutes=1, seconds=15)
    again = FacilitatorApp(store, demo_id, clock=clock, language="en", mode="presentations")
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "Now: Jonas Ström" in shown(again, "#queue-current")
        assert "3:45 left of 5 min" in shown(again, "#queue-current")
        assert again.screen.query_one("#queue-table", DataTable).cursor_row == 1
        assert rows(again)[0][4] == "2:00"


async def test_starting_the_presentations_block_offers_the_queue(
    store: Store, demo_id: str
) -> None:
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "down", "down", "space")
        assert store.load(demo_id).blocks[2].started_at is not None
        assert any("F5 opens the queue" in n.message for n in app.notices)


async def test_room_view_shows_who_presents_and_who_is_next(store: Store, demo_id: str) -> None:
    clock = FakeClock()
    app = FacilitatorApp(store, demo_id, clock=clock, language="sv")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "down", "down", "space", "f5", "n")
        clock.advance(minutes=1)
        await press(pilot, "f4")
        await pilot.pause()
        said = {
            name: app.screen.query_one(f"#room-{name}", Lettering).text
            for name in ("title", "clock", "state", "next")
        }
        assert said == {
            "title": "Nu: Karin Ek — Ett digitalt bibliotek som når ut",
            "clock": "4:00",
            "state": "kvar · talare 1 av 5",
            "next": "Nästa: Jonas Ström — Ett LSS-boende byggt för sina boende",
        }


async def test_took_reads_the_same_for_the_one_speaking_and_the_rest(
    store: Store, demo_id: str
) -> None:
    clock = FakeClock()
    app = FacilitatorApp(store, demo_id, clock=clock, language="en", mode="presentations")
    async with app.run_test(size=(120, 30)) as pilot:
        await press(pilot, "n")
        clock.advance(minutes=5, seconds=30)
        await press(pilot, "n")  # the first done after 5:30, the second speaking
        clock.advance(minutes=1, seconds=5)
        app.screen.tick()
        await pilot.pause()
        took = [row[4] for row in rows(app)[:2]]
        assert took == ["5:30", "1:05"]
        clock.advance(seconds=10)
        app.screen.tick()
        await pilot.pause()
        assert rows(app)[1][4] == "1:15", "the one speaking counts on"
