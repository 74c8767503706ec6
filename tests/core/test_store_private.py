"""The store holds participants' names, e-mail addresses and what was said: its owner's alone."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator import crash
from facilitator.model import Note
from facilitator.plan import load_demo
from facilitator.store import Store


@pytest.fixture
def usual_umask() -> Iterator[None]:
    old = os.umask(0o022)  # as most systems set it: new files readable by everyone
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_store_and_every_file_in_it_are_private(tmp_path: Path, usual_umask: None) -> None:
    root = tmp_path / "a" / "store"
    store = Store(root)
    session_id = store.create(load_demo())
    store.save_notes(session_id, [Note("Karin Ek, karin@example.se, sa att …")])
    store.list_sessions()  # writes the index
    found = sorted(p.relative_to(root) for p in root.rglob("*"))
    assert any(p.name.startswith("notes-") for p in found) and Path("sessions") in found
    for path in [root, *(root / p for p in found)]:
        wanted = 0o700 if path.is_dir() else 0o600
        assert _mode(path) == wanted, (path, oct(_mode(path)))
    assert _mode(tmp_path / "a") == 0o755, "the folders above the store are not ours to close"


def test_a_file_rewritten_in_an_older_store_becomes_private(
    tmp_path: Path, usual_umask: None
) -> None:
    store = Store(tmp_path / "store")
    session_id = store.create(load_demo())
    session_file = tmp_path / "store" / "sessions" / session_id / "session.json"
    session_file.chmod(0o644)  # as stores made before kept them
    store.save_notes(session_id, [Note("ny")])
    store.change_session(session_id, lambda session: setattr(session, "venue", "Sjöhotellet"))
    assert _mode(session_file) == 0o600


def test_a_crash_report_is_its_owners_alone(
    tmp_path: Path, usual_umask: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(crash, "_folders", lambda: [tmp_path / "logs"])
    path = crash.write_report(ValueError("a note's text: Karin sa …"))
    assert path is not None and _mode(path) == 0o600
    assert "Karin sa" in path.read_text(encoding="utf-8")
