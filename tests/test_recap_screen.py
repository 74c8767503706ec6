"""The recap screen: a live preview, the language switch, and export to a file in a worker."""

from __future__ import annotations

from pathlib import Path

from fakes import FakeClock
from textual.widgets import Input, Markdown

from facilitator.app import FacilitatorApp
from facilitator.store import Store


def preview(app: FacilitatorApp) -> str:
    return app.screen.query_one("#recap-preview", Markdown).source


async def test_preview_language_and_export(store: Store, demo_id: str, tmp_path: Path) -> None:
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f7")
        await pilot.pause()
        assert app.current_mode == "recap"
        assert "# Innovation och lärande" in preview(app) and "## Dagens program" in preview(app)

        store.add_note(demo_id, "Lärande och innovation hänger ihop")  # the note-taker, meanwhile
        await pilot.pause(1.0)
        assert "Lärande och innovation hänger ihop" in preview(app), "the preview follows the day"

        await pilot.press("l")
        await pilot.pause()
        assert "## The day's agenda" in preview(app)

        await pilot.press("e")
        await pilot.pause()
        target = tmp_path / "dagen.md"
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert target.read_text(encoding="utf-8").startswith("# Innovation och lärande")
        assert "## The day's agenda" in target.read_text(encoding="utf-8")
        assert any(f"Wrote {target}" in n.message for n in app._notifications)

        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one(Input).value = str(tmp_path / "dagen.pdf")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any("end the name with .md" in n.message for n in app._notifications)
        assert not (tmp_path / "dagen.pdf").exists()
