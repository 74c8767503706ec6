"""The notes files of a session: a note saved (once, by its id), changed, deleted, put back."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from tinydb import Query

from .. import model
from ..errors import DamagedFileError, InputError
from ..model import Note, NoteKind
from ..records import (
    block_from_record,
    note_from_record,
    note_to_record,
    presentation_from_record,
)
from ..storage import fsync_folder
from . import layout, schema
from .ground import Ground
from .layout import NOTES_NAME, notes_number, notes_path
from .schema import CONTENT_ERRORS, NOTES_KIND, SESSION_KIND, ordered, schema_of, unreadable_file


@dataclass(frozen=True)
class SavedNotes:
    """Notes handed to be saved, as saved; and the session's stamp just before and after.

    Taken under the session's lock: if the stamp before is the one a reader
    last read at, the notes ``added`` are all that changed since.
    """

    notes: list[Note]
    added: list[Note]
    before: tuple[object, ...] | None
    after: tuple[object, ...] | None


def note_names(folder: Path) -> list[str]:
    """The names of a folder's notes files, in number order."""
    # Plain names sort in number order (five digits): no Path objects made or
    # compared for all of them, which cost more than the save itself with
    # five hundred notes files.
    try:
        with os.scandir(folder) as entries:
            return sorted(e.name for e in entries if NOTES_NAME.fullmatch(e.name))
    except FileNotFoundError:
        return []


class NotesFiles:
    """Saving and changing notes, a hundred to a file.

    Two things are kept between calls, each checked before it is trusted: the
    notes parsed from each file (while the file is unchanged), and the name of
    each session's newest notes file, so that a save need not list the folder.
    """

    def __init__(self, ground: Ground) -> None:
        self.ground = ground
        self._parsed: dict[Path, tuple[tuple[int, int, int], list[Note]]] = {}
        self._newest: dict[str, str] = {}  # session id -> its newest notes file's name, or ""

    def files(self, session_id: str, newest: int | None = None) -> list[Path]:
        """The session's notes files in order, or only the ``newest`` few.

        Only names exactly like ``notes-00001.json``: a sync tool's copy beside
        them ("notes-00001 (conflicted copy).json") is not ours, never read or written.
        """
        folder = self.ground.folder_for(session_id)
        names = note_names(folder)
        self._newest[session_id] = names[-1] if names else ""
        return [folder / name for name in (names[-newest:] if newest else names)]

    def newest_name(self, session_id: str) -> str:
        """The name of the session's newest notes file ("" if it has none), mostly without a listing.

        Only the store makes notes files, each numbered one after the last and
        under the session's lock: the one remembered is still the newest if it
        is there and the next number is not. Two looks, whatever the day's
        size; the folder is listed again only when another program (or a
        copied-back folder) has changed what is there.
        """
        folder = self.ground.folder_for(session_id)
        known = self._newest.get(session_id)
        if known is not None:
            following = notes_path(folder, notes_number(known) + 1 if known else 1)
            if (not known or os.path.lexists(folder / known)) and not os.path.lexists(following):
                return known
        self.files(session_id)
        return self._newest[session_id]

    def stamp(self, session_id: str) -> tuple[object, ...] | None:
        """A token that changes whenever anything in the session is saved.

        Saves replace whole files, so the inode, time and size of the main file
        and of the newest notes file tell; a few stats, cheap to poll.
        """
        folder = self.ground.folder_for(session_id)
        try:
            newest = self.newest_name(session_id)
            stats = [folder.stat(), self.ground.path_for(session_id).stat()]
            if newest:
                stats.append((folder / newest).stat())
        except OSError:  # gone, or a file the load will name as damaged
            return None
        number = notes_number(newest) if newest else 0
        return (number, *((st.st_ino, st.st_mtime_ns, st.st_size) for st in stats))

    def read(self, path: Path) -> list[Note] | None:
        """The notes of one file; None if the file needs a migration first.

        Parsed notes are kept while the file's inode, time and size stay the
        same: files are only ever replaced whole, so that means an unchanged
        file. A save touches one file of a hundred notes, so a reload after it
        parses a hundred notes, not the day's thousands.
        """
        try:
            st = path.stat()
        except OSError as exc:  # a link in a loop, a folder we may not enter
            raise unreadable_file(path, exc) from exc
        token = (st.st_ino, st.st_mtime_ns, st.st_size)
        cached = self._parsed.get(path)
        if cached is not None and cached[0] == token:
            return cached[1]
        raw = self.ground.read(path, NOTES_KIND)
        if schema_of(raw, path, NOTES_KIND) < schema.SCHEMA_VERSION:
            return None
        try:
            notes = [note_from_record(r) for r in ordered(raw.get("notes", {}), False)]
        except CONTENT_ERRORS as exc:
            raise DamagedFileError(
                path, f"unexpected content ({type(exc).__name__}: {exc})"
            ) from exc
        self._parsed[path] = (token, notes)
        return notes

    def save(self, session_id: str, drafts: list[Note]) -> SavedNotes:
        """Save notes typed one after another, in one write.

        The notes are checked by whoever took them (``intake``: once, where it
        came in); the store checks what it reads. Each is linked to the
        block running and the presenter presenting now (a quote from the stage
        is the presenter's unless it names its speaker). A note whose id is
        stored already is not stored again.
        """
        with self.ground.locked(session_id):
            before = self.stamp(session_id)
            # Read for a write: every record has passed the load's checks already.
            main = self.ground.read_for_write(self.ground.path_for(session_id), SESSION_KIND)
            blocks = [block_from_record(r) for r in main.get("blocks", {}).values()]
            people = [presentation_from_record(r) for r in main.get("presentations", {}).values()]
            running = model.running_block(blocks)
            presenting = model.presenting_now(people)
            recent = self._recent(session_id)
            saved: list[Note] = []
            new: list[Note] = []
            for draft in drafts:
                stored = recent.get(draft.id)
                if stored is not None:
                    saved.append(stored)
                    continue
                speaker = draft.speaker.strip()
                if presenting and draft.kind is NoteKind.QUOTE and not speaker:
                    speaker = presenting.presenter
                note = replace(
                    draft,
                    speaker=speaker,
                    owner=draft.owner.strip(),
                    # An answer in a round belongs to the round's block, whatever runs now.
                    block_id=draft.block_id
                    if draft.round_id is not None
                    else (running.id if running else None),
                    presentation_id=presenting.id if presenting else None,
                )
                saved.append(note)
                new.append(note)
            if new:
                self._append(session_id, new)
            else:
                fsync_folder(self.ground.folder_for(session_id))  # a retry: make sure it stays
            after = self.stamp(session_id)
        return SavedNotes(saved, new, before, after)

    def _recent(self, session_id: str) -> dict[str, Note]:
        """The newest notes by id: a note just saved is in the last two files."""
        folder = self.ground.folder_for(session_id)
        newest = self.newest_name(session_id)
        if not newest:
            return {}
        paths = [folder / newest]
        earlier = notes_path(folder, notes_number(newest) - 1)
        if os.path.lexists(earlier):
            paths.insert(0, earlier)
        return {note.id: note for path in paths for note in self.read(path) or ()}

    def _append(self, session_id: str, notes: list[Note]) -> None:
        """Add notes to the newest notes file, and to new ones as each fills; under the lock.

        A file is full at a hundred notes or when the next note would take it
        past ``layout.NOTES_FILE_BYTES``: a few large notes start a file of
        their own instead of making one too big to save, so one sender's large
        notes never stop the next note, anyone's, from being saved.
        """
        records = [note_to_record(n) for n in notes]
        sizes = [_record_bytes(r) for r in records]
        folder = self.ground.folder_for(session_id)
        newest = self.newest_name(session_id)
        path = folder / newest if newest else notes_path(folder, 1)
        while records:
            taken = 0
            if not _past_budget(path):
                with self.ground.tinydb(path, NOTES_KIND) as db:
                    table = db.table("notes")
                    held, used = len(table), _size(path)
                    while taken < len(records) and held + taken < layout.NOTES_PER_FILE:
                        if (held or taken) and used + sizes[taken] > layout.NOTES_FILE_BYTES:
                            break
                        used += sizes[taken]
                        taken += 1
                    if taken:
                        table.insert_multiple(records[:taken])
                if taken:
                    self._newest[session_id] = path.name
            records, sizes = records[taken:], sizes[taken:]
            path = notes_path(folder, notes_number(path.name) + 1)

    def change(self, session_id: str, note_id: str, change: Callable[[Note], Note]) -> Note:
        """Replace one note, as it is on disk now, by what ``change`` makes of it; returns the new note."""
        with self.ground.locked(session_id):
            for path in reversed(self.files(session_id)):  # recent notes are edited most
                with self.ground.tinydb(path, NOTES_KIND) as db:
                    table = db.table("notes")
                    found = table.get(Query().id == note_id)
                    if isinstance(found, dict):
                        note = change(note_from_record(dict(found)))
                        from ..intake import checked  # only for an edit: not for every load

                        checked(note)  # made here, from the note as it is on disk
                        table.update(note_to_record(note), Query().id == note_id)
                        return note
        raise InputError.of("error.note_gone")

    def delete(self, session_id: str, note_id: str) -> Note:
        """Remove a note; returns it as it was, for an undo."""
        with self.ground.locked(session_id):
            for path in reversed(self.files(session_id)):
                with self.ground.tinydb(path, NOTES_KIND) as db:
                    table = db.table("notes")
                    found = table.get(Query().id == note_id)
                    if isinstance(found, dict):
                        table.remove(Query().id == note_id)
                        return note_from_record(dict(found))
        raise InputError.of("error.note_gone")

    def restore(self, session_id: str, note: Note) -> None:
        """Put back a deleted note as it was, with its id, time and links."""
        with self.ground.locked(session_id):
            for path in self.files(session_id):
                if any(n.id == note.id for n in self.read(path) or []):
                    return  # it is back already
            self._append(session_id, [note])

    def unlink(self, session_id: str, link: str, ids: set[str]) -> None:
        """Notes of removed records stay, no longer linked to them."""
        with self.ground.locked(session_id):
            for path in self.files(session_id):
                with self.ground.tinydb(path, NOTES_KIND) as db:
                    db.table("notes").update({link: None}, Query()[link].one_of(sorted(ids)))


def stored_bytes(note: Note) -> int:
    """What ``note`` adds to a notes file: its record as the file writes it, and a little more."""
    return _record_bytes(note_to_record(note))


def _record_bytes(record: dict[str, Any]) -> int:
    return len(json.dumps(record, ensure_ascii=True, separators=(",", ":"))) + 20


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _past_budget(path: Path) -> bool:
    """A file at its size already (an older store's, or one grown by another program): not opened."""
    return _size(path) >= layout.NOTES_FILE_BYTES
