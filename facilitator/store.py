"""The session store: one TinyDB file per session, locked, versioned and change-aware.

Layout under the store folder::

    sessions/<id>.json        one session: TinyDB tables meta, session, blocks,
                              presentations, notes
    sessions/<id>.json.lock   taken around each read-modify-write
    sessions/<id>.json.v<N>.bak   the file as it was before a migration from schema N

A save rewrites only its own session's file, so its cost follows that session,
not the whole history. Readers need no lock: files are only ever replaced whole.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.middlewares import CachingMiddleware

from . import model
from .errors import DamagedFileError, NewerVersionError, SessionNotFound, StoreError
from .model import Block, Note, NoteKind, SessionData
from .storage import TEMP_SUFFIX, AtomicJSONStorage, FileLock

SCHEMA_VERSION = 1
FILE_KIND = "facilitator-session"

# Upgrades of a whole file's raw data, from schema N to N + 1. A file older than
# SCHEMA_VERSION is backed up, then taken through each step in turn.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}

Raw = dict[str, dict[str, Any]]


def default_store_dir() -> Path:
    """--store, else $FACILITATOR_STORE, else the platform's user data folder."""
    env = os.environ.get("FACILITATOR_STORE")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir  # only here: the others never need it

    return Path(user_data_dir("facilitator", appauthor=False))


@dataclass(frozen=True)
class SessionSummary:
    id: str
    title: str
    date: date | None
    state: str
    notes: int
    changed: float


@dataclass(frozen=True)
class Problem:
    """A file the store could not read, kept for the user to see."""

    path: Path
    message: str


class Store:
    """The sessions on disk. Every call reads the file afresh: no stale cache."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.sessions_dir = self.root / "sessions"
        try:
            self.sessions_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"{self.sessions_dir}: cannot create the store folder ({exc})"
            ) from exc
        self._remove_stray_temp_files()

    # --- locating --------------------------------------------------------

    def path_for(self, session_id: str) -> Path:
        return self.sessions_dir / f"{session_id}.json"

    def _session_files(self) -> list[Path]:
        return sorted(self.sessions_dir.glob("[!.]*.json"))

    def resolve(self, ref: str) -> str:
        """A session id from what the user typed: an id, a unique prefix, or ``latest``."""
        ref = ref.strip()
        files = self._session_files()
        if ref == "latest":
            if not files:
                raise SessionNotFound(
                    "there are no sessions yet; create one with `facilitator new`"
                )
            return max(files, key=lambda p: p.stat().st_mtime_ns).stem
        if self.path_for(ref).exists() and "/" not in ref and ref:
            return ref
        matches = [p.stem for p in files if ref and p.stem.startswith(ref)]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise SessionNotFound(f"{ref!r} matches {len(matches)} sessions; type more of the id")
        raise SessionNotFound(f"no session {ref!r} in {self.root} (see `facilitator list`)")

    def stamp(self, session_id: str | None = None) -> tuple[int, int, int] | None:
        """A token that changes whenever the session (or, with no id, any session) is saved.

        Saves replace the file, so its inode changes even when the clock's
        resolution would hide a change of mtime. One ``stat``: cheap to poll.
        """
        path = self.sessions_dir if session_id is None else self.path_for(session_id)
        try:
            st = path.stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    # --- reading ---------------------------------------------------------

    def load(self, session_id: str) -> SessionData:
        path = self.path_for(session_id)
        raw = self._read(path)
        if _schema_of(raw, path) < SCHEMA_VERSION:
            with self._writing(session_id):
                pass  # migrates under the lock
            raw = self._read(path)
        return _to_session_data(raw, path)

    def list_sessions(self) -> tuple[list[SessionSummary], list[Problem]]:
        """Every readable session, newest date first, and the files that could not be read."""
        summaries: list[SessionSummary] = []
        problems: list[Problem] = []
        for path in self._session_files():
            try:
                raw = self._read(path)
                _schema_of(raw, path)
                summaries.append(_summary(raw, path))
            except StoreError as exc:
                problems.append(Problem(path, str(exc)))
        summaries.sort(key=lambda s: (s.date or date.min, s.changed), reverse=True)
        return summaries, problems

    def _read(self, path: Path) -> Raw:
        if not path.exists():
            raise SessionNotFound(f"no session file {path}")
        raw = AtomicJSONStorage(path).read()
        assert raw is not None
        return raw

    # --- writing ---------------------------------------------------------

    def create(self, data: SessionData) -> str:
        """Save a new session; returns its id."""
        path = self.path_for(data.session.id)
        with FileLock(path):
            if path.exists():
                raise StoreError(f"{path}: a session with this id exists already")
            raw: Raw = {
                "meta": {"1": {"kind": FILE_KIND, "schema": SCHEMA_VERSION}},
                "session": {"1": model.session_to_record(data.session)},
                "blocks": _numbered(_positioned(map(model.block_to_record, data.blocks))),
                "presentations": _numbered(
                    _positioned(map(model.presentation_to_record, data.presentations))
                ),
                "notes": _numbered(map(model.note_to_record, data.notes)),
            }
            AtomicJSONStorage(path).write(raw)
        return data.session.id

    def add_note(
        self,
        session_id: str,
        text: str,
        kind: NoteKind = NoteKind.POINT,
        speaker: str = "",
        owner: str = "",
        now: datetime | None = None,
    ) -> Note:
        """Save a note, linked to the running block and the current presenter.

        When this returns, the note is on disk.
        """
        text = model.check_note_text(text)
        note = Note(text=text, kind=kind, speaker=speaker.strip(), owner=owner.strip())
        if now is not None:
            note.created_at = now
        with self._writing(session_id) as db:
            running = db.table("blocks").get(
                (Query().started_at != None)  # noqa: E711 - TinyDB query syntax
                & (Query().finished_at == None)  # noqa: E711
                & (Query().skipped == False)  # noqa: E712
            )
            presenting = db.table("presentations").get(Query().state == "presenting")
            note.block_id = running["id"] if isinstance(running, dict) else None
            note.presentation_id = presenting["id"] if isinstance(presenting, dict) else None
            db.table("notes").insert(model.note_to_record(note))
        return note

    def update_block(self, session_id: str, block: Block) -> None:
        """Write one block back as it is now (its timer state, title, minutes…)."""
        record = model.block_to_record(block)
        with self._writing(session_id) as db:
            if not db.table("blocks").update(record, Query().id == block.id):
                raise StoreError(f"session {session_id} has no block {block.id}")

    @contextmanager
    def _writing(self, session_id: str) -> Iterator[TinyDB]:
        """A TinyDB on the session's file: read once under the lock, written once at the end.

        If the body raises, nothing is written.
        """
        path = self.path_for(session_id)
        if not path.exists():
            raise SessionNotFound(f"no session {session_id!r} in {self.root}")
        with FileLock(path):
            db = TinyDB(path, storage=CachingMiddleware(AtomicJSONStorage))
            storage = db.storage
            assert isinstance(storage, CachingMiddleware)
            raw = storage.read()
            if raw is None:
                raise SessionNotFound(f"no session {session_id!r} in {self.root}")
            version = _schema_of(raw, path)
            if version < SCHEMA_VERSION:
                raw = _migrate(raw, version, path)
                storage.write(raw)
            _check_shape(raw, path)
            yield db
            storage.flush()

    # --- housekeeping ----------------------------------------------------

    def _remove_stray_temp_files(self) -> None:
        """Delete temp files left by a writer that died before its rename.

        A temp file is stray only if nobody holds its session's lock: a live
        writer holds the lock for as long as its temp file exists.
        """
        for tmp in self.sessions_dir.glob(f".*{TEMP_SUFFIX}"):
            target_name = tmp.name[1:].rsplit(".", 2)[0]
            lock = FileLock(self.sessions_dir / target_name)
            try:
                if lock.acquire(blocking=False):
                    try:
                        tmp.unlink(missing_ok=True)
                    finally:
                        lock.release()
            except OSError:
                continue


# --- raw file helpers --------------------------------------------------------


def _positioned(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**r, "position": i} for i, r in enumerate(records)]


def _numbered(records: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {str(i): r for i, r in enumerate(records, start=1)}


def _schema_of(raw: Raw, path: Path) -> int:
    meta = list(raw.get("meta", {}).values())
    if len(meta) != 1 or meta[0].get("kind") != FILE_KIND:
        raise DamagedFileError(path, "not a facilitator session file (no meta record)")
    version = meta[0].get("schema")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DamagedFileError(path, f"unknown schema version {version!r}")
    if version > SCHEMA_VERSION:
        raise NewerVersionError(
            f"{path}: written by a newer facilitator (schema {version}; this one knows up "
            f"to {SCHEMA_VERSION}). Upgrade facilitator to open it; the file was left as it is."
        )
    return version


def _migrate(raw: Raw, version: int, path: Path) -> Raw:
    backup = path.with_name(f"{path.name}.v{version}.bak")
    shutil.copy2(path, backup)
    with open(backup, "rb") as handle:
        os.fsync(handle.fileno())
    while version < SCHEMA_VERSION:
        raw = MIGRATIONS[version](raw)
        version += 1
    raw["meta"] = {"1": {"kind": FILE_KIND, "schema": SCHEMA_VERSION}}
    return raw


def _check_shape(raw: Raw, path: Path) -> None:
    """Refuse to write into a file whose records are not what we wrote.

    A light check, so that a save stays cheap: every record has its id, and
    there is exactly one session.
    """
    try:
        record = _session_record(raw)
        if not isinstance(record.get("id"), str) or not isinstance(record.get("title"), str):
            raise KeyError("session id or title")
        for table in ("blocks", "presentations", "notes"):
            for item in raw.get(table, {}).values():
                if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                    raise KeyError(f"{table} record without an id")
    except KeyError as exc:
        raise DamagedFileError(path, f"unexpected content (missing {exc})") from exc


def _ordered(table: dict[str, Any], by_position: bool) -> list[dict[str, Any]]:
    if by_position:
        return sorted(table.values(), key=lambda r: r.get("position", 0))
    return [table[k] for k in sorted(table, key=int)]


def _session_record(raw: Raw) -> dict[str, Any]:
    records = list(raw.get("session", {}).values())
    if len(records) != 1:
        raise KeyError("session")
    return records[0]


def _to_session_data(raw: Raw, path: Path) -> SessionData:
    try:
        return SessionData(
            session=model.session_from_record(_session_record(raw)),
            blocks=[model.block_from_record(r) for r in _ordered(raw.get("blocks", {}), True)],
            presentations=[
                model.presentation_from_record(r)
                for r in _ordered(raw.get("presentations", {}), True)
            ],
            notes=[model.note_from_record(r) for r in _ordered(raw.get("notes", {}), False)],
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DamagedFileError(path, f"unexpected content ({type(exc).__name__}: {exc})") from exc


def _summary(raw: Raw, path: Path) -> SessionSummary:
    try:
        record = _session_record(raw)
        blocks = [model.block_from_record(r) for r in raw.get("blocks", {}).values()]
        notes = len(raw.get("notes", {}))
        state = model.day_state(blocks, has_notes=notes > 0)
        day = date.fromisoformat(record["date"]) if record.get("date") else None
        return SessionSummary(
            id=record["id"],
            title=record["title"],
            date=day,
            state=state,
            notes=notes,
            changed=path.stat().st_mtime,
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DamagedFileError(path, f"unexpected content ({type(exc).__name__}: {exc})") from exc
