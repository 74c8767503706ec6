"""What the day's logic promises, one test each for a change a user would feel.

Each test here fails under a small, plausible change to the code (a `+=`
made `=`, a slice off by one, a start time read as a whole hour) that the
rest of the suite let through.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from fakes import T0

from facilitator import agenda, capture, queue
from facilitator.model import (
    Block,
    BlockKind,
    NoteKind,
    Presentation,
    PresentationState,
    SessionData,
)
from facilitator.store import Store
from facilitator.timing import Level, elapsed, level, remaining, schedule


def _blocks(*minutes: int) -> list[Block]:
    return [Block(BlockKind.THEORY, f"Pass {i}", m) for i, m in enumerate(minutes, start=1)]


def test_two_pauses_both_count() -> None:
    blocks = _blocks(60)
    b = blocks[0]
    agenda.start(blocks, b.id, T0)
    agenda.toggle(blocks, b.id, T0 + timedelta(minutes=5))  # pause 10 min
    agenda.toggle(blocks, b.id, T0 + timedelta(minutes=15))
    agenda.toggle(blocks, b.id, T0 + timedelta(minutes=20))  # pause 2 min
    agenda.toggle(blocks, b.id, T0 + timedelta(minutes=22))
    assert b.paused_seconds == 12 * 60
    assert elapsed(b, T0 + timedelta(minutes=30)) == 18 * 60


def test_a_paused_block_can_be_finished_and_its_pause_does_not_count() -> None:
    blocks = _blocks(30, 30)
    b = blocks[0]
    agenda.start(blocks, b.id, T0)
    agenda.toggle(blocks, b.id, T0 + timedelta(minutes=10))  # paused, and left paused
    following = agenda.finish(blocks, b.id, T0 + timedelta(minutes=25))
    assert following is blocks[1]
    assert elapsed(b, T0 + timedelta(hours=2)) == 10 * 60, "15 paused minutes are not run time"
    assert b.paused_at is None and b.finished_at == T0 + timedelta(minutes=25)


def test_a_block_not_yet_started_has_run_no_time_at_all() -> None:
    b = _blocks(20)[0]
    assert elapsed(b, T0) == 0.0 and remaining(b, T0) == 20 * 60


def test_a_half_past_start_plans_the_first_block_at_half_past() -> None:
    plan = schedule("09:30", _blocks(20, 40), T0)
    assert [s.planned_start.strftime("%H:%M") for s in plan.slots] == ["09:30", "09:50"]
    assert plan.planned_end.strftime("%H:%M") == "10:30"


def test_the_day_is_anchored_on_the_day_it_started_not_today() -> None:
    """A block started before midnight and still running after it is not a day late."""
    blocks = _blocks(60, 30)
    started = datetime(2017, 11, 30, 23, 30, tzinfo=UTC)
    agenda.start(blocks, blocks[0].id, started)
    now = started + timedelta(minutes=45)  # 00:15 the next day
    plan = schedule("23:30", blocks, now, tz=UTC)
    assert plan.slots[0].planned_start == started
    assert plan.slip_minutes == 0, "on time, not 1,440 minutes out"


def test_a_short_block_is_calm_from_its_first_second() -> None:
    """A 5-minute block with a 5-minute warning would be in warning colour from the start."""
    blocks = _blocks(5)
    agenda.start(blocks, blocks[0].id, T0)
    assert level(blocks[0], T0 + timedelta(seconds=1), [5, 1]) is Level.CALM
    assert level(blocks[0], T0 + timedelta(minutes=4, seconds=30), [5, 1]) is Level.FINAL


def test_after_finishing_the_next_block_is_the_one_after_it_not_the_first_on_the_agenda() -> None:
    blocks = _blocks(10, 10, 10, 10)
    agenda.skip(blocks, blocks[0].id)
    agenda.skip(blocks, blocks[0].id)  # the first is planned again, above the one we run
    agenda.start(blocks, blocks[2].id, T0)
    assert agenda.finish(blocks, blocks[2].id, T0 + timedelta(minutes=10)) is blocks[3]
    agenda.start(blocks, blocks[3].id, T0 + timedelta(minutes=10))
    assert agenda.finish(blocks, blocks[3].id, T0 + timedelta(minutes=20)) is blocks[0]


@pytest.mark.parametrize(
    ("line", "kind", "text"),
    [
        ("!! Viktigt beslut", NoteKind.DECISION, "! Viktigt beslut"),
        ("a>b gäller", NoteKind.POINT, "a>b gäller"),
        ("\\! inte ett beslut", NoteKind.POINT, "! inte ett beslut"),
        ("> Skicka bilderna @Anna", NoteKind.ACTION, "Skicka bilderna"),
        ("?Varför", NoteKind.QUESTION, "Varför"),
    ],
)
def test_prefixes_make_the_kind_and_leave_the_words(line: str, kind: NoteKind, text: str) -> None:
    captured = capture.parse(line)
    assert (captured.kind, captured.text) == (kind, text)


def _queue(*names: str) -> list[Presentation]:
    return [Presentation(presenter=name, minutes=5) for name in names]


def test_bringing_someone_back_while_nobody_presents() -> None:
    q = _queue("Karin", "Jonas", "Maria")
    queue.skip(q, q[0].id)  # Karin to the end, skipped
    queue.bring_back(q, q[2].id)
    assert [p.presenter for p in q] == ["Karin", "Jonas", "Maria"]
    assert q[0].state is PresentationState.WAITING


def test_a_presenter_can_be_moved_to_the_first_place() -> None:
    q = _queue("Karin", "Jonas", "Maria")
    queue.move(q, q[2].id, -2)
    assert [p.presenter for p in q] == ["Maria", "Karin", "Jonas"]
    queue.move(q, q[1].id, -5)  # past the top: to the top
    assert [p.presenter for p in q] == ["Karin", "Maria", "Jonas"]


def test_the_store_writes_plain_ascii_and_every_note_has_its_id(
    store: Store, demo: SessionData
) -> None:
    session_id = store.create(demo)
    store.add_note(session_id, "Lärande — ”citat” 😀")
    folder = store.folder_for(session_id)
    for path in [store.path_for(session_id), *store.note_files(session_id)]:
        raw = path.read_bytes()
        assert raw.isascii(), path.name  # any editor, any encoding setting, reads it the same
        json.loads(raw)
    notes = json.loads(store.note_files(session_id)[-1].read_bytes())["notes"]
    assert all(record.get("id") for record in notes.values())
    assert folder.is_dir()
