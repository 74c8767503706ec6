"""The presentation queue's named steps, and attendance (the queue follows it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import presentations
from ..model import Attendance, Presentation
from ..presentations import PresentationFields
from .desk import Desk, Failed


class QueueService:
    """Call, finish, skip, mark absent, bring back, move, add, edit and remove presenters."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    def call_next(self, then: Callable[[Presentation], None] | None = None) -> None:
        """Call the next presenter (who is then marked present); ``then`` gets them."""
        now = self.desk.clock()
        self.desk.change_roster(
            lambda session, queue: presentations.call_and_mark_present(
                session.participants, queue, now
            ),
            then,
        )

    def finish_presentation(self, then: Callable[[Presentation], None] | None = None) -> None:
        now = self.desk.clock()
        self.desk.change_presentations(lambda queue: presentations.finish(queue, now), then)

    def skip_presentation(
        self, presentation_id: str, then: Callable[[None], None] | None = None
    ) -> None:
        self.desk.change_presentations(
            lambda queue: presentations.skip(queue, presentation_id), then
        )

    def mark_absent(self, presentation_id: str, then: Callable[[None], None] | None = None) -> None:
        self.desk.change_presentations(
            lambda queue: presentations.absent(queue, presentation_id), then
        )

    def bring_back(self, presentation_id: str, then: Callable[[None], None] | None = None) -> None:
        self.desk.change_presentations(
            lambda queue: presentations.bring_back(queue, presentation_id), then
        )

    def move_presentation(
        self, presentation_id: str, offset: int, then: Callable[[None], None] | None = None
    ) -> None:
        self.desk.change_presentations(
            lambda queue: presentations.move(queue, presentation_id, offset), then
        )

    def add_presentation(
        self,
        fields: PresentationFields,
        after_id: str | None = None,
        then: Callable[[str], None] | None = None,
        failed: Failed | None = None,
    ) -> None:
        """Add a presenter after ``after_id`` (or at the end); ``then`` gets the new id."""
        new = Presentation(
            presenter=fields.presenter,
            organisation=fields.organisation,
            title=fields.title,
            summary=fields.summary,
            minutes=fields.minutes,
        )

        def add(queue: list[Presentation]) -> str:
            presentations.add(queue, new, after_id)
            return new.id

        self.desk.change_presentations(add, then, failed)

    def edit_presentation(
        self, presentation_id: str, changes: dict[str, Any], failed: Failed | None = None
    ) -> None:
        """Change only the fields given: another program's change to the rest stays."""
        if changes:
            self.desk.change_presentations(
                lambda queue: presentations.edit(queue, presentation_id, changes), failed=failed
            )

    def remove_presentation(self, presentation_id: str) -> None:
        self.desk.change_presentations(lambda queue: presentations.remove(queue, presentation_id))


class AttendanceService:
    """Who came: marked on the attendance list, the queue following."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    def mark_attendance(self, participant_id: str, attendance: Attendance) -> None:
        """Whether someone came; the queue follows (see presentations.mark_attendance)."""
        self.desk.change_roster(
            lambda session, queue: presentations.mark_attendance(
                session.participants, queue, participant_id, attendance
            )
        )
