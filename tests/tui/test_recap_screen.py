"""The recap screen: a live preview, the language switch, and export to a file in a worker."""

from __future__ import annotations

import errno
from pathlib import Path

from conftest import press, until
from fakes import FakeClock, add_note, screen_text
from faults import Faults
from textual.widgets import Input, Markdown

from facilitator.app import FacilitatorApp
from facilitator.store import Store


def preview(app: FacilitatorApp) -> str:
    return app.screen.query_one("#recap-preview", Markdown).source


async def test_preview_language_and_export(store: Store, demo_id: str, tmp_path: Path) -> None:
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "f7")
        await pilot.pause()
        assert app.current_mode == "recap"
        assert "# Innovation och lärande" in preview(app) and "## Dagens program" in preview(app)

        add_note(store, demo_id, "Lärande och innovation hänger ihop")  # the note-taker, meanwhile
        await until(pilot, lambda: "Lärande och innovation hänger ihop" in preview(app))

        await press(pilot, "l")
        await pilot.pause()
        assert "## The day's agenda" in preview(app)

        await press(pilot, "e")
        await pilot.pause()
        target = tmp_path / "dagen.md"
        app.screen.query_one(Input).value = str(target)
        await press(pilot, "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert target.read_text(encoding="utf-8").startswith("# Innovation och lärande")
        assert "## The day's agenda" in target.read_text(encoding="utf-8")
        assert any(f"Wrote {target}" in n.message for n in app.notices)

        await press(pilot, "e")
        await pilot.pause()
        app.screen.query_one(Input).value = str(tmp_path / "dagen.pdf")
        await press(pilot, "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        # Asked again, over the name as typed: nothing typed is lost to a wrong ending.
        assert "end the name with .html, .docx" in screen_text(app)
        assert app.screen.query_one(Input).value == str(tmp_path / "dagen.pdf")
        assert not (tmp_path / "dagen.pdf").exists()

        # For Word: the ending says so.
        assert ".docx opens in Word" in screen_text(app)
        app.screen.query_one(Input).value = str(tmp_path / "dagen.docx")
        await press(pilot, "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        from docx import Document

        word = Document(str(tmp_path / "dagen.docx"))
        assert word.paragraphs[0].text == "Innovation och lärande"
        assert word.core_properties.language == "en-GB", "the recap's language, as shown"


async def test_an_export_the_disk_refuses_asks_again_with_the_path(
    store: Store, demo_id: str, tmp_path: Path, faults: Faults
) -> None:
    out = tmp_path / "ut"
    out.mkdir()
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="sv", mode="recap")
    async with app.run_test(size=(100, 30)) as pilot:
        faults.fail("open", errno.EROFS, times=None)
        await press(pilot, "e")
        target = str(out / "dagen.html")
        app.screen.query_one(Input).value = target
        await press(pilot, "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = str(app.screen.query_one("#form-error").render())
        assert "Sammanfattningen skrevs inte" in said and "disken är skrivskyddad" in said
        assert app.screen.query_one(Input).value == target, "asked again, with the path typed"
        faults.clear()
        await press(pilot, "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = [str(n.message) for n in app.notices]
        assert any("dagen.html" in n for n in shown), "written, and said so"
        assert not any("skrevs inte" in n for n in shown), "no stale refusal after the retry"
    assert (out / "dagen.html").read_text(encoding="utf-8").startswith("<!doctype html>")
    assert [p.name for p in out.iterdir()] == ["dagen.html"]


async def test_an_export_over_a_file_that_is_there_asks_first(
    store: Store, demo_id: str, tmp_path: Path
) -> None:
    """A recap exported earlier and edited in Word is not written over without a yes."""
    from screens.forms import Confirm

    target = tmp_path / "dagen.docx"
    target.write_bytes(b"edited in Word")
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="sv", mode="recap")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "e")
        app.screen.query_one(Input).value = str(target)
        await press(pilot, "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, Confirm) and "finns redan" in screen_text(app)
        await press(pilot, "n")  # no: asked for a name again, the one typed kept
        await pilot.pause()
        assert app.screen.query_one(Input).value == str(target)
        assert target.read_bytes() == b"edited in Word"
        await press(pilot, "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await press(pilot, "j")  # yes: written over
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert target.read_bytes().startswith(b"PK"), "a Word file now"


async def test_s_switches_between_minutes_and_article(store: Store, demo_id: str) -> None:
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="en", mode="recap")
    async with app.run_test(size=(100, 30)) as pilot:
        assert "## Dagens program" in preview(app), "minutes first"
        await press(pilot, "s")
        article = preview(app)
        assert "\n## " not in article and "hålls det andra tillfället" in article
        assert "as an article" in str(app.screen.query_one("#recap-bar").render())
        await press(pilot, "s")
        assert "## Dagens program" in preview(app)


async def test_preview_and_export_follow_the_room_names_setting(
    store: Store, demo_id: str, tmp_path: Path, own_settings: Path
) -> None:
    from dataclasses import replace

    from fakes import add_notes

    from facilitator.model import Note, NoteKind, RoomState

    asked = Note("Hur får vi med brukarna?", kind=NoteKind.QUESTION, speaker="Sara")
    add_notes(store, demo_id, [replace(asked, room=RoomState.KEPT)])
    for shown in (False, True):
        own_settings.parent.mkdir(parents=True, exist_ok=True)
        own_settings.write_text(f"room_names = {'true' if shown else 'false'}\n")
        app = FacilitatorApp(
            store, demo_id, clock=FakeClock(), language="en", settings=own_settings
        )
        async with app.run_test(size=(100, 30)) as pilot:
            await press(pilot, "f7")
            await until(pilot, lambda a=app: "Hur får vi med brukarna?" in preview(a))
            assert ("Hur får vi med brukarna? (Sara)" in preview(app)) is shown
            await press(pilot, "e")
            await pilot.pause()
            target = tmp_path / f"dagen-{shown}.md"
            app.screen.query_one(Input).value = str(target)
            await press(pilot, "enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert ("(Sara)" in target.read_text(encoding="utf-8")) is shown
