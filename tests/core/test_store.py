"""The store: round trips, linking, damaged and newer files, migrations, stray temp files."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fakes import add_note, files_read
from tinydb import TinyDB

from facilitator import store as store_module
from facilitator.errors import (
    DamagedFileError,
    InputError,
    NewerVersionError,
    SessionNotFound,
    StoreError,
)
from facilitator.model import NoteKind, PresentationState, SessionData
from facilitator.store import Store

T0 = datetime(2017, 11, 30, 8, 0, tzinfo=UTC)


def test_create_and_load_keep_everything(store: Store, demo: SessionData) -> None:
    session_id = store.create(demo)
    loaded = store.load(session_id)
    assert loaded == demo


def test_note_is_linked_to_running_block_and_presenter(store: Store, demo_id: str) -> None:
    data = store.load(demo_id)
    block = data.blocks[2]
    block.started_at = T0
    store.update_block(demo_id, block)
    note = add_note(store, demo_id, "Bra start", now=T0 + timedelta(minutes=1))
    assert note.block_id == block.id and note.presentation_id is None

    # A presenter on stage is linked too (the queue itself comes with its own issue).
    path = store.path_for(demo_id)
    raw = json.loads(path.read_text())
    first = min(raw["presentations"].values(), key=lambda r: r["position"])
    first["state"] = PresentationState.PRESENTING.value
    path.write_text(json.dumps(raw))
    quote = add_note(
        store, demo_id, "Nu förstår jag varför", kind=NoteKind.QUOTE, speaker=" Karin "
    )
    assert quote.presentation_id == first["id"] and quote.speaker == "Karin"

    block.finished_at = T0 + timedelta(minutes=40)
    store.update_block(demo_id, block)
    later = add_note(store, demo_id, "Efter passet")
    assert later.block_id is None

    notes = store.load(demo_id).notes
    assert [n.id for n in notes] == [note.id, quote.id, later.id]
    assert notes[1].kind is NoteKind.QUOTE


def test_text_comes_back_exactly(store: Store, demo_id: str) -> None:
    text = "Åsa sa: ”lärande ⇄ innovation” 🎉\ttab\nny rad \x1b[31mröd\x1b[0m " + "x" * 100_000
    add_note(store, demo_id, text)
    assert store.load(demo_id).notes[-1].text == text


def test_bad_note_changes_nothing(store: Store, demo_id: str) -> None:
    before = store.path_for(demo_id).read_bytes()
    with pytest.raises(InputError, match="needs some text"):
        add_note(store, demo_id, "   \n ")
    with pytest.raises(InputError, match="at most"):
        add_note(store, demo_id, "x" * 1_000_001)
    assert store.path_for(demo_id).read_bytes() == before


def test_stock_tinydb_reads_the_file(store: Store, demo_id: str) -> None:
    add_note(store, demo_id, "Läsbar utan oss")
    db = TinyDB(store.path_for(demo_id))
    assert db.table("session").all()[0]["title"] == "Innovation och lärande"
    assert len(db.table("blocks")) == 12
    db.close()
    (notes_file,) = store.note_files(demo_id)
    db = TinyDB(notes_file)
    assert db.table("notes").all()[0]["text"] == "Läsbar utan oss"
    db.close()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"meta": {"1": {"kind": "facilitator-session", "sche', "not valid JSON"),
        (b"", "empty"),
        (b"\xff\xfe garbage", "not valid JSON"),
        (b"[1, 2, 3]", "not a TinyDB file"),
        (b'{"meta": {}}', "no meta record"),
        (
            b'{"meta": {"1": {"kind": "facilitator-session", "schema": 1}}, "session": {}}',
            "unexpected content",
        ),
    ],
)
def test_damaged_file_is_refused_by_name_and_left_alone(
    store: Store, demo_id: str, demo: SessionData, content: bytes, reason: str
) -> None:
    other = SessionData(session=type(demo.session)(title="Another day"))
    store.create(other)
    path = store.path_for(demo_id)
    path.write_bytes(content)

    with pytest.raises(DamagedFileError, match=reason) as caught:
        store.load(demo_id)
    assert str(path) in str(caught.value)
    with pytest.raises(DamagedFileError):
        add_note(store, demo_id, "must not be written")

    summaries, problems = store.list_sessions()
    assert [s.title for s in summaries] == ["Another day"]
    assert [p.path for p in problems] == [path]
    assert path.read_bytes() == content


def test_newer_schema_is_refused(store: Store, demo_id: str) -> None:
    path = store.path_for(demo_id)
    raw = json.loads(path.read_text())
    raw["meta"]["1"]["schema"] = store_module.SCHEMA_VERSION + 1
    path.write_text(json.dumps(raw))
    before = path.read_bytes()
    with pytest.raises(NewerVersionError, match="newer facilitator"):
        store.load(demo_id)
    with pytest.raises(NewerVersionError):
        add_note(store, demo_id, "no")
    assert path.read_bytes() == before


def test_older_schema_is_migrated_after_a_backup(
    store: Store, demo_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_note(store, demo_id, "before the upgrade")
    path = store.path_for(demo_id)
    before = path.read_bytes()

    def rename_venue(kind: str, raw: dict) -> dict:
        if kind == "facilitator-session":
            for record in raw["session"].values():
                record["venue"] = record["venue"].upper()
        return raw

    monkeypatch.setattr(store_module.schema, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(store_module.schema, "MIGRATIONS", {1: rename_venue})
    data = store.load(demo_id)
    assert data.session.venue == "MÖBELCENTRUM, KONFERENSRUMMET"
    assert path.with_name(path.name + ".v1.bak").read_bytes() == before
    assert json.loads(path.read_text())["meta"]["1"]["schema"] == 2
    (notes_file,) = store.note_files(demo_id)
    assert json.loads(notes_file.read_text())["meta"]["1"]["schema"] == 2
    assert notes_file.with_name(notes_file.name + ".v1.bak").exists()
    assert data.notes[0].text == "before the upgrade"


def test_stray_temp_files_are_removed(store: Store, demo_id: str) -> None:
    stray = store.folder_for(demo_id) / ".session.json.999-abcdef.tmp"
    stray.write_text('{"half": ')
    Store(store.root)
    assert not stray.exists()
    assert store.load(demo_id).session.title == "Innovation och lärande"


def test_temp_file_of_a_live_writer_is_kept(store: Store, demo_id: str) -> None:
    from facilitator.storage import FileLock

    live = store.folder_for(demo_id) / ".notes-00001.json.999-abcdef.tmp"
    live.write_text("{}")
    with FileLock(store.folder_for(demo_id) / ".lock"):
        Store(store.root)
        assert live.exists()


def test_resolve_latest_prefix_and_unknown(store: Store, demo: SessionData) -> None:
    first = store.create(demo)
    second = store.create(SessionData(session=type(demo.session)(title="Later")))
    assert store.resolve("latest") == second
    assert store.resolve(first[:6]) == first
    with pytest.raises(SessionNotFound, match="no session"):
        store.resolve("zzzz")


def test_stamp_changes_on_every_save(store: Store, demo_id: str) -> None:
    stamps = {store.stamp(demo_id)}
    for i in range(5):  # faster than the file system's clock ticks
        add_note(store, demo_id, f"note {i}")
        stamps.add(store.stamp(demo_id))
    block = store.load(demo_id).blocks[0]
    block.title = "Renamed"
    store.update_block(demo_id, block)
    stamps.add(store.stamp(demo_id))
    assert len(stamps) == 7


def test_list_states(store: Store, demo_id: str) -> None:
    assert store.list_sessions()[0][0].state == "planned"
    add_note(store, demo_id, "förberedelse")
    assert store.list_sessions()[0][0].state == "planned", "a note before the day is no start"
    first = store.load(demo_id).blocks[0]
    first.started_at = T0
    store.update_block(demo_id, first)
    assert store.list_sessions()[0][0].state == "running"


def test_unwritable_store_folder_is_one_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="cannot create the store folder"):
        Store(blocker / "store")


def test_notes_roll_over_into_new_files_in_order(
    store: Store, demo_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module.layout, "NOTES_PER_FILE", 4)
    saved = [add_note(store, demo_id, f"note {i}").id for i in range(10)]
    assert [p.name for p in store.note_files(demo_id)] == [
        "notes-00001.json",
        "notes-00002.json",
        "notes-00003.json",
    ]
    assert [n.id for n in store.load(demo_id).notes] == saved
    # And a session created with many notes is split the same way.
    copy = store.load(demo_id)
    copy.session.id = "copy"
    store.create(copy)
    assert len(store.note_files("copy")) == 3
    assert [n.text for n in store.load("copy").notes] == [f"note {i}" for i in range(10)]


def test_damaged_notes_file_is_named_and_left_alone(store: Store, demo_id: str) -> None:
    add_note(store, demo_id, "a")
    (notes_file,) = store.note_files(demo_id)
    notes_file.write_bytes(
        b'{"meta": {"1": {"kind": "facilitator-notes", "schema": 1}}, "notes": {"1": {"id": "x"}}}'
    )
    before = notes_file.read_bytes()
    with pytest.raises(DamagedFileError, match="notes-00001.json"):
        store.load(demo_id)
    assert notes_file.read_bytes() == before
    assert [s.id for s in store.list_sessions()[0]] == [demo_id]


def test_full_disk_keeps_the_last_saved_copy(
    store: Store, demo_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitator import storage

    add_note(store, demo_id, "saved before the disk filled")
    (notes_file,) = store.note_files(demo_id)
    before = notes_file.read_bytes()

    def no_space(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage.os, "fsync", no_space)
    with pytest.raises(
        StoreError,
        match=r"notes-00001.json: could not save \(the disk is full\); what was saved before is as it was",
    ):
        add_note(store, demo_id, "lost to a full disk, and the user is told")
    monkeypatch.undo()
    assert notes_file.read_bytes() == before
    assert list(store.folder_for(demo_id).glob("*.tmp")) == []
    assert [n.text for n in store.load(demo_id).notes] == ["saved before the disk filled"]


def test_edit_delete_and_restore_notes(store: Store, demo_id: str) -> None:
    from dataclasses import replace

    first = add_note(store, demo_id, "första", now=T0)
    second = add_note(store, demo_id, "andra", now=T0 + timedelta(minutes=1))
    edited = store.change_note(
        demo_id, first.id, lambda n: replace(n, text="första, rättad", pinned=True)
    )
    assert edited.id == first.id and edited.created_at == first.created_at
    gone = store.delete_note(demo_id, second.id)
    assert [n.text for n in store.load(demo_id).notes] == ["första, rättad"]
    store.restore_note(demo_id, gone)
    store.restore_note(demo_id, gone)  # twice is once
    assert [(n.id, n.text) for n in store.load(demo_id).notes] == [
        (first.id, "första, rättad"),
        (second.id, "andra"),
    ]
    with pytest.raises(InputError, match="no longer there"):
        store.delete_note(demo_id, "nope")
    before = store.note_files(demo_id)[0].read_bytes()
    with pytest.raises(InputError, match="needs some text"):
        store.change_note(demo_id, first.id, lambda n: replace(n, text="  "))
    assert store.note_files(demo_id)[0].read_bytes() == before


def test_a_second_store_sees_every_change_at_once(store: Store, demo_id: str) -> None:
    from dataclasses import replace

    reader = Store(store.root)
    note = add_note(store, demo_id, "a")
    assert [n.text for n in reader.load(demo_id).notes] == ["a"]
    store.change_note(demo_id, note.id, lambda n: replace(n, text="b"))
    assert [n.text for n in reader.load(demo_id).notes] == ["b"]
    store.delete_note(demo_id, note.id)
    assert reader.load(demo_id).notes == []


def test_quote_during_a_presentation_is_from_the_presenter(store: Store, demo_id: str) -> None:
    from facilitator import presentations

    store.change_presentations(demo_id, lambda q: presentations.call_next(q, T0))
    quote = add_note(store, demo_id, "Nu inser jag varför", kind=NoteKind.QUOTE)
    assert quote.speaker == "Karin Ek"
    named = add_note(store, demo_id, "Håller med", kind=NoteKind.QUOTE, speaker="Anna")
    assert named.speaker == "Anna"


def _listing(store: Store) -> list[tuple[str, str, str]]:
    summaries, problems = store.list_sessions()
    assert problems == []
    return [(s.id, s.title, s.state) for s in summaries]


def test_listing_reads_only_the_sessions_changed_since_the_last(
    store: Store, demo: SessionData, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = store.create(demo)
    empty = store.create(SessionData(demo.session.__class__(title="Tom")))
    before = _listing(store)
    with files_read(store.sessions_dir) as read:
        assert _listing(store) == before
    assert read == [".index.json"], "unchanged sessions come from the index"
    store.change_session(first, lambda s: setattr(s, "title", "Ny titel"))
    add_note(store, empty, "the first note: the day has begun")
    with files_read(store.sessions_dir) as read:
        after = _listing(store)
    assert (first, "Ny titel", "planned") in after
    assert (empty, "Tom", "running") in after
    sessions = sorted(f"{sid}/session.json" for sid in (first, empty))
    assert sorted(r for r in read if r.endswith("session.json")) == sessions


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"\xff\xfe not json",
        b'{"kind": "facilitator-session-index", "sessions": []}',
        b'{"kind": "facilitator-session-index", "sessions": {"ID": {"stamp": "S", "title": 5}}}',
        b'{"kind": "facilitator-session-index", "sessions": {"ID": {"stamp": "S"}}}',
        b'{"kind": "something else", "sessions": {}}',
    ],
)
def test_a_damaged_index_never_changes_the_listing(
    store: Store, demo: SessionData, damage: bytes
) -> None:
    session_id = store.create(demo)
    right = _listing(store)
    index = store.sessions_dir / store_module.INDEX_FILE
    stamp = json.dumps(json.loads(index.read_text())["sessions"][session_id]["stamp"])
    index.write_bytes(damage.replace(b"ID", session_id.encode()).replace(b'"S"', stamp.encode()))
    assert _listing(store) == right
    assert _listing(store) == right  # and from the index written anew


def test_the_first_listing_after_sessions_were_made_elsewhere_reads_none_of_them(
    tmp_path: Path,
) -> None:
    """`new` and `import` keep the index as they go: a cold `list` reads the index alone."""
    import subprocess
    import sys

    from fakes import files_read

    root = tmp_path / "store"
    for title in ("Första", "Andra", "Tredje"):
        subprocess.run(
            [sys.executable, "-m", "facilitator", "--store", str(root), "new", title],
            check=True,
            capture_output=True,
        )
    store = Store(root, create=False)
    with files_read(store.sessions_dir) as read:
        listed = _listing(store)
    assert read == [".index.json"]
    assert sorted(title for _, title, _ in listed) == ["Andra", "Första", "Tredje"]
    (store.sessions_dir / store_module.INDEX_FILE).unlink()
    assert _listing(Store(root, create=False)) == listed, "the same as read from the sessions"


def test_two_programs_adding_to_the_index_at_once_lose_no_entry(
    store: Store, demo: SessionData
) -> None:
    import threading

    def make(i: int) -> None:
        Store(store.root).create(SessionData(demo.session.__class__(title=f"Dag {i}")))

    threads = [threading.Thread(target=make, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    index = json.loads((store.sessions_dir / store_module.INDEX_FILE).read_text("utf-8"))
    assert len(index["sessions"]) == 8


def test_a_read_only_store_with_a_stale_index_still_lists_every_session(
    store: Store, demo: SessionData, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index's lock cannot be taken on a read-only disk: the listing goes on without it."""
    from faults import Faults

    first = store.create(demo)
    store.change_session(first, lambda s: setattr(s, "title", "Ändrad"))  # the index is stale now
    faults = Faults(monkeypatch)
    faults.read_only(store.root)
    listed = _listing(store)
    assert [(sid, title) for sid, title, _ in listed] == [(first, "Ändrad")]
    assert faults.reached, "the writes were tried, and refused"


def test_an_index_that_cannot_be_written_costs_nothing_but_time(
    store: Store, demo: SessionData, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.create(demo)
    (store.sessions_dir / store_module.INDEX_FILE).unlink()  # written by the create

    def refuse(path: Path, text: str, mode: int = 0o644) -> None:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(store_module.listing, "write_atomically", refuse)
    assert len(_listing(store)) == 1
    assert not (store.sessions_dir / store_module.INDEX_FILE).exists()


def test_the_store_is_composed_of_parts_that_use_only_each_others_public_calls() -> None:
    """No mixins, no reaching into another part's insides; a face of at most 25 calls."""
    import ast
    import inspect

    package = Path(store_module.__file__).parent
    for path in sorted(package.glob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level:
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, f"{path.name} imports {private} from {node.module}"
            if (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                owner = node.value
                assert isinstance(owner, ast.Name) and owner.id == "self", (
                    f"{path.name}:{node.lineno} uses {ast.unparse(node)}"
                )
            if isinstance(node, ast.ClassDef):
                bases = [ast.unparse(b) for b in node.bases]
                # A record may be a NamedTuple (a shape of data, not behaviour inherited).
                assert all(b in ("Protocol", "NamedTuple") for b in bases), (
                    f"{node.name} is made of {bases}"
                )
    public = [
        name
        for name, member in inspect.getmembers(Store, inspect.isfunction)
        if not name.startswith("_")
    ]
    assert len(public) <= 25, public
