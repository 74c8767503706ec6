"""The domain: programme, session, agenda block, presentation and note, as plain data."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any


class BlockKind(StrEnum):
    RECAP = "recap"
    THEORY = "theory"
    DISCUSSION = "discussion"
    PRESENTATIONS = "presentations"
    BREAK = "break"
    EXERCISE = "exercise"
    INFO = "info"
    WRAPUP = "wrapup"


class BlockState(StrEnum):
    PLANNED = "planned"
    RUNNING = "running"
    PAUSED = "paused"
    DONE = "done"
    SKIPPED = "skipped"


class PresentationState(StrEnum):
    WAITING = "waiting"
    PRESENTING = "presenting"
    DONE = "done"
    SKIPPED = "skipped"
    ABSENT = "absent"


class Attendance(StrEnum):
    UNKNOWN = "unknown"
    PRESENT = "present"
    LATE = "late"
    ABSENT = "absent"


class NoteKind(StrEnum):
    POINT = "point"
    QUOTE = "quote"
    DECISION = "decision"
    ACTION = "action"
    QUESTION = "question"


class RoomState(StrEnum):
    """Where a contribution from the room stands: nothing of it is shown or exported until kept."""

    NEW = "new"  # sent from a phone; the trainer has not gone through it yet
    KEPT = "kept"  # the trainer kept it: it is in the recap
    HIDDEN = "hidden"  # the trainer hid it: kept in the store, never shown or exported


def new_id() -> str:
    """A stable record id of our own (never a TinyDB doc id)."""
    return os.urandom(6).hex()


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Programme:
    """A course of several occasions. A session keeps a copy of name, organiser and purpose."""

    name: str
    organiser: str = ""
    purpose: str = ""
    id: str = ""
    facilitators: list[str] = field(default_factory=list)
    audience: str = ""  # who the programme is for: "enhetschefer från Skaraborgs kommuner"
    contact: list[str] = field(default_factory=list)  # the organiser's lines that close an article
    participants: list[Participant] = field(default_factory=list)


@dataclass
class Participant:
    """Someone who takes part; in a session's copy, also whether they came."""

    name: str
    organisation: str = ""
    role: str = ""
    id: str = field(default_factory=new_id)
    attendance: Attendance = Attendance.UNKNOWN
    email: str = ""  # for the recap's mail draft only: never shown on a screen or a page


@dataclass
class NextSession:
    date: date | None = None
    venue: str = ""
    start: str = ""  # HH:MM; empty: the same start as this session's
    end: str = ""  # HH:MM; empty: as long after the start as this day's agenda


@dataclass(frozen=True)
class RecapOptions:
    """What the trainer's settings add to a recap; both off unless the settings say so."""

    presenters: bool = False  # the article's project list names presenter and organisation
    room_names: bool = False  # the names the room's senders gave, shown with what they sent


PLAIN = RecapOptions()  # a recap with nothing added: the default of every call that takes options


@dataclass
class Handout:
    """The recap as published on the phone pages: in which style and language, and since when."""

    style: str = "minutes"  # or "article"
    language: str = "sv"
    published_at: datetime = field(default_factory=utc_now)
    options: RecapOptions = field(default_factory=lambda: PLAIN)  # the settings' as published


@dataclass
class PreAssignment:
    task: str = ""
    result: str = ""


@dataclass
class Session:
    title: str
    id: str = field(default_factory=new_id)
    occasion: int | None = None
    theme: str = ""
    date: date | None = None
    start: str = "09:00"
    venue: str = ""
    facilitators: list[str] = field(default_factory=list)
    facilitator_organisation: str = ""  # where the facilitators come from, one for all
    facilitator_organisations: dict[str, str] = field(default_factory=dict)  # or per person
    language: str = "en"
    timezone: str = ""  # the IANA zone its times are in ("Europe/Stockholm"); empty: the machine's
    pre_assignment: PreAssignment = field(default_factory=PreAssignment)
    homework: str = ""
    next_session: NextSession | None = None
    programme: Programme | None = None
    warn_minutes: list[int] = field(default_factory=lambda: [5, 1])
    participants: list[Participant] = field(default_factory=list)
    bell: bool = False
    room_message: str = ""
    room_blackout: bool = False
    created_at: datetime = field(default_factory=utc_now)
    rounds: list[Round] = field(default_factory=list)  # put to the room from the phones, in order
    handout: Handout | None = None  # the recap on the phone pages; None: not published


@dataclass
class Block:
    """One agenda block. Its timer lives in the timestamps, never in a counter."""

    kind: BlockKind
    title: str
    minutes: int
    id: str = field(default_factory=new_id)
    notes: str = ""
    started_at: datetime | None = None
    paused_at: datetime | None = None
    paused_seconds: float = 0.0
    extended_seconds: float = 0.0
    finished_at: datetime | None = None
    skipped: bool = False
    pre_assignment: bool = False  # the block where the pre-assignment is reported on

    @property
    def state(self) -> BlockState:
        if self.skipped:
            return BlockState.SKIPPED
        if self.finished_at is not None:
            return BlockState.DONE
        if self.started_at is None:
            return BlockState.PLANNED
        if self.paused_at is not None:
            return BlockState.PAUSED
        return BlockState.RUNNING


@dataclass
class Presentation:
    presenter: str
    title: str = ""
    organisation: str = ""
    summary: str = ""
    minutes: int = 5
    id: str = field(default_factory=new_id)
    state: PresentationState = PresentationState.WAITING
    started_at: datetime | None = None
    finished_at: datetime | None = None
    participant_id: str | None = None


@dataclass(frozen=True)
class Note:
    """One note. Frozen: loaded notes are shared, so a change makes a new one (dataclasses.replace)."""

    text: str
    kind: NoteKind = NoteKind.POINT
    id: str = field(default_factory=new_id)
    speaker: str = ""
    owner: str = ""
    created_at: datetime = field(default_factory=utc_now)
    block_id: str | None = None
    presentation_id: str | None = None
    pinned: bool = False
    done: bool = False  # for an action: carried out
    carried_from: date | None = None  # for an action carried over: the occasion it came from
    group: str = ""  # the table it was written at in a group discussion ("Grupp 2"), if any
    # Sent from a participant's phone (the room's page): where it stands, else None.
    room: RoomState | None = None
    round_id: str | None = None  # an answer in a round: the round's id
    # The trainer's word on the article: True in it, False kept out, None the article chooses.
    in_article: bool | None = None


def in_recap(note: Note) -> bool:
    """Whether a note may be shown and exported: every note but the room's not kept (yet)."""
    return note.room is None or note.room is RoomState.KEPT


@dataclass(frozen=True)
class Round:
    """A question put to the whole room, answered from the phones while it is open."""

    prompt: str
    id: str = field(default_factory=new_id)
    block_id: str | None = None  # the block that ran when it opened
    opened_at: datetime = field(default_factory=utc_now)
    closed_at: datetime | None = None


def open_round(session: Session) -> Round | None:
    """The round the room may answer now (one at a time)."""
    return next((r for r in session.rounds if r.closed_at is None), None)


@dataclass
class SessionData:
    """A session with everything that belongs to it, in order."""

    session: Session
    blocks: list[Block] = field(default_factory=list)
    presentations: list[Presentation] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    @property
    def state(self) -> str:
        return day_state(self.blocks, has_notes=bool(self.notes))


def running_block(blocks: list[Block]) -> Block | None:
    """The block on the clock now: running, or paused (one at most)."""
    return next((b for b in blocks if b.state in (BlockState.RUNNING, BlockState.PAUSED)), None)


def presenting_now(presentations: list[Presentation]) -> Presentation | None:
    """Who presents now, if anyone."""
    return next((p for p in presentations if p.state is PresentationState.PRESENTING), None)


def up_next(presentations: list[Presentation]) -> Presentation | None:
    """Who is called next: the first still waiting."""
    return next((p for p in presentations if p.state is PresentationState.WAITING), None)


def next_to_run(blocks: list[Block], after_id: str | None = None) -> Block | None:
    """The first planned block after ``after_id`` (or from the top), else the first planned at all."""
    start_index = 0
    if after_id is not None:
        start_index = next((i + 1 for i, b in enumerate(blocks) if b.id == after_id), 0)
    for block in blocks[start_index:] + blocks[:start_index]:
        if block.state is BlockState.PLANNED:
            return block
    return None


def day_state(blocks: list[Block], has_notes: bool) -> str:
    """planned, running or done: where a session stands in its day."""
    states = [b.state for b in blocks]
    if states and all(s in (BlockState.DONE, BlockState.SKIPPED) for s in states):
        return "done"
    if any(s is not BlockState.PLANNED for s in states):
        return "running"
    # With no agenda, notes are the only sign that the day has begun.
    return "running" if has_notes and not states else "planned"


def with_fresh_ids(data: SessionData) -> SessionData:
    """A copy of a session under new ids, with every link following its record."""
    block_ids = {b.id: new_id() for b in data.blocks}
    presentation_ids = {p.id: new_id() for p in data.presentations}
    # Participant ids stay: they are the programme's, shared by its occasions.
    return SessionData(
        # A copy is on nobody's phone until its own trainer publishes it.
        session=replace(data.session, id=new_id(), handout=None),
        blocks=[replace(b, id=block_ids[b.id]) for b in data.blocks],
        presentations=[replace(p, id=presentation_ids[p.id]) for p in data.presentations],
        notes=[
            replace(
                n,
                id=new_id(),
                block_id=block_ids.get(n.block_id) if n.block_id else None,
                presentation_id=presentation_ids.get(n.presentation_id)
                if n.presentation_id
                else None,
            )
            for n in data.notes
        ],
    )


def changes_between(before: Any, after: Any) -> dict[str, Any]:
    """The fields an edit changed, by name: what a form writes onto the record as it is on disk now.

    Writing only these keeps a change that another program made meanwhile to
    the other fields (the trainer's +5 min while the form was open).
    """
    return {
        f.name: getattr(after, f.name)
        for f in fields(after)
        if getattr(after, f.name) != getattr(before, f.name)
    }
