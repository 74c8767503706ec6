"""The store's ground: its folders, locating a session and its files, the lock, reading a file."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol, TypeVar

from tinydb import TinyDB

from ..errors import (
    DamagedFileError,
    SessionNotFound,
    StoreError,
)
from ..model import Note
from ..records import (
    note_from_record,
)
from ..storage import (
    TEMP_SUFFIX,
    AtomicJSONStorage,
    FileLock,
    TransactionStorage,
    reason_of,
    save_failed,
)
from . import schema
from .layout import _NOTES_NAME, _OURS, LOCK_FILE, SESSION_FILE
from .schema import (
    _CONTENT_ERRORS,
    NOTES_KIND,
    SESSION_KIND,
    Raw,
    _check_shape,
    _meta,
    _ordered,
    _schema_of,
    _unreadable,
)

T = TypeVar("T")


class _Record(Protocol):
    id: str


R = TypeVar("R", bound=_Record)


def _remove_empty(folders: list[Path]) -> None:
    """Take back folders this call made, innermost first, as long as they are empty."""
    for folder in reversed(folders):
        try:
            # Its lock file too: nobody else could know a folder made a moment ago.
            (folder / LOCK_FILE).with_name(LOCK_FILE + ".lock").unlink(missing_ok=True)
            folder.rmdir()
        except OSError:
            return


class _StoreBase:
    """The folders, locating, the lock and reading: what every part of the store stands on."""

    def __init__(self, root: str | Path, create: bool = True) -> None:
        """The store at ``root``; made there if missing, unless ``create`` is False.

        A store opened only to read (``list``, ``export``, the room view) is
        never made: a mistyped ``--store`` must not leave an empty store behind.
        """
        self.root = Path(root)
        self.sessions_dir = self.root / "sessions"
        self.programmes_dir = self.root / "programmes"
        if create:
            self._make_folders()
        self._notes_cache: dict[Path, tuple[tuple[int, int, int], list[Note]]] = {}
        if create:
            self.tidy()

    def tidy(self) -> None:
        """Remove what writers that died left behind; for a store opened to write.

        A command that reads (list, export, the room view) deletes nothing, and
        a thousand sessions' folders are not searched before a listing.
        """
        if self.exists():
            self._remove_stray_temp_files()

    def exists(self) -> bool:
        return self.sessions_dir.is_dir()

    def _make_folders(self) -> list[Path]:
        """Make the store's folders where missing; returns those it made, outermost first."""
        wanted = [self.root, self.sessions_dir, self.programmes_dir]
        missing = [folder for folder in wanted if not folder.is_dir()]
        if not missing:
            return []
        made: list[Path] = []
        try:
            for folder in missing:
                if folder == self.root:
                    # Its own parents too, but only the store itself is ours to take back.
                    self.root.mkdir(parents=True, exist_ok=True)
                else:
                    folder.mkdir(exist_ok=True)
                made.append(folder)
        except OSError as exc:
            _remove_empty(made)
            raise StoreError.of(
                "store.no_folder", path=str(self.sessions_dir), reason=reason_of(exc)
            ) from exc
        return made

    def folder_for(self, session_id: str) -> Path:
        return self.sessions_dir / session_id

    def path_for(self, session_id: str) -> Path:
        """The session's main file (agenda, presentations, session fields)."""
        return self.folder_for(session_id) / SESSION_FILE

    def note_files(self, session_id: str) -> list[Path]:
        """The session's notes files, in order; only names exactly like ``notes-00001.json``.

        A sync tool's copy beside them ("notes-00001 (conflicted copy).json",
        "notes-00001.sync-conflict-….json") is not ours: never read, never written.
        """
        return self._note_files(session_id)

    def _note_files(self, session_id: str, newest: int | None = None) -> list[Path]:
        """The notes files in order, or only the ``newest`` few: a save needs no more."""
        folder = self.folder_for(session_id)
        names = self._note_names(folder)
        return [folder / name for name in (names[-newest:] if newest else names)]

    @staticmethod
    def _note_names(folder: Path) -> list[str]:
        # Plain names sort in number order (five digits): no Path objects made or
        # compared for all of them, which cost more than the save itself with
        # five hundred notes files.
        try:
            with os.scandir(folder) as entries:
                return sorted(e.name for e in entries if _NOTES_NAME.fullmatch(e.name))
        except FileNotFoundError:
            return []

    def strays(self, session_id: str) -> list[Path]:
        """Files in the session's folder that the store did not write (a sync tool's copies…)."""
        try:
            found = sorted(self.folder_for(session_id).iterdir())
        except OSError:
            return []
        return [p for p in found if p.is_file() and not _OURS.fullmatch(p.name)]

    def _session_ids(self) -> list[str]:
        # A main file that is a broken link still names a session: one to report, not to hide.
        try:
            with os.scandir(self.sessions_dir) as entries:
                names = [e.name for e in entries if not e.name.startswith(".")]
        except OSError:
            return []
        return sorted(n for n in names if os.path.lexists(self.path_for(n)))

    def resolve(self, ref: str) -> str:
        """A session id from what the user typed: an id, a unique start of one, or ``latest``."""
        ref = ref.strip()
        ids = self._session_ids()
        if ref == "latest":
            if not ids:
                raise SessionNotFound(
                    "there are no sessions yet; create one with `facilitator new`"
                )
            return max(ids, key=lambda i: self.folder_for(i).stat().st_mtime_ns)
        if ref in ids:
            return ref
        matches = [i for i in ids if ref and i.startswith(ref)]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise SessionNotFound(f"{ref!r} matches {len(matches)} sessions; type more of the id")
        raise SessionNotFound(f"no session {ref!r} in {self.root} (see `facilitator list`)")

    def stamp(self, session_id: str) -> tuple[object, ...] | None:
        """A token that changes whenever anything in the session is saved.

        Saves replace whole files, so the inode, time and size of the main file
        and of the newest notes file tell; a listing and three stats, cheap to poll.
        """
        folder = self.folder_for(session_id)
        try:
            notes = self._note_names(folder)
            stats = [folder.stat(), self.path_for(session_id).stat()]
            if notes:
                stats.append((folder / notes[-1]).stat())
        except OSError:  # gone, or a file the load will name as damaged
            return None
        return (len(notes), *((st.st_ino, st.st_mtime_ns, st.st_size) for st in stats))

    def _files(self, session_id: str) -> list[tuple[Path, str]]:
        """The session's files with their kinds, main file first."""
        notes = [(path, NOTES_KIND) for path in self.note_files(session_id)]
        return [(self.path_for(session_id), SESSION_KIND), *notes]

    def _read(self, path: Path, kind: str) -> Raw:
        if not path.exists():
            if path.is_symlink():  # there, but leads nowhere: damaged, not missing
                try:
                    path.stat()
                except OSError as exc:
                    raise _unreadable(path, exc) from exc
            raise SessionNotFound(f"no session file {path}")
        raw = AtomicJSONStorage(path).read()
        assert raw is not None
        _schema_of(raw, path, kind)
        return raw

    def _notes_in(self, path: Path) -> list[Note] | None:
        """The notes of one file; None if the file needs a migration first.

        Parsed notes are kept while the file's inode, time and size stay the
        same: files are only ever replaced whole, so that means an unchanged
        file. A save touches one file of a hundred notes, so a reload after it
        parses a hundred notes, not the day's thousands.
        """
        try:
            st = path.stat()
        except OSError as exc:  # a link in a loop, a folder we may not enter
            raise _unreadable(path, exc) from exc
        token = (st.st_ino, st.st_mtime_ns, st.st_size)
        cached = self._notes_cache.get(path)
        if cached is not None and cached[0] == token:
            return cached[1]
        raw = self._read(path, NOTES_KIND)
        if _schema_of(raw, path, NOTES_KIND) < schema.SCHEMA_VERSION:
            return None
        try:
            notes = [note_from_record(r) for r in _ordered(raw.get("notes", {}), False)]
        except _CONTENT_ERRORS as exc:
            raise DamagedFileError(
                path, f"unexpected content ({type(exc).__name__}: {exc})"
            ) from exc
        self._notes_cache[path] = (token, notes)
        return notes

    @contextmanager
    def _locked(self, session_id: str) -> Iterator[None]:
        """The session's lock around a read-modify-write.

        Any fault of the disk inside becomes one message naming the session's
        folder; the files are replaced whole or not at all, so they are as they were.
        """
        folder = self.folder_for(session_id)
        if not folder.is_dir():
            raise SessionNotFound(f"no session {session_id!r} in {self.root}")
        with FileLock(folder / LOCK_FILE):
            try:
                yield
            except OSError as exc:
                raise save_failed(Path(exc.filename) if exc.filename else folder, exc) from exc

    @contextmanager
    def _tinydb(self, path: Path, kind: str) -> Iterator[TinyDB]:
        """A TinyDB on one file, read once and written once at the end; the caller holds the lock.

        If the body raises, nothing is written. A file that does not exist yet
        starts empty.
        """
        if path.exists():
            storage_args: tuple[Any, ...] = (path, self._read_for_write(path, kind))
        else:
            storage_args = (path, {"meta": _meta(kind)}, True)
        db = TinyDB(*storage_args, storage=TransactionStorage)
        yield db
        storage = db.storage
        assert isinstance(storage, TransactionStorage)
        storage.commit()

    def _read_for_write(self, path: Path, kind: str) -> Raw:
        raw = self._read(path, kind)
        _check_shape(raw, path, kind)
        return raw

    def _migrate_session(self, session_id: str) -> None:
        with self._locked(session_id):
            for path, kind in self._files(session_id):
                raw = self._read(path, kind)
                version = _schema_of(raw, path, kind)
                if version == schema.SCHEMA_VERSION:
                    continue
                backup = path.with_name(f"{path.name}.v{version}.bak")
                shutil.copy2(path, backup)
                with open(backup, "rb") as handle:
                    os.fsync(handle.fileno())
                while version < schema.SCHEMA_VERSION:
                    raw = schema.MIGRATIONS[version](kind, raw)
                    version += 1
                raw["meta"] = _meta(kind)
                AtomicJSONStorage(path).write(raw)

    def _remove_stray_temp_files(self) -> None:
        """Delete temp files left by a writer that died before its rename.

        A temp file is stray only if nobody holds its session's lock: a live
        writer holds the lock for as long as its temp file exists.
        """
        folders = {tmp.parent for tmp in self.sessions_dir.glob(f"*/.*{TEMP_SUFFIX}")}
        # A programme's copy kept for an undo, left by a create that died, is one too.
        folders.update(tmp.parent for tmp in self.programmes_dir.glob(f".*{TEMP_SUFFIX}"))
        for folder in sorted(folders):
            lock = FileLock(folder / LOCK_FILE)
            try:
                if lock.acquire(blocking=False):
                    try:
                        for tmp in folder.glob(f".*{TEMP_SUFFIX}"):
                            tmp.unlink(missing_ok=True)
                    finally:
                        lock.release()
            except OSError:
                continue
