"""Plain records: the model as the store's files and the JSON export hold it, and back.

Records hold only str, int, float, bool, None, lists and dicts; times are
timezone-aware UTC ISO strings. Reading a record checks it by the rules of
limits.py, so a file edited by hand or damaged is refused with what and where,
never taken in half.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from . import limits
from .model import (
    Attendance,
    Block,
    BlockKind,
    Handout,
    NextSession,
    Note,
    NoteKind,
    Participant,
    PreAssignment,
    Presentation,
    PresentationState,
    Programme,
    RecapOptions,
    RoomState,
    Round,
    Session,
    utc_now,
)


def _dt_out(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()


def _dt_in(value: Any) -> datetime | None:
    if value is None:
        return None
    if type(value) is not str:  # a str's subclass too goes by _expect (the common case first)
        _expect(value, str)
    return limits.moment(datetime.fromisoformat(value))


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
        "next_session": None if s.next_session is None else _next_session_out(s.next_session),
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
        # Only when there are any: a session without rounds stays as it was, byte for byte.
        **({"rounds": [round_to_record(r) for r in s.rounds]} if s.rounds else {}),
        **({"timezone": s.timezone} if s.timezone else {}),
        # Likewise only while the recap is published: an older store reads as unpublished.
        **({"handout": handout_to_record(s.handout)} if s.handout is not None else {}),
    }


def handout_to_record(h: Handout) -> dict[str, Any]:
    shown = {"style": h.style, "language": h.language, "published_at": _dt_out(h.published_at)}
    # Only what the settings added: an older store's hand-out reads as the plain recap.
    added = {"presenters": h.options.presenters, "room_names": h.options.room_names}
    return shown | {key: True for key, on in added.items() if on}


def handout_from_record(r: Any) -> Handout | None:
    if r is None:
        return None
    _expect(r, dict)
    style = r.get("style", "minutes")
    if style not in ("minutes", "article"):
        raise ValueError(f'handout style must be "minutes" or "article", got {style!r}')
    return Handout(
        style=style,
        language=_language_in(r.get("language", "sv")),
        published_at=_dt_in(r.get("published_at")) or utc_now(),
        options=RecapOptions(
            presenters=r.get("presenters", False) is True,
            room_names=r.get("room_names", False) is True,
        ),
    )


def _next_session_out(n: NextSession) -> dict[str, Any]:
    # Its times only when set: a next occasion without them stays as it was, byte for byte.
    times = {key: value for key, value in (("start", n.start), ("end", n.end)) if value}
    return {"date": _date_out(n.date), "venue": n.venue, **times}


def _next_session_in(r: Any) -> NextSession:
    r = _expect(r, dict)
    start, end = r.get("start", ""), r.get("end", "")
    return NextSession(
        date=_date_in(r.get("date")),
        venue=_name(r.get("venue", ""), "venue"),
        start="" if start == "" else limits.clock_time(start, "next_session start"),
        end="" if end == "" else limits.clock_time(end, "next_session end"),
    )


def round_to_record(r: Round) -> dict[str, Any]:
    return {
        "id": r.id,
        "prompt": r.prompt,
        "block_id": r.block_id,
        "opened_at": _dt_out(r.opened_at),
        "closed_at": _dt_out(r.closed_at),
    }


def round_from_record(r: dict[str, Any]) -> Round:
    _expect(r, dict)
    block_id = r.get("block_id")
    return Round(
        id=_expect(r["id"], str),
        prompt=_long(r["prompt"], "prompt"),
        block_id=None if block_id is None else _expect(block_id, str),
        opened_at=_dt_in(r["opened_at"]) or utc_now(),
        closed_at=_dt_in(r.get("closed_at")),
    )


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
        next_session=None if nxt is None else _next_session_in(nxt),
        programme=None if prog is None else programme_from_record(prog),
        participants=[participant_from_record(p) for p in _expect(r.get("participants", []), list)],
        warn_minutes=limits.warn_minutes(r.get("warn_minutes", [5, 1])),
        bell=_expect(r.get("bell", False), bool),
        room_message=_long(r.get("room_message", ""), "room_message"),
        room_blackout=_expect(r.get("room_blackout", False), bool),
        created_at=_dt_in(r["created_at"]) or utc_now(),
        rounds=[round_from_record(x) for x in _expect(r.get("rounds", []), list)],
        timezone=_zone_in(r.get("timezone", "")),
        handout=handout_from_record(r.get("handout")),
    )


def _zone_in(value: Any) -> str:
    return "" if value == "" else limits.time_zone(value)


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
        **({"email": p.email} if p.email else {}),
    }


def participant_from_record(r: dict[str, Any]) -> Participant:
    return Participant(
        id=_expect(r["id"], str),
        name=_name(r["name"], "name"),
        organisation=_name(r.get("organisation", ""), "organisation"),
        role=_name(r.get("role", ""), "role"),
        attendance=Attendance(r.get("attendance", "unknown")),
        email="" if r.get("email", "") == "" else limits.email(r["email"]),
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
        **({"room": n.room.value} if n.room is not None else {}),
        **({"round_id": n.round_id} if n.round_id is not None else {}),
        # Written also when unset (null): the store merges a changed record into the old one,
        # so a key left out would keep a mark the trainer took back.
        "in_article": n.in_article,
    }


_NOTE_KINDS = {kind.value: kind for kind in NoteKind}
_ROOM_STATES = {state.value: state for state in RoomState}


def _frozen(cls: type[Note], values: dict[str, Any]) -> Note:
    """A frozen dataclass made from values already checked, every field given.

    A frozen dataclass's ``__init__`` sets each field through
    ``object.__setattr__``: for a note's fifteen fields, two thirds of the
    cost of reading a note. Loading a day makes every note this way; a test
    holds that a note so made equals the one ``Note(...)`` makes, and that
    ``note_from_record`` gives every field (a field added to ``Note`` and not
    read here would otherwise be missing, not defaulted).
    """
    made = object.__new__(cls)
    object.__setattr__(made, "__dict__", values)  # the dict itself, not a copy of it
    return made


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
    room = r.get("room")
    round_id = r.get("round_id")
    in_article = r.get("in_article")
    return _frozen(
        Note,
        {
            "id": _expect(r["id"], str),
            "text": limits.text(r["text"], limits.NOTE_CHARS, "a note"),
            "kind": _NOTE_KINDS[r.get("kind", "point")],
            "speaker": "" if speaker == "" else _name(speaker),
            "owner": "" if owner == "" else _name(owner),
            "created_at": _dt_in(r["created_at"]) or utc_now(),
            "block_id": None if block_id is None else _expect(block_id, str),
            "presentation_id": None if presentation_id is None else _expect(presentation_id, str),
            "pinned": pinned if pinned is False or pinned is True else _expect(pinned, bool),
            "done": done if done is False or done is True else _expect(done, bool),
            "carried_from": None if carried is None else _date_in(carried),
            "group": "" if group == "" else limits.group(group),
            "room": None if room is None else _ROOM_STATES[room],
            "round_id": None if round_id is None else _expect(round_id, str),
            "in_article": None if in_article is None else _expect(in_article, bool),
        },
    )
