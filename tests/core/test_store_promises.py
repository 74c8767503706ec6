"""What the store promises beyond round trips, each in a test that a small change to store.py fails.

The listing (its fields, its order, what it skips, its index), finding a
session by what was typed, how notes are linked, filed and found again, what a
change to the agenda or the queue does to the notes, and which files are
refused before anything is written.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fakes import add_note, add_notes, files_read, folders_listed
from faults import snapshot

from facilitator import agenda, presentations
from facilitator import store as store_module
from facilitator.errors import DamagedFileError, SessionNotFound
from facilitator.model import Note, NoteKind, PresentationState, Session, SessionData
from facilitator.plan import load_demo
from facilitator.store import Store

T0 = datetime(2017, 11, 30, 8, 0, tzinfo=UTC)


def _main(store: Store, session_id: str) -> dict:  # type: ignore[type-arg]
    return json.loads(store.path_for(session_id).read_text())


def _write_main(store: Store, session_id: str, raw: dict) -> None:  # type: ignore[type-arg]
    store.path_for(session_id).write_text(json.dumps(raw))


# --- the listing ---------------------------------------------------------------------


def test_a_listing_names_each_sessions_programme_and_occasion_every_time(
    store: Store, demo: SessionData
) -> None:
    in_programme = store.create(demo)
    alone = store.create(SessionData(Session(title="Fristående", date=date(2017, 12, 5))))
    for attempt in ("read from the files", "read from the index"):
        summaries = {s.id: s for s in store.list_sessions()[0]}
        first, second = summaries[in_programme], summaries[alone]
        programme = store.load(in_programme).session.programme
        assert programme is not None and programme.id
        assert (first.programme_id, first.programme, first.occasion) == (
            programme.id,
            "Innovationsledarskap för enhetschefer",
            2,
        ), attempt
        assert (second.programme_id, second.programme, second.occasion) == ("", "", None), attempt
        assert first.title == "Innovation och lärande" and first.date == date(2017, 11, 30)
        assert store.occasions(programme.id) == [first]


def test_a_listing_puts_the_latest_day_first_and_the_last_changed_first_on_one_day(
    store: Store,
) -> None:
    def made(title: str, day: date | None) -> str:
        return store.create(SessionData(Session(title=title, date=day)))

    older = made("Första", date(2017, 10, 5))
    undated = made("Utan datum", None)
    newer = made("Andra", date(2017, 11, 30))
    same_day = made("Andra, igen", date(2017, 11, 30))
    os.utime(store.path_for(newer), (1_000_000, 1_000_000))  # changed long ago
    order = [s.id for s in store.list_sessions()[0]]
    assert order == [same_day, newer, older, undated]


def test_a_stray_file_or_folder_among_the_sessions_is_passed_over(
    store: Store, demo: SessionData
) -> None:
    """A `Thumbs.db`, a note of the user's, a half-made session: the others are still listed."""
    session_id = store.create(demo)
    (store.sessions_dir / "0-notes.txt").write_text("mina anteckningar")
    (store.sessions_dir / "0-half-made").mkdir()
    later = store.create(SessionData(Session(title="Senare", date=date(2018, 1, 25))))
    for _ in range(2):
        summaries, problems = store.list_sessions()
        assert sorted(s.id for s in summaries) == sorted([session_id, later])
        assert problems == []


def test_the_index_keeps_every_unchanged_session_listing_after_listing(
    store: Store, demo: SessionData, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.create(demo)
    store.create(SessionData(Session(title="Tom")))
    first = store.list_sessions()
    with files_read(store.sessions_dir) as read:
        for _ in range(3):
            assert store.list_sessions() == first
    assert read == [".index.json"] * 3, "the index written by one listing serves the next ones too"
    index = json.loads((store.sessions_dir / store_module.INDEX_FILE).read_text("utf-8"))
    assert all(isinstance(entry, dict) and entry["stamp"] for entry in index["sessions"].values())


@pytest.mark.parametrize(
    "index",
    [
        [1, 2],
        "sessions",
        {"kind": "something else", "sessions": "REAL"},
    ],
)
def test_an_index_of_another_shape_or_kind_is_not_believed(
    store: Store, demo: SessionData, index: object
) -> None:
    session_id = store.create(demo)
    right = store.list_sessions()
    path = store.sessions_dir / store_module.INDEX_FILE
    real = json.loads(path.read_text())["sessions"]
    lying = {sid: {**entry, "title": "Fel titel"} for sid, entry in real.items()}
    text = json.dumps(index).replace('"REAL"', json.dumps(lying))
    path.write_text(text)
    assert store.list_sessions() == right
    assert right[0][0].id == session_id


@pytest.mark.parametrize(
    "damage",
    [
        {"occasion": "2"},
        {"occasion": 2.5},
        {"title": 5},
        {"state": None},
        {"programme": ["x"]},
        {"programme_id": 7},
        {"date": "30 november"},
        {"changed": "igår"},
    ],
)
def test_a_wrong_value_in_the_index_is_read_from_the_session_instead(
    store: Store, demo: SessionData, damage: dict[str, object]
) -> None:
    store.create(demo)
    right = store.list_sessions()
    path = store.sessions_dir / store_module.INDEX_FILE
    index = json.loads(path.read_text())
    for entry in index["sessions"].values():
        entry.update(damage)
    path.write_text(json.dumps(index))
    assert store.list_sessions() == right


def test_a_session_file_without_an_agenda_or_queue_table_is_still_a_session(
    store: Store, demo_id: str
) -> None:
    """Stock TinyDB leaves out a table that was never written; such a file is read and written."""
    raw = _main(store, demo_id)
    del raw["blocks"], raw["presentations"]
    _write_main(store, demo_id, raw)
    summaries, problems = store.list_sessions()
    assert problems == [] and summaries[0].state == "planned"
    note = add_note(store, demo_id, "Utan dagordning")
    assert note.block_id is None and note.presentation_id is None
    data = store.load(demo_id)
    assert data.blocks == [] and data.presentations == [] and len(data.notes) == 1


# --- finding a session by what was typed ------------------------------------------------


def test_latest_is_the_session_changed_last_not_the_largest_id(store: Store) -> None:
    sessions = [
        store.create(SessionData(Session(title=f"Dag {i}", id=f"{'c' if i else 'a'}{i}")))
        for i in range(3)
    ]
    # Save into the one whose id sorts first, so that neither the order of
    # creation nor the order of ids gives the answer.
    add_note(store, sessions[0], "senast ändrad")
    assert store.resolve("latest") == sessions[0]
    assert store.resolve(" latest ") == sessions[0]


def test_a_prefix_finds_one_session_and_refuses_two(store: Store) -> None:
    for session_id in ("abc111", "abc222", "xyz333"):
        store.create(SessionData(Session(title=session_id, id=session_id)))
    assert store.resolve("x") == "xyz333"
    assert store.resolve("abc2") == "abc222"
    assert store.resolve("abc111") == "abc111"
    with pytest.raises(SessionNotFound) as two:
        store.resolve("abc")
    assert "matches 2 sessions" in str(two.value)
    with pytest.raises(SessionNotFound, match="no session 'q'"):
        store.resolve("q")
    with pytest.raises(SessionNotFound):
        store.resolve("")


def test_latest_in_an_empty_store_says_how_to_begin(store: Store) -> None:
    with pytest.raises(SessionNotFound) as caught:
        store.resolve("latest")
    assert str(caught.value) == "there are no sessions yet; create one with `facilitator new`"


# --- notes --------------------------------------------------------------------------


def test_a_note_keeps_its_owner_time_and_id(store: Store, demo_id: str) -> None:
    before = datetime.now(UTC)
    plain = add_note(store, demo_id, "En poäng")
    after = datetime.now(UTC)
    assert plain.owner == "" and plain.speaker == ""
    assert before <= plain.created_at <= after, "no time given: now"
    action = add_note(
        store, demo_id, "Skicka bilderna", NoteKind.ACTION, owner="Anna", now=T0, note_id="n-1"
    )
    assert (action.owner, action.created_at, action.id) == ("Anna", T0, "n-1")
    stored = {n.id: n for n in store.load(demo_id).notes}
    assert stored["n-1"].owner == "Anna" and stored["n-1"].created_at == T0
    assert stored[plain.id].created_at == plain.created_at


def test_notes_saved_together_keep_the_new_after_one_already_saved(
    store: Store, demo_id: str
) -> None:
    """A retry of a batch whose first note was saved: the rest are saved, once each."""
    first = add_note(store, demo_id, "redan sparad", now=T0, note_id="first")
    drafts = [
        first,
        Note("ny efter den", NoteKind.ACTION, id="second", owner="  Peter ", created_at=T0),
        Note("och en till", NoteKind.POINT, id="third", created_at=T0),
    ]
    saved = add_notes(store, demo_id, drafts)
    assert [n.id for n in saved] == ["first", "second", "third"]
    assert saved[1].owner == "Peter", "the owner is trimmed"
    stored = store.load(demo_id).notes
    assert sorted(n.id for n in stored) == ["first", "second", "third"]
    assert {n.id: n.owner for n in stored}["second"] == "Peter"


def test_a_retry_looks_only_in_the_two_newest_notes_files(
    store: Store, demo_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A note just saved is in the last two files; a day of thousands is not read for each note."""
    add_notes(
        store,
        demo_id,
        [Note(f"anteckning {i}", NoteKind.POINT, created_at=T0) for i in range(450)],
    )
    files = store.note_files(demo_id)
    assert len(files) == 5
    folder = store.folder_for(demo_id)
    newest = {f.name for f in files[-2:]}
    for _ in range(2):  # a note, then its retry (found, not saved again)
        with files_read(folder) as read:
            add_note(store, demo_id, "en till", note_id="again")
        notes_read = {r for r in read if r.startswith("notes")}
        assert notes_read and notes_read <= newest, f"read {sorted(notes_read)}"
    assert [n.id for n in store.load(demo_id).notes].count("again") == 1


def test_a_note_save_lists_no_folder_however_many_notes_files_the_day_has(
    store: Store, demo_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The newest notes file is remembered and checked by name: a save costs the same at any size."""
    monkeypatch.setattr(store_module.layout, "NOTES_PER_FILE", 4)
    add_notes(
        store, demo_id, [Note(f"anteckning {i}", NoteKind.POINT, created_at=T0) for i in range(30)]
    )
    assert len(store.note_files(demo_id)) == 8
    for i in range(6):  # through the filling of the eighth file and into a ninth
        with folders_listed(store.root) as listed:
            add_note(store, demo_id, f"en till {i}")
            store.stamp(demo_id)
        assert listed == [], f"save {i} listed {listed}"
    assert len(store.note_files(demo_id)) == 9
    assert len(store.load(demo_id).notes) == 36


def test_a_note_goes_into_the_notes_file_another_program_started(
    store: Store, demo_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program's new notes file is seen at the next save, even with room in an older file."""
    monkeypatch.setattr(store_module.layout, "NOTES_PER_FILE", 3)
    first = [add_note(store, demo_id, f"anteckning {i}") for i in range(3)]  # the first file full
    other = Store(store.root)  # a second program on the same session
    seen = store.stamp(demo_id)
    add_note(other, demo_id, "från den andra")  # starts notes-00002.json
    assert store.stamp(demo_id) != seen, "the first program sees the other's save"
    other.delete_note(demo_id, first[0].id)  # room again in the first file
    add_note(store, demo_id, "den senaste", note_id="latest")
    folder = store.folder_for(demo_id)
    assert "latest" not in (folder / "notes-00001.json").read_text()
    assert "latest" in (folder / "notes-00002.json").read_text()
    add_note(other, demo_id, "och en till")  # the second file full: a third
    add_note(store, demo_id, "den senaste", note_id="latest")  # a retry finds it, in the older file
    add_note(store, demo_id, "sist", note_id="last")
    assert "last" in (folder / "notes-00003.json").read_text()
    notes = [n.id for n in store.load(demo_id).notes]
    assert notes.count("latest") == 1 and len(notes) == 6


def test_a_session_folder_put_back_from_a_copy_is_saved_into_as_it_is_now(
    store: Store, demo_id: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import shutil

    monkeypatch.setattr(store_module.layout, "NOTES_PER_FILE", 3)
    for i in range(4):
        add_note(store, demo_id, f"anteckning {i}")
    folder = store.folder_for(demo_id)
    shutil.copytree(folder, tmp_path / "copy")
    for i in range(4, 8):
        add_note(store, demo_id, f"anteckning {i}")
    assert len(store.note_files(demo_id)) == 3
    shutil.rmtree(folder)
    shutil.copytree(tmp_path / "copy", folder)  # a backup put back: two files, not three
    add_note(store, demo_id, "efter", note_id="after")
    assert "after" in (folder / "notes-00002.json").read_text()
    assert [p.name for p in store.note_files(demo_id)] == ["notes-00001.json", "notes-00002.json"]
    assert [n.text for n in store.load(demo_id).notes][-1] == "efter"


def test_a_new_note_goes_into_the_newest_file_even_with_room_in_an_older_one(
    store: Store, demo_id: str
) -> None:
    add_notes(
        store, demo_id, [Note(f"anteckning {i}", NoteKind.POINT, created_at=T0) for i in range(250)]
    )
    files = store.note_files(demo_id)
    oldest = json.loads(files[0].read_text())["notes"]
    store.delete_note(demo_id, next(iter(oldest.values()))["id"])
    note = add_note(store, demo_id, "den senaste", note_id="latest")
    assert "latest" not in files[0].read_text()
    assert "latest" in files[-1].read_text()
    # … where a retry of it finds it, so it is never stored twice.
    add_note(store, demo_id, "den senaste", note_id="latest")
    assert [n.id for n in store.load(demo_id).notes].count(note.id) == 1


def test_a_note_that_is_gone_says_so(store: Store, demo_id: str) -> None:
    from facilitator.errors import InputError

    with pytest.raises(InputError, match="no longer there|finns inte"):
        store.change_note(demo_id, "no-such-note", lambda n: n)


# --- what a change to the agenda or the queue does to the notes --------------------------


def test_notes_of_a_removed_block_stay_unlinked(store: Store, demo_id: str) -> None:
    blocks = store.load(demo_id).blocks
    store.change_blocks(demo_id, lambda b: agenda.start(b, blocks[2].id, T0))
    elsewhere = add_note(store, demo_id, "under ett annat pass", now=T0)
    store.change_blocks(demo_id, lambda b: agenda.start(b, blocks[1].id, T0))
    note = add_note(store, demo_id, "sagt under passet", now=T0)
    assert note.block_id == blocks[1].id and elsewhere.block_id == blocks[2].id
    store.change_blocks(demo_id, lambda b: agenda.finish(b, blocks[1].id, T0))
    store.change_blocks(demo_id, lambda b: agenda.remove(b, blocks[1].id))
    notes = {n.id: n for n in store.load(demo_id).notes}
    assert notes[note.id].text == "sagt under passet" and notes[note.id].block_id is None
    assert notes[elsewhere.id].block_id == blocks[2].id, "only the removed block's notes"


def test_notes_of_a_removed_presenter_stay_unlinked(store: Store, demo_id: str) -> None:
    first = store.change_presentations(demo_id, lambda q: presentations.call_next(q, T0))
    note = add_note(store, demo_id, "Bra fråga om välfärdsteknik", now=T0)
    assert note.presentation_id == first.id
    second = store.change_presentations(demo_id, lambda q: presentations.call_next(q, T0))
    untouched = add_note(store, demo_id, "om nästa projekt", now=T0)
    assert untouched.presentation_id == second.id
    store.change_presentations(demo_id, lambda q: presentations.remove(q, first.id))
    notes = {n.id: n for n in store.load(demo_id).notes}
    assert notes[note.id].presentation_id is None
    assert notes[note.id].block_id == note.block_id, "only the removed link is cut"
    assert notes[untouched.id].presentation_id == second.id, "only the removed presenter's"


def test_a_change_sees_the_agenda_in_its_order_not_the_files(store: Store, demo_id: str) -> None:
    """Records are kept with their position; a file whose record numbers disagree is read by position."""
    titles = [b.title for b in store.load(demo_id).blocks]
    presenters = [p.presenter for p in store.load(demo_id).presentations]

    def numbered_backwards() -> None:  # each change writes the file back in order: undo that
        raw = _main(store, demo_id)
        for table in ("blocks", "presentations"):
            records = sorted(raw[table].values(), key=lambda r: r["position"])
            raw[table] = {str(i): r for i, r in enumerate(reversed(records), start=1)}
        _write_main(store, demo_id, raw)

    numbered_backwards()
    assert titles[0] == "Återblick på första tillfället"
    assert [b.title for b in store.load(demo_id).blocks] == titles
    assert [p.presenter for p in store.load(demo_id).presentations] == presenters
    assert store.change_blocks(demo_id, lambda b: [x.title for x in b]) == titles
    numbered_backwards()
    assert store.change_presentations(demo_id, lambda q: [p.presenter for p in q]) == presenters
    numbered_backwards()
    assert store.change_roster(demo_id, lambda s, q: [p.presenter for p in q]) == presenters


def test_a_roster_change_saves_the_session_and_the_queue_together(
    store: Store, demo_id: str
) -> None:
    def mark(session: Session, presentations: list) -> str:  # type: ignore[type-arg]
        session.room_message = "Välkomna"
        presentations[0].state = PresentationState.ABSENT
        return presentations[0].presenter

    assert store.change_roster(demo_id, mark) == "Karin Ek"
    data = store.load(demo_id)
    assert data.session.room_message == "Välkomna"
    assert data.presentations[0].state is PresentationState.ABSENT
    assert [p.presenter for p in data.presentations][0] == "Karin Ek"


# --- files refused before anything is written -------------------------------------------


@pytest.mark.parametrize(
    ("table", "damage"),
    [
        ("blocks", {"minutes": "sextio"}),
        ("presentations", {"minutes": -5}),
        ("session", {"title": 5}),
    ],
)
def test_a_bad_record_in_any_table_is_refused_before_a_save(
    store: Store, demo_id: str, table: str, damage: dict[str, object]
) -> None:
    raw = _main(store, demo_id)
    first = next(iter(raw[table]))
    raw[table][first].update(damage)
    _write_main(store, demo_id, raw)
    before = snapshot(store.root)
    with pytest.raises(DamagedFileError) as caught:
        add_note(store, demo_id, "sparas inte i en skadad fil")
    assert caught.value.path == store.path_for(demo_id)
    assert "unexpected content" in caught.value.reason
    assert snapshot(store.root) == before


@pytest.mark.parametrize("table", ["blocks", "presentations"])
def test_two_records_with_one_id_are_damage(store: Store, demo_id: str, table: str) -> None:
    raw = _main(store, demo_id)
    records = list(raw[table].values())
    raw[table][str(len(records) + 1)] = {**records[0], "position": len(records)}
    _write_main(store, demo_id, raw)
    with pytest.raises(DamagedFileError) as loading:
        store.load(demo_id)
    assert loading.value.path == store.path_for(demo_id)
    assert loading.value.reason == "two records share one id"
    with pytest.raises(DamagedFileError, match="have the id"):
        add_note(store, demo_id, "sparas inte")


def test_a_record_that_is_not_a_record_is_damage(store: Store, demo_id: str) -> None:
    raw = _main(store, demo_id)
    raw["blocks"]["99"] = "inte ett block"
    _write_main(store, demo_id, raw)
    with pytest.raises(DamagedFileError, match="blocks record 99 is not a record"):
        store.change_blocks(demo_id, lambda b: None)


def test_a_migration_reaches_every_file_of_a_session(
    store: Store, demo_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The main file may be current while a notes file is not: that file is still migrated."""
    add_note(store, demo_id, "från förr")
    notes_file = store.note_files(demo_id)[0]

    def to_two(kind: str, raw: dict) -> dict:  # type: ignore[type-arg]
        return raw

    monkeypatch.setattr(store_module.schema, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(store_module.MIGRATIONS, 1, to_two)
    main = _main(store, demo_id)
    main["meta"]["1"]["schema"] = 2
    _write_main(store, demo_id, main)
    data = store.load(demo_id)
    assert [n.text for n in data.notes] == ["från förr"]
    assert json.loads(notes_file.read_text())["meta"]["1"]["schema"] == 2
    backup = notes_file.with_name(notes_file.name + ".v1.bak")
    assert json.loads(backup.read_text())["meta"]["1"]["schema"] == 1
    assert not store.path_for(demo_id).with_name("session.json.v2.bak").exists()


def test_a_note_edit_keeps_everything_but_the_change(store: Store, demo_id: str) -> None:
    note = add_note(store, demo_id, "före", NoteKind.ACTION, owner="Anna", now=T0)
    changed = store.change_note(demo_id, note.id, lambda n: replace(n, text="efter"))
    assert changed == replace(note, text="efter")
    assert store.load(demo_id).notes == [changed]
    assert changed.created_at == T0


# --- reading notes ----------------------------------------------------------------------


def test_an_unchanged_notes_file_is_parsed_once(
    store: Store, demo_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reload after a save parses the file that changed, not the day's thousands."""
    add_notes(
        store, demo_id, [Note(f"anteckning {i}", NoteKind.POINT, created_at=T0) for i in range(150)]
    )
    store.load(demo_id)
    folder = store.folder_for(demo_id)
    with files_read(folder) as read:
        assert len(store.load(demo_id).notes) == 150
    assert read == ["session.json"]
    add_note(store, demo_id, "en till")
    with files_read(folder) as read:
        assert len(store.load(demo_id).notes) == 151
    assert read == ["session.json", "notes-00002.json"]


def test_one_note_id_in_two_files_is_damage(store: Store, demo_id: str) -> None:
    add_notes(
        store, demo_id, [Note(f"anteckning {i}", NoteKind.POINT, created_at=T0) for i in range(101)]
    )
    first, second = store.note_files(demo_id)
    raw = json.loads(second.read_text())
    raw["notes"]["1"]["id"] = next(iter(json.loads(first.read_text())["notes"].values()))["id"]
    second.write_text(json.dumps(raw))
    with pytest.raises(DamagedFileError) as caught:
        store.load(demo_id)
    assert caught.value.path == second
    assert "a second note with the id" in caught.value.reason


def test_a_notes_file_with_no_notes_table_holds_no_notes(store: Store, demo_id: str) -> None:
    add_note(store, demo_id, "borttagen")
    path = store.note_files(demo_id)[0]
    raw = json.loads(path.read_text())
    del raw["notes"]
    path.write_text(json.dumps(raw))
    assert store.load(demo_id).notes == []
    add_note(store, demo_id, "ny")
    assert [n.text for n in store.load(demo_id).notes] == ["ny"]


def test_records_without_a_position_keep_the_files_order(store: Store, demo_id: str) -> None:
    titles = [b.title for b in store.load(demo_id).blocks]
    raw = _main(store, demo_id)
    for record in raw["blocks"].values():
        del record["position"]
    _write_main(store, demo_id, raw)
    assert [b.title for b in store.load(demo_id).blocks] == titles


# --- programmes and the files' own labels ------------------------------------------------


def test_sessions_of_one_programme_share_it_and_hidden_files_are_not_programmes(
    store: Store, demo: SessionData
) -> None:
    first = store.create(demo)
    again = load_demo()
    again.session.occasion = 3
    second = store.create(again)
    (store.programmes_dir / ".sync-copy.json").write_text("not a programme")
    programmes = store.programmes()
    assert [p.name for p in programmes] == ["Innovationsledarskap för enhetschefer"]
    ids = {store.load(s).session.programme.id for s in (first, second)}  # type: ignore[union-attr]
    assert ids == {programmes[0].id}
    assert [s.occasion for s in store.occasions(programmes[0].id)] == [2, 3]
    assert store.programme("innovationsledarskap").id == programmes[0].id


@pytest.mark.parametrize(
    ("meta", "reason"),
    [
        (None, "not a facilitator-session file (no meta record)"),
        (
            {"1": {"kind": "facilitator-notes", "schema": 1}},
            "not a facilitator-session file (no meta record)",
        ),
        ({"1": {"kind": "facilitator-session", "schema": True}}, "unknown schema version True"),
        ({"1": {"kind": "facilitator-session", "schema": 0}}, "unknown schema version 0"),
        ({"1": {"kind": "facilitator-session", "schema": "1"}}, "unknown schema version '1'"),
    ],
)
def test_a_file_that_does_not_say_what_it_is_is_damage(
    store: Store,
    demo_id: str,
    meta: dict | None,
    reason: str,  # type: ignore[type-arg]
) -> None:
    raw = _main(store, demo_id)
    if meta is None:
        del raw["meta"]
    else:
        raw["meta"] = meta
    _write_main(store, demo_id, raw)
    before = snapshot(store.root)
    for attempt in (lambda: store.load(demo_id), lambda: add_note(store, demo_id, "x")):
        with pytest.raises(DamagedFileError) as caught:
            attempt()
        assert caught.value.path == store.path_for(demo_id)
        assert caught.value.reason == reason
    assert snapshot(store.root) == before


def test_a_session_without_its_main_file_is_named(store: Store, demo_id: str) -> None:
    store.path_for(demo_id).unlink()
    with pytest.raises(SessionNotFound) as caught:
        store.load(demo_id)
    assert str(store.path_for(demo_id)) in str(caught.value)


def test_a_note_that_does_not_read_names_its_file(store: Store, demo_id: str) -> None:
    add_note(store, demo_id, "läsbar")
    path = store.note_files(demo_id)[0]
    raw = json.loads(path.read_text())
    next(iter(raw["notes"].values()))["text"] = 5
    path.write_text(json.dumps(raw))
    with pytest.raises(DamagedFileError) as caught:
        store.load(demo_id)
    assert caught.value.path == path
    assert caught.value.reason.startswith("unexpected content (ValueError: a note must be a text")


def test_a_session_whose_record_does_not_read_is_listed_as_a_problem(
    store: Store, demo_id: str
) -> None:
    raw = _main(store, demo_id)
    raw["session"]["1"]["title"] = 5
    _write_main(store, demo_id, raw)
    other = store.create(SessionData(Session(title="Läsbar")))
    summaries, problems = store.list_sessions()
    assert [s.id for s in summaries] == [other]
    assert [p.path for p in problems] == [store.path_for(demo_id)]
    assert "unexpected content (ValueError: " in problems[0].message


def test_hidden_folders_are_not_sessions_and_an_unreadable_one_does_not_stop_the_list(
    store: Store, demo: SessionData, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    first = store.create(SessionData(Session(title="Först", id="aaa")))
    middle = store.create(SessionData(Session(title="Mitten", id="mmm")))
    last = store.create(SessionData(Session(title="Sist", id="zzz")))
    shutil.copytree(store.folder_for(first), store.sessions_dir / ".kopia")
    real_stat = os.stat

    def stat(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path).startswith(str(store.folder_for(middle))):
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    summaries, problems = store.list_sessions()
    assert sorted(s.id for s in summaries) == [first, last], "the hidden copy is not listed"
    assert [p.path for p in problems] == [store.path_for(middle)]
    assert problems[0].message == f"{store.path_for(middle)}: cannot read (Permission denied)"


# --- joining a programme -----------------------------------------------------------------


def _occasion(
    number: int, day: date | None, people: list[tuple[str, str]], **programme
) -> SessionData:  # type: ignore[no-untyped-def]
    from facilitator.model import Participant, Presentation, Programme

    session = Session(
        title=f"Tillfälle {number}",
        date=day,
        occasion=number,
        facilitators=["Anna Lind"] if number == 1 else ["Anna Lind", "Peter Berg"],
        programme=Programme(name="Innovationsledarskap", **programme),
        participants=[Participant(name, org, role="chef") for name, org in people],
    )
    presentations = [Presentation(p.name, participant_id=p.id) for p in session.participants]
    return SessionData(session, presentations=presentations)


def test_a_session_joins_its_programme_by_name_and_the_programme_learns_what_it_lacked(
    store: Store,
) -> None:
    one = store.create(
        _occasion(1, date(2017, 10, 5), [("Karin Ek", "Kultur")], organiser="Skaraborg")
    )
    two_data = _occasion(
        2,
        date(2017, 11, 30),
        [("karin ek", "Kultur och fritid"), ("Jonas Ström", "Socialförvaltningen")],
        organiser="Någon annan",
        purpose="Verktyg för chefer",
        audience="enhetschefer",
        contact=["Kontakt: Lena"],
    )
    two_data.session.programme.name = "INNOVATIONSLEDARSKAP"  # type: ignore[union-attr]
    came_with = {p.name: p.id for p in two_data.session.participants}
    two = store.create(two_data)
    [programme] = store.programmes()
    assert programme.name == "Innovationsledarskap"
    assert programme.organiser == "Skaraborg", "what it had stays"
    assert (programme.purpose, programme.audience, programme.contact) == (
        "Verktyg för chefer",
        "enhetschefer",
        ["Kontakt: Lena"],
    ), "what it lacked is learnt"
    assert programme.facilitators == ["Anna Lind", "Peter Berg"], "each once"
    people = {p.name: p for p in programme.participants}
    assert list(people) == ["Karin Ek", "Jonas Ström"], "one person across occasions"
    assert (people["Jonas Ström"].organisation, people["Jonas Ström"].role) == (
        "Socialförvaltningen",
        "chef",
    )
    second = store.load(two)
    ids = {p.name: p.id for p in second.session.participants}
    assert ids == {"karin ek": people["Karin Ek"].id, "Jonas Ström": people["Jonas Ström"].id}
    assert [p.participant_id for p in second.presentations] == [
        people["Karin Ek"].id,
        people["Jonas Ström"].id,
    ], "the queue follows the programme's ids"
    assert store.load(one).session.programme.id == programme.id  # type: ignore[union-attr]
    copy = second.session.programme
    assert copy is not None and copy.organiser == "Skaraborg"
    assert (copy.purpose, copy.audience, copy.contact) == (
        "Verktyg för chefer",
        "enhetschefer",
        ["Kontakt: Lena"],
    ), "the session's copy of the programme is whole: the recap reads it"
    assert ids["Jonas Ström"] == came_with["Jonas Ström"], "a newcomer keeps the id they came with"
    assert ids["karin ek"] != came_with["karin ek"], "one known takes the programme's"


def test_programmes_are_listed_by_name_and_found_by_what_was_typed(store: Store) -> None:
    from facilitator.model import Programme

    # Names that no id (hexadecimal) can start like.
    for name in ("kurs", "Alfa", "Alfabet"):
        store.create(SessionData(Session(title=name, programme=Programme(name=name))))
    assert [p.name for p in store.programmes()] == ["Alfa", "Alfabet", "kurs"]
    assert store.programme("alfa").name == "Alfa", "a whole name wins over a longer one"
    assert store.programme("K").name == "kurs"
    alfabet = store.programme("alfab")
    assert store.programme(alfabet.id).name == "Alfabet"
    with pytest.raises(SessionNotFound) as two:
        store.programme("al")
    assert str(two.value) == "'al' matches 2 programmes; type more of it"
    with pytest.raises(SessionNotFound) as none:
        store.programme("gymnasiet")
    assert str(none.value).startswith("no programme 'gymnasiet' in ")


def test_a_programmes_occasions_come_in_order_then_by_date(store: Store) -> None:
    from facilitator.model import Programme

    def made(title: str, number: int | None, day: date | None) -> str:
        programme = Programme(name="Kurs")
        return store.create(
            SessionData(Session(title=title, occasion=number, date=day, programme=programme))
        )

    made("Två", 2, date(2017, 11, 30))
    made("Utan nummer", None, date(2018, 3, 1))
    made("Ett", 1, date(2017, 10, 5))
    made("Ett igen, utan datum", 1, None)
    programme = store.programme("Kurs")
    assert [s.title for s in store.occasions(programme.id)] == [
        "Utan nummer",
        "Ett igen, utan datum",
        "Ett",
        "Två",
    ]


def test_a_programme_file_that_does_not_read_is_named(store: Store) -> None:
    from facilitator.model import Programme

    store.create(SessionData(Session(title="x", programme=Programme(name="Kurs"))))
    [path] = store.programmes_dir.glob("*.json")
    raw = json.loads(path.read_text())
    raw["programme"]["1"]["name"] = 7
    path.write_text(json.dumps(raw))
    with pytest.raises(DamagedFileError) as caught:
        store.programmes()
    assert caught.value.path == path
    assert caught.value.reason.startswith("unexpected content (ValueError: ")


def test_a_disk_fault_while_joining_a_programme_names_where(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitator.errors import StoreError
    from facilitator.model import Programme

    def fault() -> list:  # type: ignore[type-arg]
        raise OSError(5, "Input/output error", str(store.programmes_dir / "x.json"))

    monkeypatch.setattr(store.programme_files, "programmes", fault)
    with pytest.raises(StoreError) as caught:
        store.create(SessionData(Session(title="x", programme=Programme(name="Kurs"))))
    assert str(caught.value).startswith(f"{store.programmes_dir / 'x.json'}: could not save")
    assert "the disk reported an error" in str(caught.value)
    assert list(store.sessions_dir.iterdir()) == [], "nothing half made"

    def bare_fault() -> list:  # type: ignore[type-arg]
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(store.programme_files, "programmes", bare_fault)
    with pytest.raises(StoreError) as bare:
        store.create(SessionData(Session(title="y", programme=Programme(name="Kurs"))))
    assert str(bare.value).startswith(f"{store.programmes_dir}: could not save")


# --- the store's folders and files -----------------------------------------------------------


def test_the_store_keeps_sessions_and_programmes_in_their_own_folders(tmp_path: Path) -> None:
    from facilitator.model import Programme

    store = Store(tmp_path / "store")
    session_id = store.create(SessionData(Session(title="x", programme=Programme(name="Kurs"))))
    assert (tmp_path / "store" / "sessions" / session_id / "session.json").is_file()
    programme_id = store.load(session_id).session.programme.id  # type: ignore[union-attr]
    assert (tmp_path / "store" / "programmes" / f"{programme_id}.json").is_file()


@pytest.mark.parametrize("present", ["sessions", "programmes"])
def test_a_store_missing_one_of_its_folders_gets_it_back(tmp_path: Path, present: str) -> None:
    (tmp_path / "store" / present).mkdir(parents=True)
    store = Store(tmp_path / "store")
    assert store.sessions_dir.is_dir() and store.programmes_dir.is_dir()


def test_a_store_that_cannot_be_made_says_where_and_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitator.errors import StoreError

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(StoreError) as caught:
        Store(tmp_path / "store")
    assert str(caught.value) == (
        f"{tmp_path / 'store' / 'sessions'}: cannot create the store folder "
        "(no permission to write there)"
    )


def test_a_store_opened_to_read_deletes_nothing(store: Store, demo_id: str) -> None:
    stray = store.folder_for(demo_id) / ".session.json.999-abc.tmp"
    stray.write_text("a dead writer's copy")
    Store(store.root, create=False)
    assert stray.exists(), "a command that reads leaves everything as it was"
    Store(store.root)
    assert not stray.exists(), "a store opened to write tidies up"


def test_tidying_goes_on_past_a_folder_it_cannot_lock(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitator.storage import FileLock

    first = store.create(SessionData(Session(title="a", id="aaa")))
    second = store.create(SessionData(Session(title="b", id="bbb")))
    strays = [store.folder_for(s) / ".session.json.999-abc.tmp" for s in (first, second)]
    for path in strays:
        path.write_text("left by a dead writer")
    real = FileLock.acquire

    def acquire(self: FileLock, blocking: bool = True) -> bool:
        if self.lock_path.parent == store.folder_for(first):
            raise OSError(5, "Input/output error")
        return real(self, blocking)

    monkeypatch.setattr(FileLock, "acquire", acquire)
    Store(store.root)
    assert strays[0].exists() and not strays[1].exists()


def test_a_session_made_twice_is_refused_by_name(store: Store, demo: SessionData) -> None:
    from facilitator.errors import StoreError

    session_id = store.create(demo)
    with pytest.raises(StoreError) as caught:
        store.create(demo)
    assert (
        str(caught.value)
        == f"{store.folder_for(session_id)}: a session with this id exists already"
    )


def test_a_new_sessions_notes_are_filed_from_the_first_file_on(store: Store) -> None:
    from datetime import timedelta

    notes = [
        Note(f"n {i}", NoteKind.POINT, created_at=T0 + timedelta(seconds=i)) for i in range(150)
    ]
    session_id = store.create(SessionData(Session(title="Importerad"), notes=notes))
    assert [p.name for p in store.note_files(session_id)] == [
        "notes-00001.json",
        "notes-00002.json",
    ]
    first = json.loads(store.note_files(session_id)[0].read_text())["notes"]
    assert list(first)[:3] == ["1", "2", "3"], "TinyDB's own numbering, from 1"
    assert [n.text for n in store.load(session_id).notes] == [f"n {i}" for i in range(150)]


def test_a_note_keeps_its_group(store: Store, demo_id: str) -> None:
    note = add_note(store, demo_id, "från bordet vid fönstret", group="Grupp 3")
    assert note.group == "Grupp 3"
    assert {n.id: n.group for n in store.load(demo_id).notes}[note.id] == "Grupp 3"


def test_a_migration_runs_every_step_in_turn(
    store: Store, demo_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    steps: list[tuple[int, str]] = []

    def step(version: int):  # type: ignore[no-untyped-def]
        def migrate(kind: str, raw: dict) -> dict:  # type: ignore[type-arg]
            steps.append((version, kind))
            return raw

        return migrate

    monkeypatch.setattr(store_module.schema, "SCHEMA_VERSION", 3)
    monkeypatch.setitem(store_module.MIGRATIONS, 1, step(1))
    monkeypatch.setitem(store_module.MIGRATIONS, 2, step(2))
    store.load(demo_id)
    assert steps == [(1, "facilitator-session"), (2, "facilitator-session")]
    assert _main(store, demo_id)["meta"]["1"]["schema"] == 3


def test_the_default_store_is_the_environments_else_the_platforms(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from platformdirs import user_data_dir

    monkeypatch.setenv("FACILITATOR_STORE", "~/kurser/store")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert store_module.default_store_dir() == tmp_path / "kurser" / "store"
    monkeypatch.setenv("FACILITATOR_STORE", "")
    assert store_module.default_store_dir() == Path(user_data_dir("facilitator", appauthor=False))
    monkeypatch.delenv("FACILITATOR_STORE")
    assert store_module.default_store_dir().name == "facilitator"
