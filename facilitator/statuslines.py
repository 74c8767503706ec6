"""The day's lines in words, written once for the trainer's screens, the room view and the notices."""

from __future__ import annotations

from collections.abc import Callable

from .i18n import t, tn
from .model import RoomState, SessionData, open_round
from .safetext import one_line
from .timing import Schedule, Slot


def late_line(plan: Schedule, lang: str) -> str | None:
    """ "Reminder: “Fika” was due to start at 10:40", when nothing runs and a block is late."""
    late = plan.late_block
    if late is None:
        return None
    due = plan.slot_of(late).planned_start
    return t(
        "agenda.late", lang, title=one_line(late.title, 60), time=due.astimezone().strftime("%H:%M")
    )


def next_line(
    upcoming: Slot, lang: str, fit: Callable[[str], str] = lambda title: one_line(title, 120)
) -> str:
    """ "Next: Fika at 10:40"; ``fit`` shortens the title to the room there is."""
    return t(
        "status.next",
        lang,
        title=fit(one_line(upcoming.block.title, 200)),
        time=upcoming.start.astimezone().strftime("%H:%M"),
    )


def room_line(data: SessionData, lang: str) -> str:
    """ "From the room: 3 new  ·  Round open: … (12 answers)", or nothing while the room is quiet."""
    parts = []
    new = sum(1 for n in data.notes if n.room is RoomState.NEW)
    if new:
        parts.append(tn("voice.count", lang, new))
    asked = open_round(data.session)
    if asked is not None:
        answers = sum(1 for n in data.notes if n.round_id == asked.id)
        parts.append(tn("voice.round_open", lang, answers, prompt=one_line(asked.prompt, 60)))
    return "  ·  ".join(parts)
