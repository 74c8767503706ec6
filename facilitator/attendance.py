"""Who was there: one truth from the attendance list and the presentation queue."""

from __future__ import annotations

from .model import Attendance, PresentationState, SessionData

_SPOKE = (PresentationState.DONE, PresentationState.PRESENTING)


def presented(data: SessionData, participant_id: str) -> bool:
    """Whether the participant presents or has presented today."""
    return any(p.participant_id == participant_id and p.state in _SPOKE for p in data.presentations)


def attendance_of(data: SessionData) -> dict[str, Attendance]:
    """Each participant's attendance, as the attendance screen, the room and every recap say it.

    A mark on the attendance list wins; else someone whose presentation is
    marked absent in the queue was absent, and someone who presented was there.
    Anyone else is not known either way, and is not said to be missing.
    """
    found: dict[str, Attendance] = {}
    for person in data.session.participants:
        mark = person.attendance
        if mark is Attendance.UNKNOWN:
            if presented(data, person.id):
                mark = Attendance.PRESENT
            elif any(
                p.participant_id == person.id and p.state is PresentationState.ABSENT
                for p in data.presentations
            ):
                mark = Attendance.ABSENT
        found[person.id] = mark
    return found
