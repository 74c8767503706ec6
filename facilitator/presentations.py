"""The presentation queue: call the next presenter, finish, skip, mark absent, bring back, edit.

Like agenda.py, each operation changes a list of presentations in place; the
store applies it under its lock to the queue as it is on disk
(Store.change_presentations).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from . import limits
from .errors import InputError
from .i18n import Count
from .model import Attendance, Participant, Presentation, PresentationState, presenting_now, up_next
from .timing import queue_progress

MAX_MINUTES = limits.SLOT_MINUTES
MAX_NAME = limits.NAME_CHARS
MAX_SUMMARY = limits.LONG_CHARS

WAITING = PresentationState.WAITING
PRESENTING = PresentationState.PRESENTING
DONE = PresentationState.DONE
SKIPPED = PresentationState.SKIPPED
ABSENT = PresentationState.ABSENT


def find(queue: list[Presentation], presentation_id: str) -> Presentation:
    for presentation in queue:
        if presentation.id == presentation_id:
            return presentation
    raise InputError.of("error.presentation_gone")


current = presenting_now  # who presents now (defined once, in the model)
progress = queue_progress


def finish(queue: list[Presentation], now: datetime) -> Presentation:
    """The presenter on stage is done; their speaking time is kept."""
    speaker = current(queue)
    if speaker is None:
        raise InputError.of("error.nobody_presenting")
    assert speaker.started_at is not None
    speaker.state = DONE
    speaker.finished_at = max(now, speaker.started_at)
    return speaker


def call_next(queue: list[Presentation], now: datetime) -> Presentation:
    """Finish whoever presents and call the first one waiting."""
    following = up_next(queue)
    if following is None:
        raise InputError.of("error.nobody_waiting")
    if current(queue) is not None:
        finish(queue, now)
    following.state = PRESENTING
    following.started_at = now
    following.finished_at = None
    return following


def _found_in(
    queue: list[Presentation],
    presentation_id: str,
    states: tuple[PresentationState, ...],
    refusal: str,
) -> Presentation:
    """The presentation, if it is in one of ``states``; else the refusal, naming its state."""
    presentation = find(queue, presentation_id)
    if presentation.state not in states:
        raise InputError.of(
            refusal, name=presentation.presenter, state=f"@pstate.{presentation.state.value}"
        )
    return presentation


def skip(queue: list[Presentation], presentation_id: str) -> None:
    """Not now: to the end of the queue, to be brought back later."""
    presentation = _found_in(queue, presentation_id, (WAITING, PRESENTING), "error.cannot_skip")
    presentation.state = SKIPPED
    presentation.started_at = None
    queue.remove(presentation)
    queue.append(presentation)


def absent(queue: list[Presentation], presentation_id: str) -> None:
    presentation = _found_in(queue, presentation_id, (WAITING, SKIPPED), "error.cannot_absent")
    presentation.state = ABSENT


def bring_back(queue: list[Presentation], presentation_id: str) -> None:
    """A skipped or absent presenter goes next: right after whoever presents now."""
    presentation = _found_in(queue, presentation_id, (SKIPPED, ABSENT), "error.cannot_bring_back")
    presentation.state = WAITING
    queue.remove(presentation)
    speaker = current(queue)
    first_waiting = up_next(queue)
    if speaker is not None:
        index = queue.index(speaker) + 1
    elif first_waiting is not None:
        index = queue.index(first_waiting)
    else:
        index = next((i for i, p in enumerate(queue) if p.state is not DONE), len(queue))
    queue.insert(index, presentation)


def move(queue: list[Presentation], presentation_id: str, offset: int) -> None:
    presentation = find(queue, presentation_id)
    index = queue.index(presentation)
    target = min(max(index + offset, 0), len(queue) - 1)
    queue.insert(target, queue.pop(index))


def add(queue: list[Presentation], new: Presentation, after_id: str | None = None) -> None:
    if after_id is None:
        queue.append(new)
    else:
        queue.insert(queue.index(find(queue, after_id)) + 1, new)


@dataclass(frozen=True)
class PresentationFields:
    presenter: str
    organisation: str
    title: str
    summary: str
    minutes: int


def check_fields(
    presenter: str, organisation: str, title: str, summary: str, minutes: str | int
) -> PresentationFields:
    """The fields of the add/edit form, cleaned; one clear message for the first that is wrong."""
    presenter = " ".join(presenter.split())
    organisation = " ".join(organisation.split())
    title = " ".join(title.split())
    summary = summary.strip()
    if not presenter:
        raise InputError.of("error.presenter_needed")
    for label, value in (
        ("presenter", presenter),
        ("organisation", organisation),
        ("title", title),
    ):
        if len(value) > MAX_NAME:
            raise InputError.of(
                "error.field_long",
                field=f"@pform.{label}",
                max=Count(MAX_NAME),
                count=Count(len(value)),
            )
    if len(summary) > MAX_SUMMARY:
        raise InputError.of(
            "error.field_long",
            field="@pform.summary",
            max=Count(MAX_SUMMARY),
            count=Count(len(summary)),
        )
    try:
        whole = int(str(minutes).strip())
    except ValueError:
        raise InputError.of("error.slot_number", value=minutes) from None
    if not 0 < whole <= MAX_MINUTES:
        raise InputError.of("error.slot_range", max=MAX_MINUTES, value=whole)
    return PresentationFields(presenter, organisation, title, summary, whole)


def edit(queue: list[Presentation], presentation_id: str, changes: Mapping[str, Any]) -> None:
    """Set the fields a form changed (see ``PresentationFields``) on the presentation as it is now."""
    presentation = find(queue, presentation_id)
    for name, value in changes.items():
        if name not in PresentationFields.__dataclass_fields__:
            raise KeyError(name)
        setattr(presentation, name, value)


def remove(queue: list[Presentation], presentation_id: str) -> Presentation:
    presentation = find(queue, presentation_id)
    if presentation.state is PRESENTING:
        raise InputError.of("error.presenting_remove", name=presentation.presenter)
    queue.remove(presentation)
    return presentation


def call_and_mark_present(
    participants: list[Participant], queue: list[Presentation], now: datetime
) -> Presentation:
    """Call the next presenter; someone who presents was there, so attendance says so.

    Only an unmarked participant becomes present: "late" stays late.
    """
    called = call_next(queue, now)
    person = next((p for p in participants if p.id == called.participant_id), None)
    if person is not None and person.attendance is Attendance.UNKNOWN:
        person.attendance = Attendance.PRESENT
    return called


def mark_attendance(
    participants: list[Participant],
    queue: list[Presentation],
    participant_id: str,
    attendance: Attendance,
) -> None:
    """Record whether someone came; the queue follows.

    Someone absent will not be called: their waiting or skipped presentations
    are marked absent. Someone who turns up after all gets theirs back, where
    they were in the queue.
    """
    person = next((p for p in participants if p.id == participant_id), None)
    if person is None:
        raise InputError.of("error.participant_gone")
    person.attendance = attendance
    for presentation in queue:
        if presentation.participant_id != participant_id:
            continue
        if attendance is Attendance.ABSENT and presentation.state in (WAITING, SKIPPED):
            presentation.state = ABSENT
        elif attendance is not Attendance.ABSENT and presentation.state is ABSENT:
            presentation.state = WAITING
