"""The demo day run from the first block to the last through the app, then its recap checked."""

from __future__ import annotations

import pytest
from conftest import press
from fakes import T0, FakeClock
from textual.widgets import DataTable, Input, Static

from facilitator.app import FacilitatorApp
from facilitator.model import BlockState, NoteKind, PresentationState
from facilitator.recap import render
from facilitator.store import Store


@pytest.mark.slow
async def test_a_whole_day(store: Store, demo_id: str) -> None:
    clock = FakeClock(T0)
    app = FacilitatorApp(store, demo_id, clock=clock, language="sv")

    async with app.run_test(size=(100, 30)) as pilot:

        async def note(line: str) -> None:
            await press(pilot, "f6")
            await pilot.pause()
            capture = app.screen.query_one("#notes-capture", Input)
            capture.value = line
            await press(pilot, "enter")
            await pilot.pause()
            assert capture.value == "", f"not saved: {line}"
            await press(pilot, "f3")
            await pilot.pause()

        async def run_block(minutes: int) -> None:
            """Start the selected block, let it run, finish it (the next is selected)."""
            await press(pilot, "space")
            clock.advance(minutes=minutes)
            app.watch_time()
            await press(pilot, "f")
            await pilot.pause()

        def cursor_title() -> str:
            table = app.screen.query_one("#agenda-table", DataTable)
            return str(table.get_row_at(table.cursor_row)[6])

        # 09:00 the recap of the last occasion, a little long.
        assert cursor_title() == "Återblick på första tillfället"
        await press(pilot, "space")
        await note("Vi repeterade modellen från första tillfället")
        clock.advance(minutes=23)
        await press(pilot, "f")
        await pilot.pause()

        # The pre-assignment report.
        assert cursor_title().startswith("Förberedelseuppgiften")
        await press(pilot, "space")
        await note("De flesta kommuner nämner innovation bara i digitaliseringsplaner")
        clock.advance(minutes=38)
        await press(pilot, "f")
        await pilot.pause()

        # The presentations: Jonas is not ready and goes last, then comes back.
        assert cursor_title() == "Deltagarnas projektområden"
        await press(pilot, "space", "f5")
        await pilot.pause()
        await press(pilot, "n")  # Karin
        await note('"Kan det digitala ge samma kvalitet som det fysiska?')
        await press(pilot, "f5")
        clock.advance(minutes=6)
        table = app.screen.query_one("#queue-table", DataTable)
        table.move_cursor(row=1)
        await press(pilot, "s")  # Jonas: later
        await press(pilot, "n")  # Maria
        clock.advance(minutes=5)
        await press(pilot, "n")  # Ali
        await note("Kontinuitet för brukaren")
        await press(pilot, "f5")
        clock.advance(minutes=4)
        table.move_cursor(row=4)  # Jonas, at the end
        await press(pilot, "b", "n")  # back as next, and up
        clock.advance(minutes=5)
        await press(pilot, "n")  # Eva
        clock.advance(minutes=5)
        await press(pilot, "f")
        assert "5 av 5 klara" in str(app.screen.query_one("#queue-progress", Static).render())
        await press(pilot, "f3")
        await pilot.pause()
        clock.advance(minutes=2)
        await press(pilot, "f")
        await pilot.pause()

        await run_block(20)  # fika
        # Theory, with a decision, an action and a question on the way.
        await press(pilot, "space")
        await note("Lärande är en förutsättning för innovation")
        await note("! Nästa träff 25 januari på Sjöhotellet")
        await note("> Skicka bilderna till alla @Anna Lind")
        await note("? Vem äger styrdokumenten")
        clock.advance(minutes=62)
        await press(pilot, "f")
        await pilot.pause()
        await run_block(60)  # lunch
        # The group discussion is dropped to win back time.
        assert cursor_title().startswith("Gruppsamtal")
        await press(pilot, "s")
        await press(pilot, "down")
        await run_block(45)  # theory
        await run_block(15)  # fika
        await run_block(30)  # exercise
        await press(pilot, "space")  # coaching
        await note("Coachning erbjuds på hemmaplan mellan tillfällena")
        clock.advance(minutes=15)
        await press(pilot, "f")
        await pilot.pause()
        await run_block(28)  # wrap-up: the last block
        app.screen.tick()
        await pilot.pause()
        status = str(app.screen.query_one("#agenda-status", Static).render())
        assert "Dagen är klar" in status
        assert "slutade " in status and "slutar " not in status, "a day that is over ended"

    data = store.load(demo_id)
    states = [b.state for b in data.blocks]
    assert states.count(BlockState.DONE) == 11 and data.blocks[6].state is BlockState.SKIPPED
    assert [p.presenter.split()[0] for p in data.presentations] == [
        "Karin",
        "Maria",
        "Ali",
        "Jonas",
        "Eva",
    ]
    assert all(p.state is PresentationState.DONE for p in data.presentations)
    assert {n.kind for n in data.notes} == set(NoteKind)
    quote = next(n for n in data.notes if n.kind is NoteKind.QUOTE)
    assert quote.speaker == "Karin Ek" and quote.presentation_id == data.presentations[0].id

    recap = render(data, "md", "sv", clock())
    flat = " ".join(recap.replace("\\", "").split())
    order = [
        "Den 30 november 2017 genomfördes det andra tillfället",
        "| 09:00 | Återblick på första tillfället | återblick | 20 min | 09:00, 23 min | klart |",
        "| 13:00 | Gruppsamtal: lärande i den egna verksamheten | diskussion | 45 min | | överhoppat |",
        "De flesta kommuner nämner innovation bara i digitaliseringsplaner",
        "### Karin Ek", "### Maria Holm", "### Ali Hassan", "Kontinuitet för brukaren", "### Jonas Ström", "### Eva Nord",
        "Lärande är en förutsättning för innovation",
        "”Kan det digitala ge samma kvalitet som det fysiska?” — Karin Ek",
        "Nästa träff 25 januari på Sjöhotellet",
        "Skicka bilderna till alla — Anna Lind",
        "Vem äger styrdokumenten",
        "Coachning erbjuds på hemmaplan",
        "Intervjua en medarbetare",
        "Nästa tillfälle äger rum den 25 januari 2018",
    ]  # fmt: skip
    position = 0
    for part in order:
        found = flat.find(part, position)
        assert found >= 0, f"{part!r} missing or out of order"
        position = found + len(part)
