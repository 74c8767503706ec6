"""Block timers from stored timestamps, with a fake clock: never wrong after pauses, suspends or restarts."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from fakes import T0, FakeClock, add_note

from facilitator import agenda
from facilitator.errors import InputError
from facilitator.model import Block, BlockKind, BlockState, Session, SessionData
from facilitator.store import Store
from facilitator.timing import (
    Level,
    clock_text,
    elapsed,
    level,
    overtime,
    overtime_text,
    remaining,
    schedule,
)


def _blocks() -> list[Block]:
    return [
        Block(BlockKind.RECAP, "Återblick", 20, id="a"),
        Block(BlockKind.THEORY, "Teori", 45, id="b"),
        Block(BlockKind.DISCUSSION, "Samtal", 30, id="c"),
    ]


def test_start_pause_resume_and_finish() -> None:
    clock, blocks = FakeClock(), _blocks()
    agenda.toggle(blocks, "a", clock())
    assert blocks[0].state is BlockState.RUNNING
    clock.advance(minutes=5)
    assert elapsed(blocks[0], clock()) == 300
    agenda.toggle(blocks, "a", clock())  # pause
    assert blocks[0].state is BlockState.PAUSED
    clock.advance(minutes=10)
    assert elapsed(blocks[0], clock()) == 300, "a pause does not count"
    agenda.toggle(blocks, "a", clock())  # resume
    clock.advance(minutes=2)
    assert elapsed(blocks[0], clock()) == 420
    assert remaining(blocks[0], clock()) == 20 * 60 - 420
    following = agenda.finish(blocks, "a", clock())
    assert following is blocks[1]
    assert blocks[0].state is BlockState.DONE
    clock.advance(hours=3)
    assert elapsed(blocks[0], clock()) == 420, "a finished block stops counting"


def test_extend_and_shorten() -> None:
    clock, blocks = FakeClock(), _blocks()
    agenda.start(blocks, "a", clock())
    agenda.adjust(blocks, "a", 60)
    agenda.adjust(blocks, "a", 60)
    agenda.adjust(blocks, "a", -60)
    assert remaining(blocks[0], clock()) == 21 * 60
    for _ in range(40):
        agenda.adjust(blocks, "a", -60)
    assert remaining(blocks[0], clock()) == 60, "a block keeps at least one minute"


def test_overtime_and_warning_levels() -> None:
    clock, blocks = FakeClock(), _blocks()
    agenda.start(blocks, "a", clock())
    assert level(blocks[0], clock(), [5, 1]) is Level.CALM
    clock.advance(minutes=15)
    assert level(blocks[0], clock(), [5, 1]) is Level.WARN
    clock.advance(minutes=4, seconds=1)
    assert level(blocks[0], clock(), [5, 1]) is Level.FINAL
    clock.advance(seconds=59)
    assert level(blocks[0], clock(), [5, 1]) is Level.OVERTIME
    clock.advance(minutes=2, seconds=13)
    assert overtime(blocks[0], clock()) == 133
    assert overtime_text(overtime(blocks[0], clock())) == "+2:13"
    assert level(blocks[0], clock(), [3]) is Level.OVERTIME
    assert level(blocks[1], clock(), [5, 1]) is Level.CALM


def test_clock_text_rounds_up() -> None:
    assert clock_text(0.2) == "0:01"
    assert clock_text(0) == "0:00"
    assert clock_text(-5) == "0:00"
    assert clock_text(59 * 60 + 59.5) == "1:00:00"
    assert clock_text(125) == "2:05"


def test_skip_and_bring_back() -> None:
    blocks = _blocks()
    agenda.skip(blocks, "b")
    assert blocks[1].state is BlockState.SKIPPED
    agenda.skip(blocks, "b")
    assert blocks[1].state is BlockState.PLANNED
    agenda.start(blocks, "a", T0)
    with pytest.raises(InputError, match="finish it instead"):
        agenda.skip(blocks, "a")


def test_starting_another_block_finishes_the_running_one() -> None:
    clock, blocks = FakeClock(), _blocks()
    agenda.start(blocks, "a", clock())
    clock.advance(minutes=3)
    agenda.toggle(blocks, "c", clock())
    assert blocks[0].state is BlockState.DONE and blocks[0].finished_at == clock()
    assert blocks[2].state is BlockState.RUNNING


def test_suspend_for_twenty_minutes_shows_the_truth() -> None:
    clock, blocks = FakeClock(), _blocks()
    agenda.start(blocks, "b", clock())
    clock.advance(minutes=10)
    before = remaining(blocks[1], clock())
    clock.advance(minutes=20)  # the lid was closed; no ticks came
    assert remaining(blocks[1], clock()) == before - 20 * 60 == 15 * 60


def test_clock_going_backwards_never_gives_negative_time() -> None:
    clock, blocks = FakeClock(), _blocks()
    agenda.start(blocks, "a", clock())
    clock.advance(minutes=-30)
    assert elapsed(blocks[0], clock()) == 0
    assert remaining(blocks[0], clock()) == 20 * 60
    # Pausing in the past and resuming never adds negative pause time.
    clock.advance(minutes=40)
    agenda.toggle(blocks, "a", clock())
    clock.advance(minutes=-5)
    agenda.toggle(blocks, "a", clock())
    assert blocks[0].paused_seconds == 0
    assert elapsed(blocks[0], clock()) >= 0


def test_restart_mid_block_reloads_the_same_time(store: Store) -> None:
    session_id = store.create(SessionData(session=Session(title="x"), blocks=_blocks()))
    clock = FakeClock()
    store.change_blocks(session_id, lambda b: agenda.start(b, "b", clock()))
    clock.advance(minutes=7)
    store.change_blocks(session_id, lambda b: agenda.toggle(b, "b", clock()))  # pause
    clock.advance(minutes=3)
    store.change_blocks(session_id, lambda b: agenda.toggle(b, "b", clock()))  # resume
    store.change_blocks(session_id, lambda b: agenda.adjust(b, "b", 300))
    clock.advance(minutes=4)
    reopened = Store(store.root).load(session_id)  # as after a restart of the app
    block = reopened.blocks[1]
    assert block.state is BlockState.RUNNING
    assert elapsed(block, clock()) == 11 * 60
    assert remaining(block, clock()) == (45 + 5 - 11) * 60


def test_schedule_slip_and_projected_end() -> None:
    clock, blocks = FakeClock(), _blocks()  # planned 09:00-10:35
    plan = schedule("09:00", blocks, clock(), tz=UTC)
    assert plan.slip_minutes == 0 and plan.projected_end.strftime("%H:%M") == "10:35"

    clock.advance(minutes=4)  # started 4 minutes late
    agenda.start(blocks, "a", clock())
    clock.advance(minutes=23)  # and ran 3 minutes over
    plan = schedule("09:00", blocks, clock(), tz=UTC)
    assert plan.current is blocks[0]
    assert plan.slip_minutes == 7
    assert plan.projected_end.strftime("%H:%M") == "10:42"
    assert plan.planned_end.strftime("%H:%M") == "10:35"

    agenda.finish(blocks, "a", clock())
    agenda.skip(blocks, "c")  # skipping 30 minutes makes the day early
    plan = schedule("09:00", blocks, clock(), tz=UTC)
    assert plan.slip_minutes == 7 - 30
    starts = [slot.start.strftime("%H:%M") for slot in plan.slots]
    assert starts == ["09:04", "09:27", "10:12"]


def test_late_start_reminder() -> None:
    blocks = _blocks()
    assert schedule("09:00", blocks, T0 + timedelta(minutes=5), tz=UTC).late_block is None
    plan = schedule("09:00", blocks, T0 + timedelta(minutes=6), tz=UTC)
    assert plan.late_block is blocks[0]
    assert plan.slip_minutes == 6
    agenda.start(blocks, "a", T0 + timedelta(minutes=6))
    assert schedule("09:00", blocks, T0 + timedelta(minutes=30), tz=UTC).late_block is None


def test_edit_add_move_remove() -> None:
    blocks = _blocks()
    kind, title, minutes = agenda.check_block_fields("exercise", "  Övning   ett ", "15")
    agenda.add(blocks, Block(kind, title, minutes, id="d"), after_id="a")
    assert [b.id for b in blocks] == ["a", "d", "b", "c"] and blocks[1].title == "Övning ett"
    agenda.move(blocks, "d", +1)
    agenda.move(blocks, "c", -5)
    assert [b.id for b in blocks] == ["c", "a", "b", "d"]
    agenda.edit(blocks, "b", {"kind": BlockKind.THEORY, "title": "Teori, kortare", "minutes": 30})
    assert (blocks[2].title, blocks[2].minutes) == ("Teori, kortare", 30)
    agenda.remove(blocks, "d")
    assert [b.id for b in blocks] == ["c", "a", "b"]
    agenda.start(blocks, "a", T0)
    with pytest.raises(InputError, match="finish it before removing"):
        agenda.remove(blocks, "a")


@pytest.mark.parametrize(
    ("kind", "title", "minutes", "message"),
    [
        ("lecture", "x", "5", "kind must be one of"),
        ("theory", "   ", "5", "needs a title"),
        ("theory", "x", "abc", "whole number"),
        ("theory", "x", "0", "between 1 and 1440"),
        ("theory", "x" * 1_001, "5", "at most 1,000"),
    ],
)
def test_block_form_values_are_checked(kind: str, title: str, minutes: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        agenda.check_block_fields(kind, title, minutes)


def test_removing_a_block_unlinks_its_notes(store: Store) -> None:
    from facilitator.model import Session

    session_id = store.create(SessionData(session=Session(title="x"), blocks=_blocks()))
    store.change_blocks(session_id, lambda b: agenda.start(b, "c", T0))
    note = add_note(store, session_id, "linked")
    assert note.block_id == "c"
    store.change_blocks(session_id, lambda b: agenda.finish(b, "c", T0))
    # A block that has run may still be taken off the plan; its notes stay.
    store.change_blocks(session_id, lambda b: b.remove(agenda.find(b, "c")))
    notes = store.load(session_id).notes
    assert [(n.text, n.block_id) for n in notes] == [("linked", None)]


def test_a_failed_change_saves_nothing(store: Store, demo_id: str) -> None:
    before = store.path_for(demo_id).read_bytes()
    with pytest.raises(InputError):
        store.change_blocks(demo_id, lambda b: agenda.finish(b, b[0].id, T0))
    assert store.path_for(demo_id).read_bytes() == before
