"""The room's voice: rounds, contributions from the phones, the trainer's keep and hide, the recap."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

import pytest
from fakes import T0, FakeClock, add_note

from facilitator import agenda
from facilitator.exchange import to_json
from facilitator.intake import ROOM_CHARS as MOST_CHARS
from facilitator.model import Note, NoteKind, RoomState, open_round
from facilitator.recap import render
from facilitator.records import note_to_record
from facilitator.safetext import UNSAFE
from facilitator.services import Desk, Services
from facilitator.store import Store
from facilitator.voice import PER_MINUTE, RoomVoice

PROMPT = "Vad tar du med dig från dagen?"


def _service(store: Store, session_id: str, clock: FakeClock) -> Services:
    return Services(Desk(store, session_id, clock, deliver=lambda f, *a: f(*a)))


def _running(store: Store, session_id: str) -> str:
    block = store.load(session_id).blocks[1]
    store.change_blocks(session_id, lambda b: agenda.start(b, block.id, T0))
    return block.id


def _send(voice: RoomVoice, body: dict[str, object], phone: str = "p1") -> tuple[int, dict]:
    async def go() -> tuple[int, dict]:
        reply = await voice.receive(body, phone)
        return reply.status, reply.body

    return asyncio.run(go())


@pytest.fixture
def room(store: Store, demo_id: str) -> tuple[Store, str, Services, RoomVoice, str]:
    clock = FakeClock(T0 + timedelta(minutes=5))
    block_id = _running(store, demo_id)
    service = _service(store, demo_id, clock)
    voice = RoomVoice(service, "sv", clock=lambda: clock().timestamp())
    yield store, demo_id, service, voice, block_id
    service.close(timeout=10)


def test_a_note_without_the_rooms_fields_is_written_as_before() -> None:
    record = note_to_record(Note("plain"))
    assert "room" not in record and "round_id" not in record


def test_a_round_opens_in_the_running_block_and_one_at_a_time(room) -> None:
    store, session_id, service, _, block_id = room
    service.room.start_round(PROMPT, block_id)
    service.room.start_round("Vilket hinder ser ni?", block_id)
    service.desk.writer.wait(10)
    rounds = store.load(session_id).session.rounds
    assert [r.prompt for r in rounds] == [PROMPT, "Vilket hinder ser ni?"]
    assert rounds[0].closed_at is not None and rounds[1].closed_at is None
    assert all(r.block_id == block_id for r in rounds)
    assert open_round(store.load(session_id).session) == rounds[1]


def test_a_round_needs_a_question(room) -> None:
    from facilitator.errors import InputError

    _, _, service, _, block_id = room
    with pytest.raises(InputError):
        service.room.start_round("   ", block_id)
    with pytest.raises(InputError):
        service.room.start_round("x" * 301, block_id)


def test_a_contribution_is_saved_once_as_new_and_an_answer_in_its_rounds_block(room) -> None:
    store, session_id, service, voice, block_id = room
    service.room.start_round(PROMPT, block_id)
    service.desk.writer.wait(10)
    asked = open_round(store.load(session_id).session)
    status, body = _send(voice, {"id": "q" * 12, "text": "Hur ofta?", "kind": "question"})
    assert status == 200 and body["saved"]
    answer = {"id": "a" * 12, "text": "Modet att pröva", "round": asked.id, "name": " Karin  Ek "}
    assert _send(voice, answer)[0] == 200
    assert _send(voice, answer)[0] == 200, "the phone never heard its ✓ and sends it again"
    notes = {n.id: n for n in store.load(session_id).notes}
    question, said = notes["q" * 12], notes["a" * 12]
    assert question.kind is NoteKind.QUESTION and question.room is RoomState.NEW
    assert said.round_id == asked.id and said.block_id == block_id and said.speaker == "Karin Ek"
    assert sum(1 for n in store.load(session_id).notes if n.id == "a" * 12) == 1


def test_an_answer_to_a_closed_round_is_refused_and_the_phone_keeps_it(room) -> None:
    store, session_id, service, voice, block_id = room
    service.room.start_round(PROMPT, block_id)
    service.desk.writer.wait(10)
    asked = open_round(store.load(session_id).session)
    service.room.close_round()
    service.desk.writer.wait(10)
    status, body = _send(voice, {"id": "b" * 12, "text": "Sent", "round": asked.id})
    assert status == 422 and "stängd" in body["error"]
    assert voice.state().body["round"] is None


def test_each_phone_may_send_a_few_a_minute_and_no_long_essays(room) -> None:
    _, _, _, voice, _ = room
    for i in range(PER_MINUTE):
        assert _send(voice, {"id": f"n{i:011d}", "text": f"tanke {i}"})[0] == 200
    status, body = _send(voice, {"id": "x" * 12, "text": "en till"})
    assert status == 429 and str(PER_MINUTE) in body["error"]
    assert _send(voice, {"id": "y" * 12, "text": "från en annan"}, phone="p2")[0] == 200
    status, body = _send(voice, {"id": "z" * 12, "text": "å" * (MOST_CHARS + 1)}, phone="p3")
    assert status == 422 and str(MOST_CHARS) in body["error"]
    for bad in (None, [], {"text": "utan id"}, {"id": "short", "text": "x"}, {"id": "c" * 12}):
        assert _send(voice, bad, phone="p4")[0] == 422  # type: ignore[arg-type]


HOSTILE = [
    "clip \x1b]52;c;aGFja2Vk\x07 board",
    "<script>alert(1)</script>",
    "[bold red]rich[/] [link=http://x]länk[/link]",
    "\u202eomvänd\u202c",
]


def test_what_the_room_sent_is_in_the_recap_only_once_kept(room) -> None:
    store, session_id, service, voice, block_id = room
    service.room.start_round(PROMPT, block_id)
    service.desk.writer.wait(10)
    asked = open_round(store.load(session_id).session)
    sent = {
        "kept-question": {"text": "Hur mäter man innovation?", "kind": "question"},
        "hidden-question": {"text": "Dold fråga om lunchen", "kind": "question"},
        "new-thought": {"text": "Ännu inte genomgången", "kind": "thought"},
        "kept-answer-1": {"text": "Modet att pröva", "round": asked.id},
        "kept-answer-2": {"text": "Att lärande går före", "round": asked.id},
        "hidden-answer": {"text": "Ett dolt svar", "round": asked.id},
    }
    for n, (key, body) in enumerate(sent.items()):
        assert _send(voice, {"id": f"{key:>12}".replace(" ", "_"), **body}, f"p{n}")[0] == 200
    ids = {key: f"{key:>12}".replace(" ", "_") for key in sent}
    service.room.moderate(
        [ids["kept-question"], ids["kept-answer-1"], ids["kept-answer-2"]], RoomState.KEPT
    )
    service.room.moderate([ids["hidden-question"], ids["hidden-answer"]], RoomState.HIDDEN)
    service.desk.writer.wait(10)
    data = store.load(session_id)
    for lang, said in (("sv", "Deltagarna svarade på frågan"), ("en", "The participants answered")):
        for fmt in ("md", "html", "txt"):
            minutes = render(data, fmt, lang, T0 + timedelta(hours=8))
            article = render(data, fmt, lang, T0 + timedelta(hours=8), style="article")
            for text in (minutes, article):
                assert "Modet att pröva" in text and "Att lärande går före" in text, (fmt, lang)
                assert "Dold fråga" not in text and "Ett dolt svar" not in text
                assert "Ännu inte genomgången" not in text
            assert "Hur mäter man innovation?" in minutes
            prompt_at = minutes.index(PROMPT)
            assert (
                prompt_at < minutes.index("Modet att pröva") < minutes.index("Att lärande går före")
            )
            assert said in " ".join(article.split())  # a wrapped line reads as one
    exported = json.loads(to_json(data))
    texts = [n["text"] for n in exported["notes"]]
    assert "Dold fråga om lunchen" not in texts and "Ett dolt svar" not in texts
    assert "Ännu inte genomgången" in texts, "kept for the trainer to go through after an import"
    assert exported["session"]["rounds"][0]["prompt"] == PROMPT


def test_hostile_contributions_are_inert_wherever_they_go(room) -> None:
    store, session_id, service, voice, _ = room
    for n, text in enumerate(HOSTILE):
        assert (
            _send(voice, {"id": f"h{n:011d}", "text": text, "name": "Ev\x1b]0;x\x07e"}, f"h{n}")[0]
            == 200
        )
    service.room.moderate([f"h{n:011d}" for n in range(len(HOSTILE))], RoomState.KEPT)
    service.desk.writer.wait(10)
    data = store.load(session_id)
    assert [n.text for n in data.notes if n.room] == HOSTILE, "kept as sent"
    for fmt in ("md", "html", "txt"):
        for style in ("minutes", "article"):
            text = render(data, fmt, "en", T0 + timedelta(hours=8), style=style)
            assert UNSAFE.search(text) is None, (fmt, style)
            if fmt == "html":
                assert "<script>" not in text and "&lt;script&gt;" in text
    huge = _send(voice, {"id": "H" * 12, "text": "x" * 100_000}, "big")
    assert huge[0] == 422


def test_show_in_room_puts_it_on_the_projector_and_keeps_it(room) -> None:
    store, session_id, service, voice, _ = room
    assert (
        _send(voice, {"id": "s" * 12, "text": "Hur länge håller pilotprojekt?", "name": "Jonas"})[0]
        == 200
    )
    note = next(n for n in store.load(session_id).notes if n.id == "s" * 12)
    service.room.show_in_room(note)
    service.desk.writer.wait(10)
    data = store.load(session_id)
    assert data.session.room_message == "Hur länge håller pilotprojekt? — Jonas"
    assert next(n for n in data.notes if n.id == note.id).room is RoomState.KEPT


def test_the_trainers_own_notes_are_not_moderated(room) -> None:
    store, session_id, service, _, _ = room
    own = add_note(store, session_id, "Trainer's own")
    service.room.moderate([own.id], RoomState.HIDDEN)
    service.desk.writer.wait(10)
    assert next(n for n in store.load(session_id).notes if n.id == own.id).room is None


def test_the_page_holds_no_markup_of_anyones_and_the_title_comes_as_data(room) -> None:
    store, session_id, service, voice, _ = room
    store.change_session(session_id, lambda s: setattr(s, "title", "</script><b>x"))
    page = voice.page("/ask/CODE")
    blob = page.split('<script id="config" type="application/json">')[1].split("</script>")[0]
    assert "<" not in blob and json.loads(blob)["base"] == "/ask/CODE"
    assert "<b>" not in page
    assert voice.state().body["title"] == "</script><b>x", (
        "set on the page as text, never as markup"
    )
