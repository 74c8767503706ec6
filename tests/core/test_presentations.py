"""The presentation queue's rules and slot timing, with a fake clock."""

from __future__ import annotations

import pytest
from fakes import FakeClock, add_note

from facilitator import presentations
from facilitator.errors import InputError
from facilitator.model import Presentation, PresentationState, Session, SessionData
from facilitator.store import Store
from facilitator.timing import Level, level_of, slot_elapsed, slot_remaining

W, P, D, S, A = (
    PresentationState.WAITING,
    PresentationState.PRESENTING,
    PresentationState.DONE,
    PresentationState.SKIPPED,
    PresentationState.ABSENT,
)


def _queue() -> list[Presentation]:
    return [Presentation(name, title=f"Project {name}", minutes=5, id=name) for name in "abcde"]


def _states(q: list[Presentation]) -> list[tuple[str, PresentationState]]:
    return [(p.id, p.state) for p in q]


def test_call_next_times_each_slot_and_keeps_speaking_time() -> None:
    clock, q = FakeClock(), _queue()
    presentations.call_next(q, clock())
    clock.advance(minutes=4, seconds=10)
    assert slot_remaining(q[0], clock()) == 50
    presentations.call_next(q, clock())  # finishes a, calls b
    assert _states(q)[:2] == [("a", D), ("b", P)]
    clock.advance(minutes=6, seconds=30)
    assert slot_remaining(q[1], clock()) == -90
    assert level_of(slot_remaining(q[1], clock()), [1]) is Level.OVERTIME
    presentations.finish(q, clock())
    clock.advance(hours=1)
    assert slot_elapsed(q[0], clock()) == 250 and slot_elapsed(q[1], clock()) == 390
    assert presentations.current(q) is None and presentations.up_next(q) is q[2]


def test_slot_warning_levels() -> None:
    # A 5-minute slot: the 5-minute warning would be on from the start, so only the last minute warns.
    assert level_of(240, [5, 1], length=300) is Level.CALM
    assert level_of(59, [5, 1], length=300) is Level.FINAL
    assert level_of(299, [5, 1], length=600) is Level.WARN
    assert level_of(301, [5, 1]) is Level.CALM
    assert level_of(299, [5, 1]) is Level.WARN
    assert level_of(59, [5, 1]) is Level.FINAL
    assert level_of(0, [5, 1]) is Level.OVERTIME


def test_skip_goes_to_the_end_and_comes_back_as_next() -> None:
    clock, q = FakeClock(), _queue()
    presentations.call_next(q, clock())  # a presents
    presentations.skip(q, "b")
    assert [p.id for p in q] == ["a", "c", "d", "e", "b"] and q[-1].state is S
    presentations.bring_back(q, "b")
    assert [p.id for p in q] == ["a", "b", "c", "d", "e"] and q[1].state is W
    assert presentations.call_next(q, clock()).id == "b"


def test_skipping_the_presenter_on_stage() -> None:
    clock, q = FakeClock(), _queue()
    presentations.call_next(q, clock())
    presentations.skip(q, "a")  # the laptop would not connect
    assert presentations.current(q) is None and q[-1].id == "a" and q[-1].started_at is None
    assert presentations.call_next(q, clock()).id == "b"


def test_absent_and_brought_back() -> None:
    q = _queue()
    presentations.absent(q, "c")
    assert q[2].state is A
    with pytest.raises(InputError, match="only a waiting or presenting one"):
        presentations.skip(q, "c")
    presentations.call_next(q, FakeClock()())
    presentations.call_next(q, FakeClock()())  # a done, b presenting
    presentations.bring_back(q, "c")
    assert [p.id for p in q][:3] == ["a", "b", "c"] and q[2].state is W


def test_bring_back_with_nobody_on_stage_or_waiting() -> None:
    clock, q = FakeClock(), _queue()[:2]
    presentations.call_next(q, clock())
    presentations.skip(q, "b")
    presentations.finish(q, clock())
    with pytest.raises(InputError, match="nobody is waiting"):
        presentations.call_next(q, clock())
    presentations.bring_back(q, "b")
    assert presentations.call_next(q, clock()).id == "b"


def test_reorder_while_someone_presents() -> None:
    clock, q = FakeClock(), _queue()
    presentations.call_next(q, clock())
    presentations.move(q, "e", -3)
    assert [p.id for p in q] == ["a", "e", "b", "c", "d"]
    assert presentations.current(q) is q[0]
    assert presentations.call_next(q, clock()).id == "e"


def test_progress() -> None:
    clock, q = FakeClock(), _queue()
    presentations.call_next(q, clock())
    clock.advance(minutes=2)
    presentations.call_next(q, clock())
    clock.advance(minutes=1)
    presentations.absent(q, "e")
    progress = presentations.progress(q, clock())
    assert (progress.done, progress.waiting, progress.total) == (1, 2, 5)
    assert progress.seconds_left == 4 * 60 + 2 * 5 * 60


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (("  ", "", "", "", "5"), "name is needed"),
        (("Karin", "", "", "", "0"), "between 1 and 240"),
        (("Karin", "", "", "", "abc"), "whole number"),
        (("Karin", "", "", "x" * 100_001, "5"), "at most 100,000 characters; this one has 100,001"),
        (("K" * 1_001, "", "", "", "5"), "Presenter can have at most 1,000"),
    ],
)
def test_form_values_are_checked(fields: tuple[str, ...], message: str) -> None:
    with pytest.raises(InputError, match=message):
        presentations.check_fields(*fields)


def test_form_values_are_cleaned() -> None:
    fields = presentations.check_fields(
        "  Karin  Ek ", " Kultur ", "Bibliotek", "  Rad ett\nRad två  ", " 7 "
    )
    assert fields == presentations.PresentationFields(
        "Karin Ek", "Kultur", "Bibliotek", "Rad ett\nRad två", 7
    )


def test_restart_mid_presentation_resumes(store: Store) -> None:
    session_id = store.create(SessionData(Session(title="x"), presentations=_queue()))
    clock = FakeClock()
    store.change_presentations(session_id, lambda q: presentations.call_next(q, clock()))
    clock.advance(minutes=3)
    store.change_presentations(session_id, lambda q: presentations.call_next(q, clock()))
    clock.advance(minutes=2)
    reloaded = Store(store.root).load(session_id).presentations
    speaker = presentations.current(reloaded)
    assert speaker is not None and speaker.id == "b"
    assert slot_remaining(speaker, clock()) == 180
    assert slot_elapsed(reloaded[0], clock()) == 180


def test_notes_follow_the_presenter_and_survive_removal(store: Store) -> None:
    session_id = store.create(SessionData(Session(title="x"), presentations=_queue()))
    store.change_presentations(session_id, lambda q: presentations.call_next(q, FakeClock()()))
    note = add_note(store, session_id, "Bra idé")
    assert note.presentation_id == "a"
    with pytest.raises(InputError, match="finish first"):
        store.change_presentations(session_id, lambda q: presentations.remove(q, "a"))
    store.change_presentations(session_id, lambda q: presentations.finish(q, FakeClock()()))
    store.change_presentations(session_id, lambda q: presentations.remove(q, "a"))
    assert [(n.text, n.presentation_id) for n in store.load(session_id).notes] == [
        ("Bra idé", None)
    ]
