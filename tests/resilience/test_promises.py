"""What the day's logic promises, one test each for a change a user would feel.

Each test here fails under a small, plausible change to the code (a `+=`
made `=`, a slice off by one, a start time read as a whole hour) that the
rest of the suite let through.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from fakes import T0, add_note

from facilitator import agenda, capture, presentations
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
    presentations.skip(q, q[0].id)  # Karin to the end, skipped
    presentations.bring_back(q, q[2].id)
    assert [p.presenter for p in q] == ["Karin", "Jonas", "Maria"]
    assert q[0].state is PresentationState.WAITING


def test_a_presenter_can_be_moved_to_the_first_place() -> None:
    q = _queue("Karin", "Jonas", "Maria")
    presentations.move(q, q[2].id, -2)
    assert [p.presenter for p in q] == ["Maria", "Karin", "Jonas"]
    presentations.move(q, q[1].id, -5)  # past the top: to the top
    assert [p.presenter for p in q] == ["Karin", "Maria", "Jonas"]


def test_the_store_writes_plain_ascii_and_every_note_has_its_id(
    store: Store, demo: SessionData
) -> None:
    session_id = store.create(demo)
    add_note(store, session_id, "Lärande — ”citat” 😀")
    folder = store.folder_for(session_id)
    for path in [store.path_for(session_id), *store.note_files(session_id)]:
        raw = path.read_bytes()
        assert raw.isascii(), path.name  # any editor, any encoding setting, reads it the same
        json.loads(raw)
    notes = json.loads(store.note_files(session_id)[-1].read_bytes())["notes"]
    assert all(record.get("id") for record in notes.values())
    assert folder.is_dir()


# --- the warning levels, at their edges --------------------------------------


@pytest.mark.parametrize(
    ("left", "marks", "length", "expected"),
    [
        (0.5, [5, 1], None, Level.FINAL),  # half a second left is not overtime yet
        (0.0, [5, 1], None, Level.OVERTIME),
        (60.0, [5, 1], None, Level.FINAL),  # the last minute starts at 1:00 left
        (60.5, [5, 1], None, Level.WARN),
        (300.0, [5, 1], None, Level.WARN),
        (300.5, [5, 1], None, Level.CALM),
        (250.0, [5, 1], 301.0, Level.WARN),  # a block a second longer than the warning warns
        (250.0, [5, 1], 300.0, Level.CALM),  # exactly as long as the block: left out
        (200.0, [1], None, Level.CALM),  # one warning time: no early warning
        (480.0, [10, 5, 1], None, Level.WARN),  # the earliest of three warns first
    ],
)
def test_warning_levels_at_their_edges(
    left: float, marks: list[int], length: float | None, expected: Level
) -> None:
    from facilitator.timing import level_of

    assert level_of(left, marks, length) is expected


def test_a_block_cut_down_with_minus_still_warns() -> None:
    blocks = _blocks(20)
    agenda.start(blocks, blocks[0].id, T0)
    agenda.adjust(blocks, blocks[0].id, -16 * 60)  # now 4 minutes long in all
    assert level(blocks[0], T0 + timedelta(seconds=30), [5, 1]) is Level.WARN


def test_overtime_and_slots_count_from_zero() -> None:
    from facilitator.timing import overtime, slot_elapsed

    blocks = _blocks(10)
    agenda.start(blocks, blocks[0].id, T0)
    assert overtime(blocks[0], T0 + timedelta(minutes=5)) == 0.0
    assert overtime(blocks[0], T0 + timedelta(minutes=12)) == 120.0
    q = _queue("Karin")
    assert slot_elapsed(q[0], T0) == 0.0, "not called yet"
    presentations.call_next(q, T0)
    assert slot_elapsed(q[0], T0 - timedelta(minutes=1)) == 0.0, "a clock set back"


def test_the_schedule_keeps_real_times_and_its_blocks() -> None:
    blocks = _blocks(10, 20)
    started = T0 + timedelta(minutes=3)
    agenda.start(blocks, blocks[0].id, started)
    late = T0 + timedelta(minutes=20)  # the first block 7 minutes over
    plan = schedule("09:00", blocks, late)
    first = plan.slot_of(blocks[0])
    assert first.block is blocks[0] and plan.slots[1].block is blocks[1]
    assert first.start == started
    assert first.end == late, "running over: it ends now, not a second later"
    assert plan.slots[1].start == late and plan.projected_end == late + timedelta(minutes=20)


def test_the_schedule_is_read_in_the_zone_it_is_given() -> None:
    """A day begun at 23:30 UTC is the next day in Stockholm, and the plan says so."""
    from datetime import timezone

    stockholm = timezone(timedelta(hours=1))
    blocks = _blocks(30)
    now = datetime(2017, 11, 30, 23, 30, tzinfo=UTC)  # 00:30 on 1 December there
    plan = schedule("00:30", blocks, now, tz=stockholm)
    assert plan.slots[0].planned_start == datetime(2017, 12, 1, 0, 30, tzinfo=stockholm)
    assert plan.late_block is None


# --- the queue ---------------------------------------------------------------


def test_a_presentation_added_after_another_comes_right_after_it() -> None:
    q = _queue("Karin", "Jonas", "Maria")
    presentations.add(q, Presentation(presenter="Ali"), after_id=q[0].id)
    presentations.add(q, Presentation(presenter="Eva"))
    assert [p.presenter for p in q] == ["Karin", "Ali", "Jonas", "Maria", "Eva"]


def test_bringing_back_goes_right_after_the_one_presenting() -> None:
    q = _queue("Karin", "Jonas", "Maria", "Ali")
    presentations.skip(q, q[0].id)  # Karin skipped: Jonas, Maria, Ali, Karin
    presentations.call_next(q, T0)  # Jonas presents
    presentations.bring_back(q, q[-1].id)
    assert [p.presenter for p in q] == ["Jonas", "Karin", "Maria", "Ali"]


def test_bringing_back_when_all_have_presented_goes_after_them() -> None:
    q = _queue("Karin", "Jonas")
    presentations.skip(q, q[0].id)  # Jonas, Karin (skipped)
    presentations.call_next(q, T0)
    presentations.finish(q, T0 + timedelta(minutes=5))  # Jonas done, nobody waiting
    presentations.bring_back(q, q[1].id)
    assert [(p.presenter, p.state) for p in q] == [
        ("Jonas", PresentationState.DONE),
        ("Karin", PresentationState.WAITING),
    ]


def test_a_presenter_can_be_moved_to_the_last_place() -> None:
    q = _queue("Karin", "Jonas", "Maria")
    presentations.move(q, q[0].id, 2)
    assert [p.presenter for p in q] == ["Jonas", "Maria", "Karin"]
    presentations.move(q, q[0].id, 9)
    assert [p.presenter for p in q] == ["Maria", "Karin", "Jonas"]


def test_the_presenters_form_tidies_spaces_and_takes_a_name_of_the_longest_length() -> None:
    fields = presentations.check_fields(
        "  Karin   Ek ", " Kultur  och fritid ", " Ett  bibliotek ", " x ", "5"
    )
    assert (fields.presenter, fields.organisation, fields.title, fields.summary) == (
        "Karin Ek",
        "Kultur och fritid",
        "Ett bibliotek",
        "x",
    )
    longest = "n" * presentations.MAX_NAME
    assert (
        presentations.check_fields(
            longest, longest, longest, "s" * presentations.MAX_SUMMARY, 5
        ).title
        == longest
    )


@pytest.mark.parametrize(
    ("do", "key"),
    [
        (lambda q: presentations.absent(q, q[1].id), "error.cannot_absent"),  # Jonas is done
        (lambda q: presentations.bring_back(q, q[2].id), "error.cannot_bring_back"),  # Maria waits
        (lambda q: presentations.skip(q, q[1].id), "error.cannot_skip"),
        (lambda q: presentations.finish(q, T0), "error.nobody_presenting"),
        (lambda q: presentations.find(q, "no such id"), "error.presentation_gone"),
    ],
)
def test_each_refusal_says_why(do: object, key: str) -> None:
    from facilitator.errors import InputError

    q = _queue("Karin", "Jonas", "Maria")
    presentations.call_next(q, T0)
    presentations.finish(q, T0)
    presentations.call_next(q, T0)
    presentations.finish(q, T0)  # Karin and Jonas done, nobody presenting
    with pytest.raises(InputError) as refused:
        do(q)  # type: ignore[operator]
    assert refused.value.key == key
    if key.startswith("error.cannot"):
        said = refused.value.localized("en")
        assert q[1].presenter in said or q[2].presenter in said


# --- the agenda --------------------------------------------------------------


def test_the_first_block_to_run_is_the_first_on_the_agenda() -> None:
    blocks = _blocks(10, 10)
    assert agenda.next_to_run(blocks) is blocks[0]
    assert agenda.next_to_run(blocks, "no such id") is blocks[0]


def test_a_block_skipped_and_brought_back_is_planned_again() -> None:
    blocks = _blocks(10)
    agenda.skip(blocks, blocks[0].id)
    agenda.skip(blocks, blocks[0].id)
    assert blocks[0].skipped is False and blocks[0].state.value == "planned"


@pytest.mark.parametrize(
    ("minutes", "ok"), [("1", True), ("1440", True), ("0", False), ("1441", False)]
)
def test_block_minutes_from_one_to_a_whole_day(minutes: str, ok: bool) -> None:
    from facilitator.errors import InputError

    if ok:
        assert agenda.check_block_fields("theory", "Pass", minutes)[2] == int(minutes)
    else:
        with pytest.raises(InputError) as refused:
            agenda.check_block_fields("theory", "Pass", minutes)
        assert refused.value.key == "error.minutes_range"


def test_a_block_title_of_the_longest_length_is_taken_and_one_more_is_not() -> None:
    from facilitator.errors import InputError

    longest = "t" * agenda.MAX_TITLE
    assert agenda.check_block_fields("theory", longest, 5)[1] == longest
    with pytest.raises(InputError):
        agenda.check_block_fields("theory", longest + "t", 5)


def test_blocks_are_added_at_the_end_or_after_the_one_chosen() -> None:
    blocks = _blocks(10, 20)
    agenda.add(blocks, Block(BlockKind.BREAK, "Fika", 15))
    agenda.add(blocks, Block(BlockKind.INFO, "Info", 5), after_id=blocks[0].id)
    assert [b.title for b in blocks] == ["Pass 1", "Info", "Pass 2", "Fika"]
    agenda.move(blocks, blocks[0].id, 9)
    assert [b.title for b in blocks][-1] == "Pass 1"


def test_a_block_planned_shorter_keeps_at_least_a_minute() -> None:
    blocks = _blocks(30)
    agenda.start(blocks, blocks[0].id, T0)
    agenda.adjust(blocks, blocks[0].id, -20 * 60)  # 10 minutes in all
    agenda.edit(blocks, blocks[0].id, {"minutes": 5})  # and now planned at 5
    assert blocks[0].minutes * 60 + blocks[0].extended_seconds == 60
    agenda.edit(blocks, blocks[0].id, {"minutes": 40})  # longer again: the cut stays as it was
    assert blocks[0].minutes * 60 + blocks[0].extended_seconds == 40 * 60 - 4 * 60


# --- the queue's and the agenda's last corners --------------------------------------


def _people(*states: PresentationState) -> list[Presentation]:
    return [Presentation(f"P{i}", state=state) for i, state in enumerate(states)]


def test_bring_back_goes_right_after_the_one_on_stage_not_before_the_next_waiting() -> None:
    q = _people(
        PresentationState.DONE,
        PresentationState.PRESENTING,
        PresentationState.SKIPPED,
        PresentationState.WAITING,
        PresentationState.ABSENT,
    )
    presentations.bring_back(q, q[4].id)
    assert [p.presenter for p in q] == ["P0", "P1", "P4", "P2", "P3"]


def test_bring_back_with_nobody_on_stage_goes_before_the_first_waiting() -> None:
    q = _people(
        PresentationState.DONE,
        PresentationState.SKIPPED,
        PresentationState.WAITING,
        PresentationState.ABSENT,
    )
    presentations.bring_back(q, q[3].id)
    assert [p.presenter for p in q] == ["P0", "P1", "P3", "P2"]


def test_a_slot_of_one_minute_and_of_the_most_minutes_are_both_accepted() -> None:
    assert presentations.check_fields("Karin", "", "", "", 1).minutes == 1
    assert (
        presentations.check_fields("Karin", "", "", "", presentations.MAX_MINUTES).minutes
        == presentations.MAX_MINUTES
    )
    assert agenda.check_block_fields("theory", "Pass", 1)[2] == 1
    assert agenda.check_block_fields("theory", "Pass", agenda.MAX_MINUTES)[2] == agenda.MAX_MINUTES


def test_a_title_too_long_is_named_as_the_title() -> None:
    from facilitator.errors import InputError

    with pytest.raises(InputError) as caught:
        presentations.check_fields("Karin", "", "t" * (presentations.MAX_NAME + 1), "", 5)
    assert str(caught.value).startswith(
        f"Project title can have at most {presentations.MAX_NAME:,} characters"
    )


def test_a_presenter_over_time_adds_nothing_to_the_time_left() -> None:
    q = _people(PresentationState.WAITING)
    presentations.call_next(q, T0)
    late = T0 + timedelta(minutes=q[0].minutes + 3)
    assert presentations.progress(q, late).seconds_left == 0.0
    assert (
        presentations.progress(q, T0 + timedelta(minutes=1)).seconds_left == (q[0].minutes - 1) * 60
    )


def test_marking_someone_absent_takes_their_turn_and_present_gives_it_back() -> None:
    from facilitator.model import Attendance, Participant

    karin, jonas = Participant("Karin Ek"), Participant("Jonas Ström")
    q = [
        Presentation("Karin Ek", participant_id=karin.id),
        Presentation("Karin Ek", participant_id=karin.id, state=PresentationState.SKIPPED),
        Presentation("Karin Ek", participant_id=karin.id, state=PresentationState.DONE),
        Presentation("Jonas Ström", participant_id=jonas.id),
        Presentation("Karin Ek", participant_id=karin.id),
    ]
    presentations.mark_attendance([karin, jonas], q, karin.id, Attendance.ABSENT)
    assert karin.attendance is Attendance.ABSENT and jonas.attendance is Attendance.UNKNOWN
    assert [p.state for p in q] == [
        PresentationState.ABSENT,
        PresentationState.ABSENT,
        PresentationState.DONE,  # what happened stays
        PresentationState.WAITING,  # someone else's
        PresentationState.ABSENT,
    ]
    presentations.mark_attendance([karin, jonas], q, karin.id, Attendance.LATE)
    assert karin.attendance is Attendance.LATE
    assert [p.state for p in q] == [
        PresentationState.WAITING,
        PresentationState.WAITING,
        PresentationState.DONE,
        PresentationState.WAITING,
        PresentationState.WAITING,
    ]
    presentations.mark_attendance([karin, jonas], q, jonas.id, Attendance.PRESENT)
    assert q[3].state is PresentationState.WAITING and jonas.attendance is Attendance.PRESENT


def test_calling_someone_marks_them_present_unless_they_came_late() -> None:
    from facilitator.model import Attendance, Participant

    karin, jonas = Participant("Karin Ek"), Participant("Jonas Ström", attendance=Attendance.LATE)
    q = [
        Presentation("Karin Ek", participant_id=karin.id),
        Presentation("Jonas Ström", participant_id=jonas.id),
        Presentation("Gäst"),
    ]
    assert presentations.call_and_mark_present([karin, jonas], q, T0) is q[0]
    assert karin.attendance is Attendance.PRESENT and q[0].state is PresentationState.PRESENTING
    presentations.call_and_mark_present([karin, jonas], q, T0)
    assert jonas.attendance is Attendance.LATE, "late stays late"
    assert presentations.call_and_mark_present([karin, jonas], q, T0) is q[2], (
        "a guest has no roster line"
    )


def test_an_edit_changes_the_fields_named_and_refuses_others() -> None:
    q = _people(PresentationState.WAITING, PresentationState.WAITING)
    presentations.edit(q, q[1].id, {"title": "Bygglov utan krångel", "minutes": 7})
    assert (q[1].title, q[1].minutes, q[0].title) == ("Bygglov utan krångel", 7, "")
    with pytest.raises(KeyError):
        presentations.edit(q, q[1].id, {"state": PresentationState.DONE})
    assert q[1].state is PresentationState.WAITING


def test_warning_times_typed_come_back_largest_first() -> None:
    assert agenda.parse_warn_minutes("1, 5") == [5, 1]
    assert agenda.parse_warn_minutes(" 10 5,1 ") == [10, 5, 1]


def test_each_slot_of_the_plan_ends_when_the_next_was_planned_to_start() -> None:
    blocks = _blocks(20, 40, 15)
    plan = schedule("09:30", blocks, T0)
    for slot, following in zip(plan.slots, plan.slots[1:], strict=False):
        assert slot.planned_end == following.planned_start
    assert plan.slots[-1].planned_end - plan.slots[0].planned_start == timedelta(minutes=75)
