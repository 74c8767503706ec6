"""JSON export and import: nothing lost, fresh ids, links intact, bad files refused clearly."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fakes import add_note

from facilitator.errors import PlanError
from facilitator.exchange import FORMAT_VERSION, from_json, to_json, to_json_data
from facilitator.model import NoteKind, PresentationState, SessionData
from facilitator.store import Store

T0 = datetime(2017, 11, 30, 8, 0, tzinfo=UTC)


def _lived_in(store: Store, demo: SessionData) -> SessionData:
    """The demo session part-way through the day: timers, a presenter, notes of every kind."""
    demo.session.pre_assignment.result = "Få kommuner har ett eget dokument om innovation."
    b = demo.blocks
    b[0].started_at, b[0].finished_at = T0, T0 + timedelta(minutes=22)
    b[1].skipped = True
    b[2].started_at, b[2].paused_at = T0 + timedelta(minutes=23), T0 + timedelta(minutes=30)
    b[2].paused_seconds, b[2].extended_seconds = 125.5, 300.0
    demo.presentations[0].state = PresentationState.DONE
    demo.presentations[0].started_at = T0 + timedelta(minutes=24)
    demo.presentations[0].finished_at = T0 + timedelta(minutes=29)
    demo.presentations[1].state = PresentationState.PRESENTING
    demo.presentations[1].started_at = T0 + timedelta(minutes=29)
    demo.presentations[4].state = PresentationState.ABSENT
    session_id = store.create(demo)
    for kind in NoteKind:
        add_note(
            store,
            session_id,
            f"{kind.value}: <b>åäö</b> *x* 🎉",
            kind=kind,
            speaker="Eva",
            owner="Ali",
        )
    data = store.load(session_id)
    data.notes[0] = replace(data.notes[0], pinned=True)
    data.notes[1] = replace(data.notes[1], block_id=data.blocks[0].id)
    return data


def _canonical(doc: dict[str, Any]) -> dict[str, Any]:
    """The export with every id replaced by its record's place, so two copies compare."""
    names = {doc["session"]["id"]: "session"}
    for table in ("blocks", "presentations", "notes"):
        names.update({r["id"]: f"{table}#{i}" for i, r in enumerate(doc[table])})
    text = json.dumps(doc, ensure_ascii=False)
    for old, new in names.items():
        text = text.replace(old, new)
    return json.loads(text)


def test_export_import_export_keeps_every_field_and_link(store: Store, demo: SessionData) -> None:
    data = _lived_in(store, demo)
    first = to_json(data)
    imported = from_json(first, "x.json")
    second = to_json(imported)

    assert _canonical(json.loads(first)) == _canonical(json.loads(second))
    assert imported.session.id != data.session.id
    assert {b.id for b in imported.blocks}.isdisjoint(b.id for b in data.blocks)
    # Links point at the imported copies of the same records.
    for old, new in zip(data.notes, imported.notes, strict=True):
        if old.block_id:
            old_index = [b.id for b in data.blocks].index(old.block_id)
            assert new.block_id == imported.blocks[old_index].id
        if old.presentation_id:
            old_index = [p.id for p in data.presentations].index(old.presentation_id)
            assert new.presentation_id == imported.presentations[old_index].id
    assert any(n.presentation_id for n in imported.notes)

    # And through the store: an imported session saves and loads unchanged.
    assert store.load(store.create(imported)) == imported


def test_newer_format_is_refused(store: Store, demo: SessionData) -> None:
    doc = to_json_data(demo)
    doc["version"] = FORMAT_VERSION + 1
    with pytest.raises(PlanError, match="newer facilitator"):
        from_json(json.dumps(doc), "new.json")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("format"), "not a facilitator session export"),
        (lambda d: d["blocks"][1].update(minutes="ten"), r"blocks\[1\]: minutes must be a whole"),
        (lambda d: d["blocks"][0].update(kind="lecture"), r"blocks\[0\]: 'lecture' is not a valid"),
        (
            lambda d: d["notes"].append(
                {
                    "id": "n",
                    "text": "t",
                    "created_at": "2017-11-30T08:00:00+00:00",
                    "block_id": "nope",
                }
            ),
            "links to block 'nope'",
        ),
        (lambda d: d["session"].pop("title"), "session: missing field 'title'"),
    ],
)
def test_broken_export_is_refused(demo: SessionData, change: Any, message: str) -> None:
    doc = to_json_data(demo)
    change(doc)
    with pytest.raises(PlanError, match=message):
        from_json(json.dumps(doc), "broken.json")


def test_not_json_at_all() -> None:
    with pytest.raises(PlanError, match="broken.json: not valid JSON"):
        from_json("{nope", "broken.json")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("start", "25:99", "start must be a time"), ("language", "de", "language must be")],
)
def test_bad_session_values_are_refused(
    demo: SessionData, field: str, value: str, message: str
) -> None:
    doc = to_json_data(demo)
    doc["session"][field] = value
    with pytest.raises(PlanError, match=f"session: {message}"):
        from_json(json.dumps(doc), "bad.json")


def test_non_positive_minutes_are_refused(demo: SessionData) -> None:
    doc = to_json_data(demo)
    doc["presentations"][2]["minutes"] = 0
    with pytest.raises(
        PlanError, match=r"presentations\[2\]: minutes must be from 1 to 240, got 0"
    ):
        from_json(json.dumps(doc), "bad.json")


def test_a_notes_article_mark_goes_out_and_comes_back(store: Store, demo: SessionData) -> None:
    """Marked in, out, or left to the article (null); a file from before the mark reads as unset."""
    session_id = store.create(demo)
    for text in ("in", "out", "chosen"):
        add_note(store, session_id, text)
    marks = {"in": True, "out": False, "chosen": None}
    for note in store.load(session_id).notes:
        store.change_note(session_id, note.id, lambda n: replace(n, in_article=marks[n.text]))
    doc = to_json_data(store.load(session_id))
    written = {n["text"]: n["in_article"] for n in doc["notes"]}
    assert written == {"in": True, "out": False, "chosen": None}
    older = json.loads(to_json(store.load(session_id)))
    for note in older["notes"]:
        del note["in_article"]
    assert {n.in_article for n in from_json(json.dumps(older)).notes} == {None}
    back = from_json(to_json(store.load(session_id)))
    assert {n.text: n.in_article for n in back.notes} == marks
    doc["notes"][0]["in_article"] = "yes"
    with pytest.raises(PlanError):
        from_json(json.dumps(doc))
