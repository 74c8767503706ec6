"""The one way in for a note: a typed line, the command line, a phone, the room, an edit.

Whatever brings a note, it is read here (a typed line's prefixes, speaker and
owner, by ``capture.parse``) and checked here, once, by the rules a load reads
it back with. What cannot be a note is one ``InputError`` made from the string
table, so the app, the command line and both phone pages refuse the same input
with the same words, in the session's language.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from . import limits
from .capture import Captured, parse
from .errors import InputError
from .i18n import Count
from .model import Note, NoteKind, RoomState

# A note's id from a phone (made by the page, kept until the laptop says saved).
NOTE_ID = re.compile(r"[A-Za-z0-9_-]{8,40}")
KINDS = {kind.value: kind for kind in NoteKind}
# How long ago a phone may say a note it sends late was typed.
MOST_AGE = timedelta(days=1)
# What one person sends from the room's page: a question or a few sentences, read out.
ROOM_CHARS = 600
# What a group's secretary types at a table on a phone: 5,000 characters is about
# 800 words, a page and a half, longer than anyone thumbs in one go during a
# discussion (a pasted paragraph fits with room to spare). The app's own lines
# may be longer (limits.NOTE_CHARS): a phone's limit is what one person at a
# table needs, and what forty phones may send without filling the laptop's disk.
PHONE_CHARS = 5_000
# A name sent from a phone (who said it, who does it, who asks): a person's name, and
# what the room's page already lets one type. Every table's phones list these names.
PHONE_NAME_CHARS = 80
# The room page's own words for what it sends; an answer is a thought put to a round.
ROOM_KINDS = {"question": NoteKind.QUESTION, "thought": NoteKind.POINT, "answer": NoteKind.POINT}


def read_line(line: str, kind: NoteKind = NoteKind.POINT, speaker: str = "") -> Captured:
    """What a typed line will be saved as: its kind (a prefix wins over ``kind``), text, speaker, owner.

    The notes screen's preview shows this, and ``typed`` saves exactly this.
    """
    return parse(line, kind, speaker)


def typed(
    line: str,
    kind: NoteKind,
    now: datetime,
    group: str = "",
    speaker: str = "",
    owner: str = "",
    note_id: str | None = None,
    most: int = limits.NOTE_CHARS,
    names: int = limits.NAME_CHARS,
) -> Note:
    """A line as a person typed it (the app, the command line, a phone): read, then checked.

    ``most`` is the longest text the way it came by may bring, ``names`` its longest name.
    """
    captured = read_line(line, kind, speaker)
    fields: dict[str, Any] = {"id": note_id} if note_id is not None else {}
    return checked(
        Note(
            text=captured.text,
            kind=captured.kind,
            speaker=captured.speaker if captured.kind is NoteKind.QUOTE else "",
            owner=(captured.owner or owner) if captured.kind is NoteKind.ACTION else "",
            created_at=now,
            group=group,
            **fields,
        ),
        most,
        names,
    )


def chars_of(note: Note) -> int:
    """What a note's sender typed, in characters, for the rates: its text and its names."""
    return len(note.text) + len(note.speaker) + len(note.owner)


def checked(note: Note, most: int = limits.NOTE_CHARS, names: int = limits.NAME_CHARS) -> Note:
    """``note`` if it can be saved and read back; else the one refusal that says why.

    Also for a note made whole elsewhere: an edit in the app's form, a note
    from the room. ``most`` is the longest text the way it came by may bring.
    """
    text = note.text
    if not isinstance(text, str):
        raise InputError.of("error.note_not_text")
    if not text.strip():
        raise InputError.of("error.note_empty")
    if len(text) > most:
        raise InputError.of("error.note_long", max=Count(most), count=Count(len(text)))
    _real_text(text)
    for name in (note.speaker, note.owner):
        if not isinstance(name, str):
            raise InputError.of("error.name_not_text")
        if len(name) > names:
            raise InputError.of("error.name_long", max=Count(names), count=Count(len(name)))
        _real_text(name)
    if note.group:
        group(note.group)
    return note


def _real_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate: bytes that were never text
        raise InputError.of("error.note_bad_text", at=exc.start) from None


def group(name: Any) -> str:
    """A group's name as typed (one line, single spaces), or the refusal."""
    try:
        return limits.group(name)
    except ValueError:
        raise InputError.of("serve.group.bad", max=limits.GROUP_CHARS) from None


def kind_named(name: Any) -> NoteKind:
    """The kind called ``name`` (point, quote, decision, action, question), or the refusal."""
    kind = KINDS.get(name) if isinstance(name, str) else None
    if kind is None:
        raise InputError.of("error.note_kind", kind=str(name)[:20], kinds=", ".join(KINDS))
    return kind


def sent_id(body: dict[str, Any]) -> str:
    """The id a page gave its note, or the refusal (an id is how a resend is known)."""
    note_id = body.get("id")
    if not isinstance(note_id, str) or not NOTE_ID.fullmatch(note_id):
        raise InputError.of("error.note_id")
    return note_id


def _sent_text(body: dict[str, Any], key: str) -> str:
    value = body.get(key, "")
    if not isinstance(value, str):
        raise InputError.of("error.note_not_text" if key == "text" else "error.name_not_text")
    return value


def from_phone(body: Any, now: datetime) -> Note:
    """A note a group's secretary sent from the tables' page (JSON), read as a typed line is."""
    if not isinstance(body, dict):
        raise InputError.of("error.note_not_text")
    note_id = sent_id(body)
    text = _sent_text(body, "text")
    kind = kind_named(body.get("kind", "point"))
    age = body.get("age_ms", 0)
    if not isinstance(age, int) or isinstance(age, bool):
        age = 0
    most = int(MOST_AGE.total_seconds() * 1000)  # before a timedelta: 1e17 ms is none
    ago = timedelta(milliseconds=min(max(age, 0), most))
    return typed(
        text,
        kind,
        now - ago,  # typed that long ago, by the phone's own clock
        group=group(body.get("group", "")),
        speaker=_sent_text(body, "speaker").strip(),
        owner=_sent_text(body, "owner").strip(),
        note_id=note_id,
        most=PHONE_CHARS,
        names=PHONE_NAME_CHARS,
    )


def from_room(body: Any, now: datetime) -> Note:
    """A contribution from the participants' page: new, until the trainer keeps it.

    A question or a thought, or (with ``round``) an answer to the round the
    trainer put; whether that round is still open is for the caller to know.
    """
    if not isinstance(body, dict):
        raise InputError.of("error.note_not_text")
    note_id = sent_id(body)
    text = _sent_text(body, "text").strip()
    round_id = body.get("round")
    if round_id is not None and not (isinstance(round_id, str) and NOTE_ID.fullmatch(round_id)):
        raise InputError.of("ask.closed")
    said = body.get("kind", "thought")
    if not isinstance(said, str) or said not in ROOM_KINDS:
        raise InputError.of("error.note_kind", kind=str(said)[:20], kinds=", ".join(ROOM_KINDS))
    kind = NoteKind.POINT if round_id is not None else ROOM_KINDS[said]
    name = " ".join(_sent_text(body, "name").split())
    return checked(
        Note(
            text=text,
            kind=kind,
            id=note_id,
            speaker=name,
            created_at=now,
            room=RoomState.NEW,
            round_id=round_id,
        ),
        most=ROOM_CHARS,
        names=PHONE_NAME_CHARS,
    )
