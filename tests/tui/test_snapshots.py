"""SVG snapshots of every screen at 100x30, and of the room view at three sizes, from the demo day.

They are also the README's pictures.

A change to how these screens look shows up as a changed file in review. To
accept a change on purpose: UPDATE_SNAPSHOTS=1 pytest tests/tui/test_snapshots.py
A failure shows the screen's text, line by line, as a diff, and writes the new
picture beside the kept one (NAME.new.svg, not kept in git).
"""

from __future__ import annotations

import difflib
import html
import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from fakes import T0, FakeClock, add_note
from room_days import DAYS

from facilitator import agenda, presentations
from facilitator.app import FacilitatorApp
from facilitator.model import NoteKind
from facilitator.store import Store

SNAPSHOTS = Path(__file__).parents[1] / "snapshots"


def _day_under_way(store: Store, session_id: str) -> FakeClock:
    """The demo day at 10:43: two blocks done, the presentations running, one presenter over time."""
    blocks = store.load(session_id).blocks
    store.change_blocks(
        session_id, lambda b: agenda.start(b, blocks[0].id, T0 + timedelta(minutes=3))
    )
    store.change_blocks(
        session_id, lambda b: agenda.start(b, blocks[1].id, T0 + timedelta(minutes=25))
    )
    store.change_blocks(
        session_id, lambda b: agenda.start(b, blocks[2].id, T0 + timedelta(minutes=68))
    )
    store.change_blocks(session_id, lambda b: agenda.adjust(b, blocks[2].id, 120))
    store.change_session(
        session_id, lambda s: setattr(s, "room_message", "Fika kl. 10.50 i matsalen")
    )
    second = store.load(session_id).presentations[1].id
    store.change_presentations(
        session_id, lambda q: presentations.call_next(q, T0 + timedelta(minutes=69))
    )
    store.change_presentations(session_id, lambda q: presentations.skip(q, second))
    store.change_presentations(
        session_id, lambda q: presentations.call_next(q, T0 + timedelta(minutes=75))
    )
    add_note(store, session_id, "Digitala bokcirklar", now=T0 + timedelta(minutes=76))
    add_note(
        store,
        session_id,
        "Nu inser jag varför vi går utbildningen",
        kind=NoteKind.QUOTE,
        now=T0 + timedelta(minutes=78),
    )
    add_note(
        store,
        session_id,
        "Skicka bilderna",
        kind=NoteKind.ACTION,
        owner="Anna",
        now=T0 + timedelta(minutes=79),
    )
    return FakeClock(T0 + timedelta(minutes=72 + 31))


def _compare(name: str, svg: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(svg, encoding="utf-8")
    if not path.exists():
        pytest.fail(f"no snapshot {path}; make it with UPDATE_SNAPSHOTS=1")
    kept = path.read_text(encoding="utf-8")
    if svg == kept:
        return
    # What changed on screen, line by line (the SVG's markup would bury it), and the new picture.
    new = path.with_name(f"{path.stem}.new.svg")
    new.write_text(svg, encoding="utf-8")
    diff = "\n".join(
        difflib.unified_diff(screen_lines(kept), screen_lines(svg), "kept", "now", lineterm="", n=1)
    )
    pytest.fail(
        f"{name} changed; look at {new.name} beside it, then UPDATE_SNAPSHOTS=1\n"
        + (diff or "(the same text: a colour or a style changed)")
    )


def screen_lines(svg: str) -> list[str]:
    """The text of a screen as Textual's SVG draws it, one string a row, each span in its column."""
    spans = re.findall(
        r'<text[^>]*? x="([\d.]+)" y="([\d.]+)" textLength="([\d.]+)"[^>]*>([^<]*)</text>', svg
    )
    if not spans:
        return []
    x0, _, width, first = spans[0]
    cell = float(width) / max(1, len(html.unescape(first)))
    rows: dict[float, str] = {}
    for x, y, _, text in spans:
        column = round((float(x) - float(x0)) / cell)
        row = rows.get(float(y), "")
        rows[float(y)] = row.ljust(column) + html.unescape(text).replace("\xa0", " ")
    return [row.rstrip() for _, row in sorted(rows.items())]


def test_the_diff_of_a_snapshot_shows_the_words_that_changed() -> None:
    kept = (SNAPSHOTS / "agenda_100x30.svg").read_text(encoding="utf-8")
    lines = screen_lines(kept)
    assert any("Deltagarnas projektområden" in line for line in lines)
    changed = kept.replace("Deltagarnas&#160;projektområden", "Deltagarnas&#160;projektidéer", 1)
    diff = list(difflib.unified_diff(lines, screen_lines(changed), lineterm=""))
    assert any(d.startswith("+") and "projektidéer" in d for d in diff)


@pytest.mark.parametrize("mode", ["agenda", "room", "presentations", "notes", "recap"])
async def test_snapshot(store: Store, demo_id: str, mode: str) -> None:
    # In Swedish, like the demo day: a picture never mixes two languages.
    clock = _day_under_way(store, demo_id)
    app = FacilitatorApp(store, demo_id, clock=clock, language="sv", mode=mode)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.clear_notifications()
        if hasattr(app.screen, "tick"):
            app.screen.tick()
        await pilot.pause()
        svg = app.export_screenshot(title=f"facilitator {mode}")
    _compare(f"{mode}_100x30.svg", svg)


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (200, 60)])
@pytest.mark.parametrize("day", list(DAYS))
async def test_room_view(store: Store, demo_id: str, day: str, size: tuple[int, int]) -> None:
    """The room view in each state it has, at a small, the usual and a large window."""
    clock = DAYS[day](store, demo_id)
    app = FacilitatorApp(store, demo_id, clock=clock, language="sv", mode="room")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.screen.tick()
        await pilot.pause()
        svg = app.export_screenshot(title=f"facilitator room: {day}")
    _compare(f"room_{day}_{size[0]}x{size[1]}.svg", svg)
