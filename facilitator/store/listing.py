"""Listing the sessions of a store, with an index beside them so that a listing stays fast."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from .. import model
from ..errors import (
    DamagedFileError,
    SessionNotFound,
    StoreError,
)
from ..records import (
    block_from_record,
    session_from_record,
)
from ..storage import (
    PRIVATE_FILE,
    FileLock,
    write_atomically,
)
from .ground import Ground
from .layout import INDEX_FILE, SESSION_FILE
from .notes import NotesFiles
from .schema import CONTENT_ERRORS, INDEX_KIND, SESSION_KIND, Raw, only_record


class SessionSummary(NamedTuple):
    """One line of the listing. A NamedTuple: a listing makes one for each of a thousand sessions."""

    id: str
    title: str
    date: date | None
    state: str
    changed: float
    programme_id: str = ""
    programme: str = ""
    occasion: int | None = None


@dataclass(frozen=True)
class Problem:
    """A session the store could not read, kept for the user to see."""

    path: Path
    message: str


def _summary_to_index(summary: SessionSummary) -> dict[str, Any]:
    return {
        "title": summary.title,
        "date": summary.date.isoformat() if summary.date else None,
        "state": summary.state,
        "changed": summary.changed,
        "programme_id": summary.programme_id,
        "programme": summary.programme,
        "occasion": summary.occasion,
    }


def _summary_from_index(session_id: str, entry: dict[str, Any]) -> SessionSummary:
    day = entry["date"]
    occasion = entry["occasion"]
    if occasion is not None and not isinstance(occasion, int):
        raise TypeError("occasion")
    title, state, programme = entry["title"], entry["state"], entry["programme"]
    if not (isinstance(title, str) and isinstance(state, str) and isinstance(programme, str)):
        raise TypeError("text")
    programme_id = entry["programme_id"]
    if not isinstance(programme_id, str):
        raise TypeError("programme_id")
    return SessionSummary(
        session_id,
        title,
        date.fromisoformat(day) if day is not None else None,
        state,
        float(entry["changed"]),
        programme_id,
        programme,
        occasion,
    )


def _summary(raw: Raw, path: Path, has_notes: bool) -> SessionSummary:
    try:
        record = only_record(raw, "session")
        session = session_from_record(record)  # by the rules, as a load reads it
        blocks = [block_from_record(r) for r in raw.get("blocks", {}).values()]
        return SessionSummary(
            id=session.id,
            title=session.title,
            date=session.date,
            state=model.day_state(blocks, has_notes=has_notes),
            changed=path.stat().st_mtime,
            programme_id=(record.get("programme") or {}).get("id", ""),
            programme=(record.get("programme") or {}).get("name", ""),
            occasion=record.get("occasion"),
        )
    except CONTENT_ERRORS as exc:
        raise DamagedFileError(path, f"unexpected content ({type(exc).__name__}: {exc})") from exc


def _listing_stamp(folder: str) -> list[int]:
    """What changes whenever a session is saved: its folder's time, its main file's inode, time, size."""
    file = os.stat(f"{folder}{os.sep}{SESSION_FILE}")  # a thousand times: no os.path.join
    here = os.stat(folder)
    return [here.st_mtime_ns, file.st_ino, file.st_mtime_ns, file.st_size]


class SessionIndex:
    """The sessions of the store, and the index that keeps a listing fast."""

    def __init__(self, ground: Ground, notes: NotesFiles) -> None:
        self.ground = ground
        self.notes = notes

    def list_sessions(self) -> tuple[list[SessionSummary], list[Problem]]:
        """Every readable session, newest date first, and the sessions that could not be read.

        A session unchanged since the last listing is taken from the index kept
        beside the sessions (``.index.json``); only the others are read. The
        index is a cache: missing, damaged, stale or unwritable, it costs time,
        never a wrong or missing line.
        """
        index = self._read()
        fresh: dict[str, Any] = {}
        summaries: list[SessionSummary] = []
        problems: list[Problem] = []
        for session_id, stamp in self._stamps():
            entry = index.get(session_id)
            if stamp is not None and isinstance(entry, dict) and entry.get("stamp") == stamp:
                try:
                    summaries.append(_summary_from_index(session_id, entry))
                    fresh[session_id] = entry
                    continue
                except CONTENT_ERRORS:
                    pass  # a damaged entry: read the session itself
            path = self.ground.path_for(session_id)
            try:
                raw = self.ground.read(path, SESSION_KIND)
                summary = _summary(raw, path, has_notes=bool(self.notes.files(session_id)))
            except (StoreError, SessionNotFound) as exc:  # one session, not the listing
                problems.append(Problem(path, str(exc)))
                continue
            except OSError as exc:  # a folder we may not read, a disk fault
                problems.append(Problem(path, f"{path}: cannot read ({exc.strerror or exc})"))
                continue
            summaries.append(summary)
            if stamp is not None:
                fresh[session_id] = {"stamp": stamp, **_summary_to_index(summary)}
        if fresh != index:
            self._update(fresh, whole=True)
        summaries.sort(key=lambda s: (s.date or date.min, s.changed), reverse=True)
        return summaries, problems

    def _stamps(self) -> Iterator[tuple[str, list[int] | None]]:
        """Each session's id, and what changes whenever it is saved (None if it cannot be told).

        Every save writes a new file and renames it into place, so the file's
        inode changes each time, whatever its time and size; a new notes file
        changes the folder's time. Two stats a session, on plain strings: a
        listing of a thousand sessions is a few milliseconds.
        """
        try:
            entries = sorted(os.scandir(self.ground.sessions_dir), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                yield entry.name, _listing_stamp(entry.path)
            except (FileNotFoundError, NotADirectoryError):
                continue  # not a session folder (a stray file, a half-made session)
            except OSError:
                yield entry.name, None

    def add_created(self, session_id: str) -> None:
        """Put a session just created into the index, so that the next listing need not read it.

        Only a cache: any fault here costs the next listing one read, nothing else.
        """
        path = self.ground.path_for(session_id)
        try:
            stamp = _listing_stamp(str(self.ground.folder_for(session_id)))
            raw = self.ground.read(path, SESSION_KIND)
            summary = _summary(raw, path, has_notes=bool(self.notes.files(session_id)))
        except (OSError, StoreError, SessionNotFound):
            return
        self._update({session_id: {"stamp": stamp, **_summary_to_index(summary)}})

    def _update(self, entries: dict[str, Any], whole: bool = False) -> None:
        """Merge ``entries`` into the index under its lock (two programs may add at once).

        ``whole``: the entries of a complete listing, which win over the index;
        sessions that are gone leave it, and those made meanwhile stay.
        """
        if not self.ground.sessions_dir.is_dir():
            return
        try:
            with FileLock(self._path):  # .index.json.lock
                current = self._read()
                if whole:
                    kept = {
                        sid: entry
                        for sid, entry in current.items()
                        if sid not in entries and os.path.isdir(self.ground.folder_for(sid))
                    }
                    merged = {**kept, **entries}
                else:
                    merged = {**current, **entries}
                if merged != current:
                    self._write(merged)
        except (OSError, StoreError):
            pass  # a read-only store, a lock not to be had: the next listing reads the sessions again

    @property
    def _path(self) -> Path:
        return self.ground.sessions_dir / INDEX_FILE

    def _read(self) -> dict[str, Any]:
        try:
            found = json.loads(self._path.read_bytes())  # a cache: no checks beyond its shape
        except (OSError, ValueError, RecursionError):
            return {}
        entries = found.get("sessions") if isinstance(found, dict) else None
        if not isinstance(found, dict) or found.get("kind") != INDEX_KIND:
            return {}
        return entries if isinstance(entries, dict) else {}

    def _write(self, entries: dict[str, Any]) -> None:
        if not self.ground.sessions_dir.is_dir():
            return
        text = json.dumps({"kind": INDEX_KIND, "sessions": entries}, ensure_ascii=False)
        try:
            write_atomically(self._path, text, PRIVATE_FILE)
        except (OSError, StoreError):
            pass  # a read-only store, a full disk: the next listing reads the sessions again

    def occasions(self, programme_id: str) -> list[SessionSummary]:
        """The programme's sessions in order: by occasion number, then date."""
        summaries, _ = self.list_sessions()
        mine = [s for s in summaries if s.programme_id == programme_id]
        return sorted(mine, key=lambda s: (s.occasion or 0, s.date or date.min))
