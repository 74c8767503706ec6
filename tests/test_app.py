"""The app shell: the session on screen, language switch, live reload, quit."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.widgets import DataTable, Static

from facilitator.app import FacilitatorApp
from facilitator.store import Store

T0 = datetime(2017, 11, 30, 8, 0, tzinfo=UTC)


def _rows(app: FacilitatorApp) -> list[list[str]]:
    table = app.screen.query_one("#agenda-table", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_shows_session_and_blocks_with_start_times(store: Store, demo_id: str) -> None:
    app = FacilitatorApp(store, demo_id, language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        heading = str(app.screen.query_one("#agenda-heading", Static).render())
        assert "Innovation och lärande" in heading
        assert "30 November 2017" in heading and "Möbelcentrum" in heading
        rows = _rows(app)
        assert len(rows) == 12
        assert rows[0][:4] == ["09:00", "20", "recap", "planned"]
        assert rows[1][0] == "09:20" and rows[2][0] == "10:00"
        assert rows[-1][0] == "15:30"


async def test_language_switch_translates_labels(store: Store, demo_id: str) -> None:
    app = FacilitatorApp(store, demo_id, language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        assert app.language == "sv"
        heading = str(app.screen.query_one("#agenda-heading", Static).render())
        assert "30 november 2017" in heading and "tillfälle 2" in heading
        assert _rows(app)[0][2:4] == ["återblick", "planerad"]
        quit_binding = app.active_bindings["ctrl+q"].binding
        assert quit_binding.description == "Avsluta"


async def test_follows_changes_from_another_process(store: Store, demo_id: str) -> None:
    app = FacilitatorApp(store, demo_id, language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        other = Store(store.root)  # as a second process would
        block = other.load(demo_id).blocks[0]
        block.started_at = T0
        other.update_block(demo_id, block)
        await pilot.pause(1.0)
        assert _rows(app)[0][3] == "running"


async def test_user_text_is_shown_inert(store: Store, demo_id: str) -> None:
    block = store.load(demo_id).blocks[0]
    block.title = "[bold red]not markup[/] \x1b[31mno escape"
    store.update_block(demo_id, block)
    app = FacilitatorApp(store, demo_id, language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        title = _rows(app)[0][4]
        assert title == "[bold red]not markup[/] ␛[31mno escape"


async def test_no_session_shows_where_to_start(store: Store) -> None:
    app = FacilitatorApp(store, None, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "facilitator demo" in str(app.screen.query_one("#agenda-heading", Static).render())


async def test_damaged_session_is_reported_not_raised(store: Store, demo_id: str) -> None:
    store.path_for(demo_id).write_text("{broken")
    app = FacilitatorApp(store, demo_id, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        problem = str(app.screen.query_one("#agenda-problem", Static).render())
        assert str(store.path_for(demo_id)) in problem and "damaged" in problem
    assert store.path_for(demo_id).read_text() == "{broken"


async def test_ctrl_q_quits(store: Store, demo_id: str) -> None:
    app = FacilitatorApp(store, demo_id, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
