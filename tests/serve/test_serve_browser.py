"""`facilitator serve` in a real browser: the room page shows the clock, the notes page saves notes.

Headless Chromium (Debian's `chromium`) over its DevTools protocol. The PNGs
are written to $FACILITATOR_SHOTS when it is set, to be looked at.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from browser import Page, browser, find_browser
from conftest import press
from serving import address, light_share, running_server

from facilitator import agenda
from facilitator.store import Store

pytestmark = pytest.mark.skipif(
    find_browser() is None,
    reason="no Chromium on this machine (install Debian's `chromium`, "
    "or name one in FACILITATOR_TEST_BROWSER)",
)

PAINTED = "document.body.classList.contains('-first-byte')"
FOCUS = "document.querySelector('.xterm-helper-textarea').focus() === undefined"


def _shot(tmp_path: Path, name: str) -> Path:
    folder = Path(os.environ.get("FACILITATOR_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


async def _open_notes(page: Page, url: str, group: str) -> None:
    """The notes screen in a terminal (the page for laptops), for ``group``."""
    await page.goto(url + "/terminal")
    assert await page.evaluate("document.querySelector('input[name=group]') !== null")
    await page.evaluate(f"document.querySelector('input[name=group]').value = {group!r}")
    await page.evaluate("document.querySelector('form').submit()")
    await page.wait_for("document.querySelector('#terminal') !== null")
    await page.wait_for(PAINTED)
    await asyncio.sleep(1.0)  # the notes screen's first frame, then its capture line has focus
    await page.evaluate(FOCUS)


async def _until(condition, timeout: float = 30) -> None:  # type: ignore[no-untyped-def]
    for _ in range(int(timeout * 10)):
        if condition():
            return
        await asyncio.sleep(0.1)
    raise AssertionError("not within the time")


async def test_the_room_page_shows_the_clock(store: Store, demo_id: str, tmp_path: Path) -> None:
    first = store.load(demo_id).blocks[1].id
    from facilitator.model import utc_now

    store.change_blocks(demo_id, lambda b: agenda.start(b, first, utc_now()))
    async with running_server(store, demo_id) as server, browser(1280, 720) as page:
        await page.goto(address(server, "room"))
        await page.wait_for(PAINTED)
        await asyncio.sleep(2.0)  # a second's tick: the clock is drawn
        shot = await page.screenshot(_shot(tmp_path, "serve_room.png"))
        # The clock's digits fill the middle of the window: light blocks on black.
        assert light_share(shot, 0.15, 0.8) > 0.08
        assert await page.evaluate("document.title") == "Rumsvy"
        # Blackout from the trainer: the same page goes dark within a poll.
        store.change_session(demo_id, lambda s: setattr(s, "room_blackout", True))
        await asyncio.sleep(2.0)
        dark = await page.screenshot(_shot(tmp_path, "serve_room_blackout.png"))
        assert light_share(dark, 0.0, 1.0) < 0.01


async def test_a_note_typed_in_the_browser_is_saved_with_its_group(
    store: Store, demo_id: str, tmp_path: Path
) -> None:
    async with running_server(store, demo_id) as server, browser(1280, 720) as page:
        await page.goto(address(server, "notes") + "/terminal")
        await page.screenshot(_shot(tmp_path, "serve_notes_group.png"))
        await _open_notes(page, address(server, "notes"), "Grupp 2")
        await page.type("Styrdokumenten nämner inte nya arbetssätt")
        await page.press_enter()
        await _until(lambda: len(Store(store.root).load(demo_id).notes) == 1)
        # A paste of lines, as the browser hands it over: each whole line is a note,
        # and the unfinished last one waits in the line, as in a terminal.
        await page.evaluate(
            "(() => { const data = new DataTransfer();"
            " data.setData('text/plain', 'Chefen måste ge mandat\\nTid att pröva\\nhalv');"
            " document.querySelector('.xterm-helper-textarea').dispatchEvent("
            "new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));"
            " return true; })()"
        )
        await _until(lambda: len(Store(store.root).load(demo_id).notes) == 3)
        await asyncio.sleep(1.0)
        await page.screenshot(_shot(tmp_path, "serve_notes.png"))
    saved = Store(store.root).load(demo_id).notes  # read afresh: on disk
    assert [(n.text, n.group) for n in saved] == [
        ("Styrdokumenten nämner inte nya arbetssätt", "Grupp 2"),
        ("Chefen måste ge mandat", "Grupp 2"),
        ("Tid att pröva", "Grupp 2"),
    ]


@pytest.mark.slow
async def test_two_browser_note_takers_and_the_trainer_at_once_lose_nothing(
    store: Store, demo_id: str
) -> None:
    """Two tables type in their browsers while the trainer types in the app, all at once."""
    from conftest import settle
    from fakes import FakeClock

    from facilitator.app import FacilitatorApp

    count, trainers = 12, 15
    trainer = FacilitatorApp(store, demo_id, clock=FakeClock(), language="sv", mode="notes")
    async with (
        running_server(store, demo_id) as server,
        browser(1000, 700) as first,
        browser(1000, 700) as second,
        trainer.run_test(size=(100, 30)) as pilot,
    ):
        await _open_notes(first, address(server, "notes"), "Grupp 1")
        await _open_notes(second, address(server, "notes"), "Grupp 2")

        async def take_notes(page: Page, name: str) -> None:
            for i in range(count):
                await page.type(f"{name} punkt {i:02d} åäö")
                await page.press_enter()

        async def trainer_notes() -> None:
            for i in range(trainers):
                await press(pilot, *f"kursledaren {i:02d}", "enter")

        await asyncio.gather(take_notes(first, "ett"), take_notes(second, "två"), trainer_notes())
        await settle(trainer)
        total = count * 2 + trainers
        await _until(lambda: len(Store(store.root).load(demo_id).notes) >= total, 60)
    notes = Store(store.root).load(demo_id).notes
    assert len(notes) == total == len({n.id for n in notes}), "nothing lost, nothing twice"
    for name, group in (("ett", "Grupp 1"), ("två", "Grupp 2")):
        mine = [n for n in notes if n.text.startswith(name + " ")]
        assert [n.text for n in mine] == [f"{name} punkt {i:02d} åäö" for i in range(count)]
        assert {n.group for n in mine} == {group}, "nothing merged: each note is its group's"
    theirs = [n.text for n in notes if n.text.startswith("kursledaren")]
    assert sorted(theirs) == [f"kursledaren {i:02d}" for i in range(trainers)]
    assert {n.group for n in notes if n.text.startswith("kursledaren")} == {""}
