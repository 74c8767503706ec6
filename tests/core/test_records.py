"""A note read from the store is the note that was saved: every field, made without __init__."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest

from facilitator.model import Note, NoteKind, RoomState
from facilitator.records import note_from_record, note_to_record

EVERY_FIELD = Note(
    "Vi prövar idétavlan",
    NoteKind.DECISION,
    id="abc123",
    speaker="Karin Ek",
    owner="Peter Berg",
    created_at=datetime(2026, 3, 29, 0, 59, 30, 123456, tzinfo=UTC),
    block_id="b1",
    presentation_id="p1",
    pinned=True,
    done=True,
    carried_from=date(2026, 1, 25),
    group="Grupp 2",
    room=RoomState.KEPT,
    round_id="r1",
    in_article=False,
)


@pytest.mark.parametrize(
    "note", [EVERY_FIELD, Note("bara text", id="x1", created_at=EVERY_FIELD.created_at)]
)
def test_a_note_read_back_is_the_note_saved(note: Note) -> None:
    read = note_from_record(note_to_record(note))
    assert read == note and hash(read) == hash(note)
    assert repr(read) == repr(note)
    # Every field the dataclass has is there: one added to Note but not read would be missing.
    assert set(vars(read)) == {f.name for f in dataclasses.fields(Note)}
    assert dataclasses.replace(read, text="ny") == dataclasses.replace(note, text="ny")


def test_a_note_read_back_is_still_frozen() -> None:
    read = note_from_record(note_to_record(EVERY_FIELD))
    with pytest.raises(dataclasses.FrozenInstanceError):
        read.text = "ändrad"  # type: ignore[misc]
