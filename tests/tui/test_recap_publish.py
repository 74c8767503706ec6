"""The recap screen's p: the recap on the phone pages, asked once; taken down at once."""

from __future__ import annotations

from conftest import press, until
from fakes import FakeClock, screen_text
from textual.widgets import Static

from facilitator.app import FacilitatorApp
from facilitator.store import Store
from screens.forms import Confirm


def bar(app: FacilitatorApp) -> str:
    return str(app.screen.query_one("#recap-bar", Static).render())


async def test_p_publishes_the_recap_as_shown_after_one_question_and_takes_it_down_at_once(
    store: Store, demo_id: str
) -> None:
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language="sv")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "f7", "s", "l")  # the article, in English
        await pilot.pause()
        await press(pilot, "p")
        assert isinstance(app.screen, Confirm)
        assert "Publicera dagens sammanfattning på deltagarnas sidor?" in screen_text(app)
        await press(pilot, "n")
        assert not isinstance(app.screen, Confirm)
        assert store.load(demo_id).session.handout is None, "no means nothing is published"

        await press(pilot, "p")
        assert "j: ja" in screen_text(app), "a Swede says ja"
        await press(pilot, "j")
        handout = store.load(demo_id).session.handout
        assert handout is not None and (handout.style, handout.language) == ("article", "en")
        await until(pilot, lambda: "Publicerad på telefonerna" in bar(app))

        await press(pilot, "s")  # the minutes shown now: the bar says what the phones have
        await until(pilot, lambda: "Publicerad på telefonerna (artikel, på engelska)" in bar(app))

        await press(pilot, "p")  # taken down without a question
        assert not isinstance(app.screen, Confirm)
        assert store.load(demo_id).session.handout is None
        await until(pilot, lambda: "Publicerad" not in bar(app))
