"""The domain: programme, session, agenda block, presentation and note, as plain data."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from . import limits
from .errors import InputError

MAX_NOTE_CHARS = limits.NOTE_CHARS


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


@dataclass
class NextSession:
    date: date | None = None
    venue: str = ""


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


# --- plain records -----------------------------------------------------------
# Records are what the store and the JSON export hold: only str, int, float,
# bool, None, lists and dicts. Times are timezone-aware UTC ISO strings.


def _dt_out(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()


def _dt_in(value: Any) -> datetime | None:
    if value is None:
        return None
    return limits.moment(datetime.fromisoformat(_expect(value, str)))


def _date_out(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _date_in(value: Any) -> date | None:
    return None if value is None else limits.day(date.fromisoformat(_expect(value, str)))


def _expect(value: Any, kind: type | tuple[type, ...]) -> Any:
    if not isinstance(value, kind) or (isinstance(value, bool) and kind in (int, float)):
        raise TypeError(f"expected {kind}, got {type(value).__name__}")
    return value


def _hhmm_in(value: Any) -> str:
    return limits.clock_time(value)


def _language_in(value: Any) -> str:
    if value not in ("sv", "en"):
        raise ValueError(f'language must be "sv" or "en", got {value!r}')
    return str(value)


def _name(value: Any, what: str = "a name") -> str:
    """A title, a name, an organisation, a venue."""
    return limits.text(value, limits.NAME_CHARS, what)


def _long(value: Any, what: str = "a text") -> str:
    """A summary, facilitator notes, a pre-assignment, homework, a message."""
    return limits.text(value, limits.LONG_CHARS, what)


def _str_list(value: Any) -> list[str]:
    return [_name(v) for v in _expect(value, list)]


def programme_to_record(p: Programme, members: bool = True) -> dict[str, Any]:
    """A programme's record; a session holds it without ``members`` (facilitators, participants)."""
    record: dict[str, Any] = {
        "id": p.id,
        "name": p.name,
        "organiser": p.organiser,
        "purpose": p.purpose,
        "audience": p.audience,
        "contact": list(p.contact),
    }
    if members:
        record["facilitators"] = list(p.facilitators)
        record["participants"] = [participant_to_record(x) for x in p.participants]
    return record


def programme_from_record(r: Any) -> Programme:
    r = _expect(r, dict)
    return Programme(
        name=_name(r["name"], "name"),
        organiser=_name(r.get("organiser", ""), "organiser"),
        purpose=_long(r.get("purpose", ""), "purpose"),
        id=_expect(r.get("id", ""), str),
        audience=_name(r.get("audience", ""), "audience"),
        contact=_str_list(r.get("contact", [])),
        facilitators=_str_list(r.get("facilitators", [])),
        participants=[participant_from_record(x) for x in _expect(r.get("participants", []), list)],
    )


def session_to_record(s: Session) -> dict[str, Any]:
    return {
        "id": s.id,
        "title": s.title,
        "occasion": s.occasion,
        "theme": s.theme,
        "date": _date_out(s.date),
        "start": s.start,
        "venue": s.venue,
        "facilitators": list(s.facilitators),
        "language": s.language,
        "pre_assignment": {"task": s.pre_assignment.task, "result": s.pre_assignment.result},
        "homework": s.homework,
        "next_session": None
        if s.next_session is None
        else {"date": _date_out(s.next_session.date), "venue": s.next_session.venue},
        "programme": None
        if s.programme is None
        else programme_to_record(s.programme, members=False),
        "facilitator_organisation": s.facilitator_organisation,
        "facilitator_organisations": dict(s.facilitator_organisations),
        "participants": [participant_to_record(p) for p in s.participants],
        "warn_minutes": list(s.warn_minutes),
        "bell": s.bell,
        "room_message": s.room_message,
        "room_blackout": s.room_blackout,
        "created_at": _dt_out(s.created_at),
    }


def session_from_record(r: dict[str, Any]) -> Session:
    pre = _expect(r.get("pre_assignment") or {}, dict)
    nxt = r.get("next_session")
    prog = r.get("programme")
    occasion = r.get("occasion")
    return Session(
        id=_expect(r["id"], str),
        title=_name(r["title"], "title"),
        occasion=None if occasion is None else limits.whole(occasion, 0, 10_000, "occasion"),
        theme=_name(r.get("theme", ""), "theme"),
        date=_date_in(r.get("date")),
        start=_hhmm_in(r.get("start", "09:00")),
        venue=_name(r.get("venue", ""), "venue"),
        facilitators=_str_list(r.get("facilitators", [])),
        facilitator_organisation=_name(
            r.get("facilitator_organisation", ""), "facilitator_organisation"
        ),
        facilitator_organisations={
            _name(k): _name(v)
            for k, v in _expect(r.get("facilitator_organisations", {}), dict).items()
        },
        language=_language_in(r.get("language", "en")),
        pre_assignment=PreAssignment(
            task=_long(pre.get("task", ""), "task"), result=_long(pre.get("result", ""), "result")
        ),
        homework=_long(r.get("homework", ""), "homework"),
        next_session=None
        if nxt is None
        else NextSession(
            date=_date_in(_expect(nxt, dict).get("date")),
            venue=_name(nxt.get("venue", ""), "venue"),
        ),
        programme=None if prog is None else programme_from_record(prog),
        participants=[participant_from_record(p) for p in _expect(r.get("participants", []), list)],
        warn_minutes=limits.warn_minutes(r.get("warn_minutes", [5, 1])),
        bell=_expect(r.get("bell", False), bool),
        room_message=_long(r.get("room_message", ""), "room_message"),
        room_blackout=_expect(r.get("room_blackout", False), bool),
        created_at=_dt_in(r["created_at"]) or utc_now(),
    )


def block_to_record(b: Block) -> dict[str, Any]:
    return {
        "id": b.id,
        "kind": b.kind.value,
        "title": b.title,
        "minutes": b.minutes,
        "notes": b.notes,
        "started_at": _dt_out(b.started_at),
        "paused_at": _dt_out(b.paused_at),
        "paused_seconds": b.paused_seconds,
        "extended_seconds": b.extended_seconds,
        "finished_at": _dt_out(b.finished_at),
        "skipped": b.skipped,
        "pre_assignment": b.pre_assignment,
    }


def block_from_record(r: dict[str, Any]) -> Block:
    return Block(
        id=_expect(r["id"], str),
        kind=BlockKind(r["kind"]),
        title=_name(r["title"], "title"),
        minutes=limits.block_minutes(r["minutes"]),
        notes=_long(r.get("notes", ""), "notes"),
        started_at=_dt_in(r.get("started_at")),
        paused_at=_dt_in(r.get("paused_at")),
        paused_seconds=limits.seconds(
            r.get("paused_seconds", 0.0), 0, 366 * limits.DAY_SECONDS, "paused_seconds"
        ),
        extended_seconds=limits.seconds(
            r.get("extended_seconds", 0.0),
            -limits.DAY_SECONDS,
            7 * limits.DAY_SECONDS,
            "extended_seconds",
        ),
        finished_at=_dt_in(r.get("finished_at")),
        skipped=bool(_expect(r.get("skipped", False), bool)),
        pre_assignment=bool(_expect(r.get("pre_assignment", False), bool)),
    )


def presentation_to_record(p: Presentation) -> dict[str, Any]:
    return {
        "id": p.id,
        "presenter": p.presenter,
        "organisation": p.organisation,
        "title": p.title,
        "summary": p.summary,
        "minutes": p.minutes,
        "state": p.state.value,
        "started_at": _dt_out(p.started_at),
        "finished_at": _dt_out(p.finished_at),
        "participant_id": p.participant_id,
    }


def presentation_from_record(r: dict[str, Any]) -> Presentation:
    return Presentation(
        id=_expect(r["id"], str),
        presenter=_name(r["presenter"], "presenter"),
        organisation=_name(r.get("organisation", ""), "organisation"),
        title=_name(r.get("title", ""), "title"),
        summary=_long(r.get("summary", ""), "summary"),
        minutes=limits.slot_minutes(r.get("minutes", 5)),
        state=PresentationState(r.get("state", "waiting")),
        started_at=_dt_in(r.get("started_at")),
        finished_at=_dt_in(r.get("finished_at")),
        participant_id=_optional_str(r.get("participant_id")),
    )


def participant_to_record(p: Participant) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "organisation": p.organisation,
        "role": p.role,
        "attendance": p.attendance.value,
    }


def participant_from_record(r: dict[str, Any]) -> Participant:
    return Participant(
        id=_expect(r["id"], str),
        name=_name(r["name"], "name"),
        organisation=_name(r.get("organisation", ""), "organisation"),
        role=_name(r.get("role", ""), "role"),
        attendance=Attendance(r.get("attendance", "unknown")),
    )


def _optional_str(value: Any) -> str | None:
    return None if value is None else _expect(value, str)


def note_to_record(n: Note) -> dict[str, Any]:
    return {
        "id": n.id,
        "text": n.text,
        "kind": n.kind.value,
        "speaker": n.speaker,
        "owner": n.owner,
        "created_at": _dt_out(n.created_at),
        "block_id": n.block_id,
        "presentation_id": n.presentation_id,
        "pinned": n.pinned,
        "done": n.done,
        "carried_from": _date_out(n.carried_from),
        # Only when set: a file without groups stays as it was, byte for byte.
        **({"group": n.group} if n.group else {}),
    }


_NOTE_KINDS = {kind.value: kind for kind in NoteKind}


def note_from_record(r: dict[str, Any]) -> Note:
    # Run for every note of a day when a session opens (fifty thousand, in the
    # benchmarks): the same checks as the other records, with the common cases
    # (no speaker, no owner, not pinned) taken without a call.
    block_id = r.get("block_id")
    presentation_id = r.get("presentation_id")
    speaker = r.get("speaker", "")
    owner = r.get("owner", "")
    pinned = r.get("pinned", False)
    done = r.get("done", False)
    carried = r.get("carried_from")
    group = r.get("group", "")
    return Note(
        id=_expect(r["id"], str),
        text=limits.text(r["text"], limits.NOTE_CHARS, "a note"),
        kind=_NOTE_KINDS[r.get("kind", "point")],
        speaker="" if speaker == "" else _name(speaker),
        owner="" if owner == "" else _name(owner),
        created_at=_dt_in(r["created_at"]) or utc_now(),
        block_id=None if block_id is None else _expect(block_id, str),
        presentation_id=None if presentation_id is None else _expect(presentation_id, str),
        pinned=pinned if pinned is False or pinned is True else _expect(pinned, bool),
        done=done if done is False or done is True else _expect(done, bool),
        carried_from=None if carried is None else _date_in(carried),
        group="" if group == "" else limits.group(group),
    )


def with_fresh_ids(data: SessionData) -> SessionData:
    """A copy of a session under new ids, with every link following its record."""
    block_ids = {b.id: new_id() for b in data.blocks}
    presentation_ids = {p.id: new_id() for p in data.presentations}
    # Participant ids stay: they are the programme's, shared by its occasions.
    return SessionData(
        session=replace(data.session, id=new_id()),
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


def check_note_text(text: str) -> str:
    """The note's text as it will be saved; refuses what cannot be a note."""
    if not text.strip():
        raise InputError.of("error.note_empty")
    if len(text) > MAX_NOTE_CHARS:
        raise InputError.of("error.note_long", max=f"{MAX_NOTE_CHARS:,}", count=f"{len(text):,}")
    return text


def check_note(note: Note) -> None:
    """Refuse a note handed to be saved that a load would refuse: checked once, where it is taken.

    Its text (not empty, not too long, real text), and its speaker, owner and
    group by the same rules the store reads them back with.
    """
    check_note_text(note.text)
    try:
        limits.text(note.text, limits.NOTE_CHARS, "a note")
        for name in (note.speaker, note.owner):
            if name:
                _name(name)
        if note.group:
            limits.group(note.group)
    except ValueError as exc:
        raise InputError(f"the note cannot be saved: {exc}") from None


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
