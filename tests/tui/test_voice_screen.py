"""The trainer goes through what the room sent: a count on the status lines, keys to show, keep, hide."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from conftest import press, until
from fakes import T0, FakeClock, add_note, screen_text
from textual.widgets import DataTable

from facilitator import agenda
from facilitator.app import FacilitatorApp
from facilitator.model import Note, NoteKind, RoomState
from facilitator.recap import render
from facilitator.store import Store
from screens.room import Lettering

QUESTIONS = ["Hur mäter man innovation?", "Vad kostar lunchen [bold]egentligen[/]?"]


def _room_day(store: Store, session_id: str) -> FakeClock:
    block = store.load(session_id).blocks[1]
    store.change_blocks(session_id, lambda b: agenda.start(b, block.id, T0))
    store.save_notes(
        session_id,
        [
            Note(
                text,
                kind=NoteKind.QUESTION,
                room=RoomState.NEW,
                created_at=T0 + timedelta(minutes=i),
            )
            for i, text in enumerate(QUESTIONS)
        ],
    )
    return FakeClock(T0 + timedelta(minutes=10))


async def test_the_trainer_shows_one_question_big_and_hides_another(
    store: Store, demo_id: str
) -> None:
    clock = _room_day(store, demo_id)
    app = FacilitatorApp(store, demo_id, clock=clock, language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "From the room: 2 new" in screen_text(app)
        await press(pilot, "v")
        assert app.screen.__class__.__name__ == "VoiceScreen"
        assert QUESTIONS[0] in screen_text(app)
        await press(pilot, "b")  # the first, oldest new one: on the projector
        await press(pilot, "down", "h")  # the second: hidden
        kept = {n.text: n.room for n in store.load(demo_id).notes if n.room}
        assert kept == {QUESTIONS[0]: RoomState.KEPT, QUESTIONS[1]: RoomState.HIDDEN}
        await until(pilot, lambda: "From the room:" not in screen_text(app))
        await press(pilot, "escape", "f4")

        def on_the_projector() -> str:
            """The room view's message, whatever size it is drawn at."""
            return app.screen.query_one("#room-message", Lettering).text

        await until(pilot, lambda: on_the_projector() == QUESTIONS[0])
        assert "egentligen" not in screen_text(app)
    data = store.load(demo_id)
    for fmt in ("md", "html", "txt"):
        text = render(data, fmt, "en", clock())
        assert QUESTIONS[0] in text and "egentligen" not in text


async def test_a_round_opens_from_the_agenda_and_closes_again(store: Store, demo_id: str) -> None:
    clock = _room_day(store, demo_id)
    app = FacilitatorApp(store, demo_id, clock=clock, language="sv")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await press(pilot, "r")
        await press(pilot, "enter")  # an empty question: asked again, nothing saved
        assert "en runda behöver en fråga" in screen_text(app)
        await pilot.press(*"Vad tar du med dig?")
        await press(pilot, "enter")
        rounds = store.load(demo_id).session.rounds
        assert [r.prompt for r in rounds] == ["Vad tar du med dig?"]
        assert rounds[0].block_id == store.load(demo_id).blocks[1].id
        await until(pilot, lambda: "Runda pågår: Vad tar du med dig? (0 svar)" in screen_text(app))
        await press(pilot, "r")
        assert store.load(demo_id).session.rounds[0].closed_at is not None
        await until(pilot, lambda: "Runda pågår" not in screen_text(app))


async def test_the_notes_screen_and_the_phones_show_the_rooms_only_once_kept(
    store: Store, demo_id: str
) -> None:
    """A note-taker's screen (in a browser too) and a table's phone never show the new or hidden."""
    from facilitator.phone import PhoneNotes
    from facilitator.services import Desk, Services

    clock = _room_day(store, demo_id)
    first, second = (n for n in store.load(demo_id).notes if n.room)
    store.change_note(demo_id, first.id, lambda n: replace(n, room=RoomState.KEPT))
    add_note(store, demo_id, "Trainer's own")
    app = FacilitatorApp(store, demo_id, clock=clock, language="en", mode="notes")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert QUESTIONS[0] in text and "Trainer's own" in text
        assert "egentligen" not in text and "2 notes" in text
    phone = PhoneNotes(Services(Desk(store, demo_id, clock)), "en")
    listed = [n["text"] for n in phone.state("").body["notes"]]
    assert listed == ["Trainer's own", QUESTIONS[0]]


async def test_the_room_list_names_each_kind_alike(store: Store, demo_id: str) -> None:
    """A question, a thought and an answer: each kind in lower case, in either language."""
    clock = _room_day(store, demo_id)
    store.save_notes(demo_id, [Note("Bra dag", room=RoomState.NEW, created_at=T0)])
    for lang, question, thought in (("en", "question", "thought"), ("sv", "fråga", "tanke")):
        app = FacilitatorApp(store, demo_id, clock=clock, language=lang)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await press(pilot, "v")
            table = app.screen.query_one("#voice-table", DataTable)
            kinds = {str(table.get_row_at(i)[2]) for i in range(table.row_count)}
            assert kinds == {question, thought}
