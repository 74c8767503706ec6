"""Damaged store files are named and never written; sync-tool copies are not ours; bad bytes stay out."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fakes import add_note

from facilitator.cli import main
from facilitator.model import SessionData
from facilitator.store import Store

Raw = dict[str, Any]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _first_note(raw: Raw) -> Raw:
    return raw["notes"]["1"]


NOTES_DAMAGE: dict[str, Callable[[Raw], object]] = {
    "text is a number": lambda raw: _first_note(raw).update(text=5),
    "a bad created_at": lambda raw: _first_note(raw).update(created_at="igår"),
    "created_at in year 1": lambda raw: _first_note(raw).update(
        created_at="0001-01-01T00:00:00+05:00"
    ),
    "an unknown kind": lambda raw: _first_note(raw).update(kind="rumour"),
    "a record that is not an object": lambda raw: raw["notes"].update({"2": "not a note"}),
    "two notes with one id": lambda raw: raw["notes"].update({"2": dict(_first_note(raw))}),
}
SESSION_DAMAGE: dict[str, Callable[[Raw], object]] = {
    "meta is not an object": lambda raw: raw["meta"].update({"1": "meta"}),
    "the session is not an object": lambda raw: raw["session"].update({"1": 42}),
    "no warning times": lambda raw: raw["session"]["1"].update(warn_minutes=[]),
    "a block started in year 9999": lambda raw: raw["blocks"]["1"].update(
        started_at="9999-12-31T23:59:59+00:00"
    ),
    "a block of a billion minutes": lambda raw: raw["blocks"]["1"].update(minutes=10**12),
}


def _two_sessions(store: Store, demo: SessionData) -> tuple[str, str]:
    damaged = store.create(demo)
    add_note(store, damaged, "en anteckning")
    add_note(store, damaged, "en till")
    other = store.create(SessionData(type(demo.session)(title="En annan dag")))
    return damaged, other


def _damage(path: Path, change: Callable[[Raw], object]) -> None:
    raw = json.loads(path.read_text(encoding="utf-8"))
    change(raw)
    path.write_text(json.dumps(raw), encoding="utf-8")


@pytest.mark.parametrize("case", [*NOTES_DAMAGE, *SESSION_DAMAGE])
def test_a_damaged_file_is_named_never_written_and_the_rest_still_listed(
    store: Store, demo: SessionData, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    damaged, other = _two_sessions(store, demo)
    if case in NOTES_DAMAGE:
        (path,) = store.note_files(damaged)
        _damage(path, NOTES_DAMAGE[case])
    else:
        path = store.path_for(damaged)
        _damage(path, SESSION_DAMAGE[case])
    before = _sha(path)
    root = str(store.root)
    for argv in (
        ["note", damaged, "en tredje"],
        ["export", damaged, "--format", "md"],
        ["export", damaged, "--format", "json"],
    ):
        assert main(["--store", root, *argv]) == 1, (case, argv)
        err = capsys.readouterr().err
        assert str(path) in err and "damaged store file" in err, (case, err)
        assert "internal error" not in err and "Traceback" not in err
        assert _sha(path) == before, f"{case}: {argv[0]} wrote into the damaged file"
    assert main(["--store", root, "list"]) == 0
    out, err = capsys.readouterr()
    assert other in out, "the other sessions are still listed"
    if case in SESSION_DAMAGE:
        assert str(path) in err, "list names the session it could not read"
    assert _sha(path) == before


def test_a_duplicated_key_is_damage_not_a_lost_record(
    store: Store, demo: SessionData, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged, _ = _two_sessions(store, demo)
    (path,) = store.note_files(damaged)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"notes":{"1":', '"notes":{"2":{"id":"x"},"1":'), "utf-8")
    text = path.read_text(encoding="utf-8").replace('"2":{"id":"x"}', '"2":{"id":"x"},"2":{}')
    path.write_text(text, encoding="utf-8")
    before = _sha(path)
    assert main(["--store", str(store.root), "note", damaged, "x"]) == 1
    assert "appears twice" in capsys.readouterr().err
    assert _sha(path) == before


def test_a_deeply_nested_file_is_damage(
    store: Store, demo: SessionData, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged, _ = _two_sessions(store, demo)
    (path,) = store.note_files(damaged)
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    before = _sha(path)
    assert main(["--store", str(store.root), "export", damaged]) == 1
    err = capsys.readouterr().err
    assert str(path) in err and "internal error" not in err
    assert _sha(path) == before


@pytest.mark.parametrize(
    "name", ["notes-00001 (conflicted copy).json", "notes-00001.sync-conflict-20171130-1.json"]
)
def test_a_sync_tools_copy_is_named_and_never_read_or_written(
    store: Store, demo: SessionData, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    damaged, _ = _two_sessions(store, demo)
    (notes,) = store.note_files(damaged)
    copy = notes.with_name(name)
    copy.write_bytes(notes.read_bytes())
    before = _sha(copy)
    assert len(Store(store.root).load(damaged).notes) == 2, "the copy is not read"
    assert main(["--store", str(store.root), "note", damaged, "tredje"]) == 0
    err = capsys.readouterr().err
    assert err.count(name) == 1 and "not a file of facilitator's" in err
    assert _sha(copy) == before and store.note_files(damaged) == [notes]
    assert [n.text for n in Store(store.root).load(damaged).notes][-1] == "tredje"


def test_read_only_commands_make_no_store(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    typo = tmp_path / "stroe"
    for argv in (["list"], ["export", "latest"], ["programme", "x"], ["room", "latest"]):
        assert main(["--store", str(typo), *argv]) == 1
        assert "no facilitator store there" in capsys.readouterr().err
        assert not typo.exists()


def test_bytes_that_are_not_utf8_are_refused_on_standard_input(store: Store, demo_id: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "facilitator", "--store", str(store.root), "note", demo_id, "-"],
        input=b"Tr\xe4ff i Sk\xf6vde",  # Latin-1, not UTF-8
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.decode() == (
        "facilitator: error: standard input: not UTF-8 text (byte 2); nothing was saved\n"
    )
    assert Store(store.root).load(demo_id).notes == []


def test_a_json_import_with_a_note_too_long_leaves_nothing(
    store: Store, demo_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from facilitator.exchange import to_json

    add_note(store, demo_id, "kort")
    doc = json.loads(to_json(store.load(demo_id)))
    doc["notes"][0]["text"] = "x" * 2_000_001
    export = tmp_path / "big.json"
    export.write_text(json.dumps(doc), encoding="utf-8")
    before = sorted(p.name for p in store.sessions_dir.iterdir())
    assert main(["--store", str(store.root), "import", str(export)]) == 1
    assert "may be at most 1,000,000 characters" in capsys.readouterr().err
    assert sorted(p.name for p in store.sessions_dir.iterdir()) == before
