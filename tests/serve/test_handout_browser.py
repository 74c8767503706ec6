"""The day's hand-out on a participant's phone (390×844), published and taken down from the trainer's app.

Headless Chromium (Debian's `chromium`) over its DevTools protocol, as the
other browser tests; the trainer's app driven by Textual's Pilot in the same
loop. The PNGs are written to $FACILITATOR_SHOTS when it is set, to be looked at.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import icalendar
import pytest
from browser import Page, browser, find_browser
from conftest import press
from fakes import FakeClock
from serving import address, running_server

from facilitator.app import FacilitatorApp
from facilitator.model import Note, RoomState
from facilitator.store import Store

pytestmark = [
    pytest.mark.skipif(
        find_browser() is None,
        reason="no Chromium on this machine (install Debian's `chromium`, "
        "or name one in FACILITATOR_TEST_BROWSER)",
    ),
    pytest.mark.slow,
]

HIDDEN = "Hemlig synpunkt som tränaren dolde"
UNREAD = "Nytt bidrag som ingen gått igenom"
KEPT = "Behållen fråga från rummet"
# Everything a participant can read: the page and the recap in its frame.
READABLE = """(function(){
  var f = document.getElementById('handout-recap'), d = f && f.contentDocument;
  return document.body.innerText + '\\n' + (d && d.body ? d.body.innerText : '');
})()"""
FRAMED = (
    "(function(){var d = document.getElementById('handout-recap').contentDocument;"
    "return !!(d && d.body && d.body.innerText.indexOf(NEEDLE) >= 0)})()"
)


def _shot(tmp_path: Path, name: str) -> Path:
    folder = Path(os.environ.get("FACILITATOR_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


async def _scrolled_shot(page: Page, tmp_path: Path, name: str, selector: str) -> None:
    await page.evaluate(f"document.querySelector({selector!r}).scrollIntoView()")
    await asyncio.sleep(0.2)
    await page.screenshot(_shot(tmp_path, name))


async def test_a_participant_sees_the_summary_only_while_it_is_published(
    store: Store, demo_id: str, tmp_path: Path
) -> None:
    store.save_notes(
        demo_id,
        [
            Note(HIDDEN, room=RoomState.HIDDEN),
            Note(UNREAD, room=RoomState.NEW),
            Note(KEPT, room=RoomState.KEPT),
        ],
    )
    app = FacilitatorApp(Store(store.root), demo_id, clock=FakeClock(), language="sv")
    async with (
        running_server(store, demo_id) as server,
        browser(390, 844) as page,
        app.run_test(size=(100, 30)) as pilot,
    ):
        await page.as_phone(390, 844)
        await page.goto(address(server, "ask"))
        await page.wait_for(
            "document.getElementById('session').textContent === 'Innovation och lärande'"
        )
        await asyncio.sleep(0.5)  # a poll's answer has been shown
        assert await page.evaluate("document.getElementById('handout').hidden") is True
        before = await page.evaluate(READABLE)
        assert "Dagens sammanfattning" not in before and "Hemuppgift" not in before
        await page.screenshot(_shot(tmp_path, "handout_before_390.png"))

        # The trainer publishes the recap from the recap screen, answering its question.
        await press(pilot, "f7", "p", "y")
        assert store.load(demo_id).session.handout is not None

        # The page learns of it at its next look, without a reload.
        await page.wait_for("!document.getElementById('handout').hidden", timeout=15)
        await page.wait_for(FRAMED.replace("NEEDLE", repr(KEPT)), timeout=15)
        shown = await page.evaluate(READABLE)
        assert "Dagens sammanfattning" in shown and "Hemuppgift" in shown
        assert "Intervjua en medarbetare" in shown and "25 januari 2018" in shown
        assert "Ladda ner som Word-fil" in shown
        assert "Dagens program" in shown, "the minutes themselves, in the frame"
        assert HIDDEN not in shown and UNREAD not in shown, "only what the trainer kept"
        assert await page.evaluate("document.documentElement.scrollWidth <= innerWidth"), (
            "nothing wider than the phone"
        )
        await page.screenshot(_shot(tmp_path, "handout_published_390.png"))
        await _scrolled_shot(page, tmp_path, "handout_recap_390.png", "#handout-recap")
        await _scrolled_shot(page, tmp_path, "handout_recap_end_390.png", "#handout-read")
        # "Lägg till i kalendern" downloads the next occasion's event, as a phone would.
        downloads = tmp_path / "downloads"
        downloads.mkdir()
        await page.send(
            "Browser.setDownloadBehavior", behavior="allow", downloadPath=str(downloads)
        )
        assert "Lägg till i kalendern" in shown
        await page.evaluate("document.getElementById('handout-calendar').scrollIntoView()")
        await page.tap("#handout-calendar")
        for _ in range(100):
            got = [p for p in downloads.iterdir() if p.suffix == ".ics"]
            if got:
                break
            await asyncio.sleep(0.1)
        (ics,) = got
        (event,) = icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
        assert event.decoded("DTSTART").date().isoformat() == "2018-01-25"
        assert "Sjöhotellet" in str(event["LOCATION"])

        # Taken down: gone at the page's next look, frame and all.
        await press(pilot, "p")
        assert store.load(demo_id).session.handout is None
        await page.wait_for("document.getElementById('handout').hidden", timeout=15)
        after = await page.evaluate(READABLE)
        assert "Dagens sammanfattning" not in after and KEPT not in after
        assert await page.evaluate("document.getElementById('handout-recap').src") == "about:blank"
        await page.screenshot(_shot(tmp_path, "handout_after_390.png"))
