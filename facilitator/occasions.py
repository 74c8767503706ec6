"""From one occasion of a programme to the next: what carries over, and how it is summed up."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from .i18n import long_date, t
from .model import (
    Attendance,
    Block,
    BlockKind,
    Note,
    NoteKind,
    PreAssignment,
    Presentation,
    PresentationState,
    Session,
    SessionData,
    new_id,
)

SUMMARY_ITEMS = 8  # points and quotes in the opening recap's notes, at most


def next_occasion(
    data: SessionData, day: date | None = None, venue: str | None = None
) -> SessionData:
    """The next occasion, prepared from this one.

    It has the occasion number plus one; the same facilitators, participants
    and agenda (timers cleared); the date and venue of this session's
    ``next_session`` unless given, and its start (else this one's); the same time
    zone; this homework as its pre-assignment; an
    opening recap block whose private notes sum this occasion up; every open
    action carried over, marked with the date it came from; and each
    participant's project in the queue again, for a round on how it went.
    """
    s, lang = data.session, data.session.language
    occasion = (s.occasion or 1) + 1
    following = s.next_session
    programme = replace(s.programme, facilitators=[], participants=[]) if s.programme else None
    session = Session(
        title=_title(s, occasion, lang),
        occasion=occasion,
        date=day or (following.date if following else None),
        start=(following.start if following else "") or s.start,
        timezone=s.timezone,
        venue=venue if venue is not None else (following.venue if following else ""),
        facilitators=list(s.facilitators),
        language=lang,
        pre_assignment=PreAssignment(task=s.homework),
        programme=programme,
        warn_minutes=list(s.warn_minutes),
        participants=[replace(p, attendance=Attendance.UNKNOWN) for p in s.participants],
    )
    recap_minutes = next((b.minutes for b in data.blocks if b.kind is BlockKind.RECAP), 20)
    opening = Block(
        BlockKind.RECAP,
        t("next.recap_title", lang, n=s.occasion or 1),
        recap_minutes,
        notes=summary(data),
    )
    blocks = [opening] + [
        Block(
            b.kind,
            _pre_assignment_title(s.homework, lang) if b.pre_assignment else b.title,
            b.minutes,
            notes=b.notes,
            pre_assignment=b.pre_assignment,
        )
        for b in data.blocks
        if b.kind is not BlockKind.RECAP
    ]
    presentations = [
        Presentation(
            presenter=p.presenter,
            title=p.title,
            organisation=p.organisation,
            summary=p.summary,
            minutes=p.minutes,
            participant_id=p.participant_id,
        )
        # Who did not get to present this time goes first; the others keep their order.
        for p in sorted(data.presentations, key=lambda p: p.state is not PresentationState.WAITING)
    ]
    carried = [
        Note(
            text=n.text,
            kind=NoteKind.ACTION,
            id=new_id(),
            owner=n.owner,
            created_at=n.created_at,
            carried_from=n.carried_from or s.date or n.created_at.date(),
        )
        for n in data.notes
        if n.kind is NoteKind.ACTION and not n.done
    ]
    return SessionData(session, blocks, presentations, carried)


def _pre_assignment_title(homework: str, lang: str) -> str:
    """The block that reports on the pre-assignment: named as a person names it.

    Not by the homework's sentence ("…: Intervjua en medarbetare … innovation."):
    the task is the session's pre-assignment, and the block's title names the block.
    """
    return t("next.pre_assignment_title", lang)


def _title(s: Session, occasion: int, lang: str) -> str:
    label = t("session.occasion", lang, n=occasion)
    if s.programme is not None:
        return f"{s.programme.name}, {label}"
    return f"{s.title}, {label}"


def summary(data: SessionData) -> str:
    """This occasion in a few lines, for the facilitators who open the next one."""
    s, lang = data.session, data.session.language
    when = long_date(s.date, lang) if s.date else ""
    lines = [t("next.summary_head", lang, n=s.occasion or 1, date=when).strip()]
    if s.theme:
        lines.append(t("next.summary_theme", lang, theme=s.theme))
    ranked = sorted(data.notes, key=lambda n: (not n.pinned, n.created_at))
    sections = [
        ("next.summary_points", [n.text for n in ranked if n.kind is NoteKind.POINT]),
        (
            "next.summary_quotes",
            [
                f"”{n.text}”" + (f" — {n.speaker}" if n.speaker else "")
                for n in ranked
                if n.kind is NoteKind.QUOTE
            ],
        ),
        ("next.summary_decisions", [n.text for n in ranked if n.kind is NoteKind.DECISION]),
    ]
    for key, items in sections:
        if items:
            lines.append(t(key, lang))
            lines += [f"- {' '.join(item.split())}" for item in items[:SUMMARY_ITEMS]]
    return "\n".join(lines)
