"""The demo day set up for each thing the room view must show, for its tests and pictures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from fakes import T0, FakeClock

from facilitator import agenda, presentations
from facilitator.store import Store


def _start(store: Store, session_id: str, index: int, minutes: float) -> None:
    block = store.load(session_id).blocks[index]
    store.change_blocks(
        session_id, lambda b: agenda.start(b, block.id, T0 + timedelta(minutes=minutes))
    )


def running(store: Store, session_id: str) -> FakeClock:
    """The second block, 40 minutes, a quarter of the way through."""
    _start(store, session_id, 0, 0)
    _start(store, session_id, 1, 20)
    return FakeClock(T0 + timedelta(minutes=30, seconds=15))


def warning(store: Store, session_id: str) -> FakeClock:
    """4:29 left of the second block."""
    _start(store, session_id, 0, 0)
    _start(store, session_id, 1, 20)
    return FakeClock(T0 + timedelta(minutes=55, seconds=31))


def overtime(store: Store, session_id: str) -> FakeClock:
    """The second block, two minutes over."""
    _start(store, session_id, 0, 0)
    _start(store, session_id, 1, 20)
    return FakeClock(T0 + timedelta(minutes=62))


def message(store: Store, session_id: str) -> FakeClock:
    """The coffee break running, with a message for the room."""
    for index, minutes in enumerate((0, 20, 60, 100)):
        _start(store, session_id, index, minutes)
    store.change_session(
        session_id, lambda s: setattr(s, "room_message", "Fika i matsalen, åter 10:50")
    )
    return FakeClock(T0 + timedelta(minutes=104, seconds=30))


def presenting(store: Store, session_id: str) -> FakeClock:
    """The round of projects: the first presenter done, the second speaking."""
    for index, minutes in enumerate((0, 20, 60)):
        _start(store, session_id, index, minutes)
    for at in (61, 67):
        store.change_presentations(
            session_id, lambda q, at=at: presentations.call_next(q, T0 + timedelta(minutes=at))
        )
    return FakeClock(T0 + timedelta(minutes=69, seconds=20))


def between(store: Store, session_id: str) -> FakeClock:
    """The round of projects: two presenters done, nobody speaking yet."""
    presenting(store, session_id)
    store.change_presentations(
        session_id, lambda q: presentations.finish(q, T0 + timedelta(minutes=72, seconds=30))
    )
    return FakeClock(T0 + timedelta(minutes=73))


DAYS: dict[str, Callable[[Store, str], FakeClock]] = {
    "running": running,
    "warning": warning,
    "overtime": overtime,
    "message": message,
    "presenting": presenting,
    "between": between,
}
