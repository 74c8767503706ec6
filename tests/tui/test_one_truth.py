"""One truth per fact: every screen, the room view and every recap say the same thing of it."""

from __future__ import annotations

import re
from datetime import timedelta

from conftest import press
from fakes import T0, FakeClock, screen_text
from textual.widgets import DataTable, Static

from facilitator.app import FacilitatorApp
from facilitator.recap import build, render
from facilitator.store import Store


def _rows(app: FacilitatorApp, table: str) -> list[list[str]]:
    found = app.screen.query_one(table, DataTable)
    return [[str(cell) for cell in found.get_row_at(i)] for i in range(found.row_count)]


async def test_who_was_absent_and_how_long_each_block_ran_are_said_alike_everywhere(
    store: Store, demo_id: str
) -> None:
    clock = FakeClock(T0 + timedelta(minutes=2))
    app = FacilitatorApp(store, demo_id, clock=clock, language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        # Two blocks run 14:34 and 32:57: the clock showed 14 and 32 whole minutes.
        await press(pilot, "space")
        clock.advance(minutes=14, seconds=34)
        await press(pilot, "f", "space")
        clock.advance(minutes=32, seconds=57)
        await press(pilot, "f")
        app.watch_time()
        app.screen.tick()
        await pilot.pause()
        agenda = _rows(app, "#agenda-table")
        assert [agenda[0][5], agenda[1][5]] == ["14", "32"]

        # The top line's three figures agree with one another.
        top = str(app.screen.query_one("#agenda-status", Static).render())
        said = re.search(r"ends (\d\d):(\d\d) \(([+-]\d+) min, planned (\d\d):(\d\d)\)", top)
        assert said, top
        end_h, end_m, slip, plan_h, plan_m = (int(x) for x in said.groups())
        assert slip == (end_h * 60 + end_m) - (plan_h * 60 + plan_m)

        # The first presenter marked absent in the queue (o)…
        await press(pilot, "f5")
        await pilot.pause()
        assert _rows(app, "#queue-table")[0][1].startswith("Karin Ek")
        await press(pilot, "o")
        assert _rows(app, "#queue-table")[0][2] == "absent"

        # … is absent on the attendance screen, its counts and every recap.
        await press(pilot, "f9")
        await pilot.pause()
        people = {row[0]: row[3] for row in _rows(app, "#attendance-table")}
        assert people["Karin Ek"] == "absent"
        assert set(people.values()) == {"absent", "not marked"}
        counts = str(app.screen.query_one("#attendance-counts", Static).render())
        assert "1 absent" in counts

        # The room view never calls her next.
        await press(pilot, "f4")
        await pilot.pause()
        assert "Karin Ek" not in screen_text(app)

    data = store.load(demo_id)
    for fmt in ("md", "txt"):
        recap = render(data, fmt, "en", clock())
        absent_line = next(line for line in recap.splitlines() if "Absent" in line)
        assert "Karin Ek" in absent_line and "Jonas" not in absent_line
        rows = build(data, "en", clock()).agenda
        assert [rows[0].actual_minutes, rows[1].actual_minutes] == ["14", "32"]
        assert f"{rows[0].actual_start}, 14 min" in recap
        assert f"{rows[1].actual_start}, 32 min" in recap
