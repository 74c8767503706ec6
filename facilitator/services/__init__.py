"""The session's operations, by area, over one desk and its one ordered writer.

Textual-free: the app makes one ``Services`` over a ``Desk`` that it hands a way
to run a callback on its event loop (``deliver``) and an ``Outcomes`` to tell; the
screens ask the area that owns a change (``services.agenda.start_or_pause``…).
Each change goes to one writer thread, in the order asked, so the screen never
waits for a disk, a lock or a slow fsync, and two saves never race.
"""

from __future__ import annotations

from ..agenda import check_block_fields as check_block
from ..presentations import PresentationFields
from ..presentations import check_fields as check_presentation
from .agenda import AgendaService
from .desk import (
    WHAT_CHANGE,
    WHAT_NOTE,
    WHAT_SESSION,
    Desk,
    Failed,
    Outcomes,
    Quiet,
    describe,
    reason,
)
from .notes import NotesService, NoteState, PendingNote
from .queue import AttendanceService, QueueService
from .room import ROUND_PROMPT_CHARS, RoomService
from .sessions import SessionsService
from .writer import Writer

# check_block and check_presentation: the checks a form makes before it closes, so that
# what was typed stays in it (the same checks the areas' steps make on what they are handed).
__all__ = [
    "ROUND_PROMPT_CHARS",
    "WHAT_CHANGE",
    "WHAT_NOTE",
    "WHAT_SESSION",
    "AgendaService",
    "AttendanceService",
    "Desk",
    "Failed",
    "NoteState",
    "NotesService",
    "Outcomes",
    "PendingNote",
    "PresentationFields",
    "QueueService",
    "Quiet",
    "RoomService",
    "Services",
    "SessionsService",
    "Writer",
    "check_block",
    "check_presentation",
    "describe",
    "reason",
]


class Services:
    """Every area's service over one desk: what the app holds and the screens ask."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.notes = NotesService(self.desk)
        self.agenda = AgendaService(self.desk)
        self.queue = QueueService(self.desk)
        self.attendance = AttendanceService(self.desk)
        self.room = RoomService(self.desk)
        self.sessions = SessionsService(self.desk)

    def close(self, timeout: float = 10.0) -> bool:
        """Finish every save asked for; False if the writer did not finish in time."""
        return self.desk.close(timeout)
