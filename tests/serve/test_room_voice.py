"""The room's voice end to end: three phones in Chromium, the trainer's app through Pilot, the recap.

Two phones send questions, one answers the round the trainer opened; the
trainer puts one question on the projector and hides the other; the recap in
every format, language and style has the round's answer under its question and
the kept question, and never the hidden one.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from browser import Page, browser, find_browser
from conftest import press, until
from fakes import screen_text
from serving import address, running_server

from facilitator import agenda
from facilitator.app import FacilitatorApp
from facilitator.model import NoteKind, RoomState, utc_now
from facilitator.recap import render
from facilitator.store import Store
from screens.room import Lettering

pytestmark = pytest.mark.skipif(
    find_browser() is None, reason="no Chromium here (Debian: apt install chromium)"
)
PROMPT = "Vilket hinder ser ni i era styrdokument?"
ASKED = "Hur får man cheferna med sig?"
HIDDEN = "Blir det lunch snart?"
ANSWER = "Att riktlinjerna bara talar om risker"


def _shot(tmp_path: Path, name: str) -> Path:
    folder = Path(os.environ.get("FACILITATOR_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


async def _send(page: Page, text: str, name: str = "") -> None:
    if name:
        await page.tap("#name")
        await page.type(name)
    await page.tap("#text")
    await page.type(text)
    await page.tap("#send")


def _received(count: int) -> str:
    return f"document.querySelectorAll('#notes .state.saved').length >= {count}"


async def test_three_phones_the_trainer_and_the_recap(
    store: Store, demo_id: str, tmp_path: Path
) -> None:
    block = store.load(demo_id).blocks[1]
    store.change_blocks(demo_id, lambda b: agenda.start(b, block.id, utc_now()))
    app = FacilitatorApp(store, demo_id, language="sv")
    async with (
        running_server(store, demo_id) as server,
        browser(390, 844) as first,
        browser(360, 740) as second,
        browser(412, 915) as third,
        app.run_test(size=(100, 30)) as pilot,
    ):
        url = address(server, "ask")
        for page, size in ((first, (390, 844)), (second, (360, 740)), (third, (412, 915))):
            await page.as_phone(*size)
            await page.goto(url)
            await page.wait_for("document.getElementById('session').textContent.length > 0")

        # The trainer opens a round from the agenda.
        await press(pilot, "r")
        await pilot.press(*PROMPT)
        await press(pilot, "enter")
        for page in (first, second, third):  # each page asks on its own clock: all have it
            await page.wait_for(f"document.getElementById('prompt').textContent === {PROMPT!r}", 15)

        await first.tap("#kinds button[data-kind=question]")
        await _send(first, ASKED, name="Karin")
        await _send(second, HIDDEN)
        await _send(third, ANSWER)
        for page in (first, second, third):
            await page.wait_for(_received(1), 20)
        await first.screenshot(_shot(tmp_path, "ask_question_sv.png"))
        await third.screenshot(_shot(tmp_path, "ask_round_sv.png"))

        # The trainer sees them come in, and goes through them.
        await until(pilot, lambda: "Från rummet: 3 nya" in screen_text(app), timeout=10)
        await press(pilot, "v")
        texts = [n.text for n in app.data.notes if n.room is not None]  # type: ignore[union-attr]
        assert sorted(texts) == sorted([ASKED, HIDDEN, ANSWER])
        for text in texts:  # in the order they came
            if text == ASKED:
                await press(pilot, "b")  # on the projector, and kept
                await press(pilot, "down")
            elif text == HIDDEN:
                await press(pilot, "h")
            else:
                await press(pilot, "k")
        await press(pilot, "escape", "f4")
        await until(
            pilot,
            lambda: app.screen.query_one("#room-message", Lettering).text == f"{ASKED} — Karin",
        )
        assert HIDDEN not in screen_text(app)

    data = Store(store.root).load(demo_id)
    rooms = {n.text: n.room for n in data.notes if n.room is not None}
    assert rooms == {ASKED: RoomState.KEPT, HIDDEN: RoomState.HIDDEN, ANSWER: RoomState.KEPT}
    kinds = {n.text: (n.kind, n.round_id is not None, n.speaker) for n in data.notes if n.room}
    assert kinds[ASKED] == (NoteKind.QUESTION, False, "Karin"), "a question while a round is open"
    assert kinds[HIDDEN][1] is True and kinds[ANSWER][1] is True, "the round's answer by default"
    later = datetime.now().astimezone()
    for lang in ("sv", "en"):
        for style in ("minutes", "article"):
            for fmt in ("md", "html", "txt"):
                text = " ".join(render(data, fmt, lang, later, style=style).split())
                where = (lang, style, fmt)
                assert PROMPT in text and ANSWER in text, where
                assert text.index(PROMPT) < text.index(ANSWER), where
                assert HIDDEN not in text, where
                assert ASKED in text, where  # the kept question: with the day's, or woven in
