"""The ground every part of the store stands on: its folders, a session's files, the lock, reading and writing a file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol, TypeVar

from tinydb import TinyDB

from ..errors import SessionNotFound, StoreError
from ..storage import (
    PRIVATE_FOLDER,
    TEMP_SUFFIX,
    AtomicJSONStorage,
    FileLock,
    TransactionStorage,
    reason_of,
    save_failed,
)
from .layout import LOCK_FILE, OURS, SESSION_FILE
from .schema import Raw, check_shape, meta_table, schema_of, unreadable_file

T = TypeVar("T")


class Record(Protocol):
    id: str


R = TypeVar("R", bound=Record)


def remove_empty(folders: list[Path]) -> None:
    """Take back folders a call made, innermost first, as long as they are empty."""
    for folder in reversed(folders):
        try:
            # Its lock file too: nobody else could know a folder made a moment ago.
            (folder / LOCK_FILE).with_name(LOCK_FILE + ".lock").unlink(missing_ok=True)
            folder.rmdir()
        except OSError:
            return


class Ground:
    """Where the store's files are, the session's lock, and a file read with its checks or written whole."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.sessions_dir = root / "sessions"
        self.programmes_dir = root / "programmes"

    def exists(self) -> bool:
        return self.sessions_dir.is_dir()

    def make_folders(self) -> list[Path]:
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
                    self.root.mkdir(PRIVATE_FOLDER, parents=True, exist_ok=True)
                else:
                    folder.mkdir(PRIVATE_FOLDER, exist_ok=True)
                made.append(folder)
        except OSError as exc:
            remove_empty(made)
            raise StoreError.of(
                "store.no_folder", path=str(self.sessions_dir), reason=reason_of(exc)
            ) from exc
        return made

    def folder_for(self, session_id: str) -> Path:
        return self.sessions_dir / session_id

    def path_for(self, session_id: str) -> Path:
        """The session's main file (agenda, presentations, session fields)."""
        return self.folder_for(session_id) / SESSION_FILE

    def strays(self, session_id: str) -> list[Path]:
        """Files in the session's folder that the store did not write (a sync tool's copies…)."""
        try:
            found = sorted(self.folder_for(session_id).iterdir())
        except OSError:
            return []
        return [p for p in found if p.is_file() and not OURS.fullmatch(p.name)]

    def session_ids(self) -> list[str]:
        """The sessions' ids, in order."""
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
        ids = self.session_ids()
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

    def read(self, path: Path, kind: str) -> Raw:
        """A store file of ``kind``, its schema version checked (not yet its records)."""
        if not path.exists():
            if path.is_symlink():  # there, but leads nowhere: damaged, not missing
                try:
                    path.stat()
                except OSError as exc:
                    raise unreadable_file(path, exc) from exc
            raise SessionNotFound(f"no session file {path}")
        raw = AtomicJSONStorage(path).read()
        assert raw is not None
        schema_of(raw, path, kind)
        return raw

    def read_for_write(self, path: Path, kind: str) -> Raw:
        """A file about to be written into: every record must read as a load reads it."""
        raw = self.read(path, kind)
        check_shape(raw, path, kind)
        return raw

    def write(self, path: Path, raw: Raw) -> None:
        """Replace a file whole with ``raw``, durably (see storage.py)."""
        AtomicJSONStorage(path).write(raw)

    @contextmanager
    def locked(self, session_id: str) -> Iterator[None]:
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
    def tinydb(self, path: Path, kind: str) -> Iterator[TinyDB]:
        """A TinyDB on one file, read once and written once at the end; the caller holds the lock.

        If the body raises, nothing is written. A file that does not exist yet
        starts empty.
        """
        if path.exists():
            storage_args: tuple[Any, ...] = (path, self.read_for_write(path, kind))
        else:
            storage_args = (path, {"meta": meta_table(kind)}, True)
        db = TinyDB(*storage_args, storage=TransactionStorage)
        yield db
        storage = db.storage
        assert isinstance(storage, TransactionStorage)
        storage.commit()

    def remove_stray_temp_files(self) -> None:
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
