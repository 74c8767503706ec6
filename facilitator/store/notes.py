"""The notes files of a session: a note saved (once, by its id), changed, deleted, put back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from tinydb import Query

from .. import model
from ..errors import (
    InputError,
)
from ..model import Note, NoteKind
from ..records import (
    block_from_record,
    note_from_record,
    note_to_record,
    presentation_from_record,
)
from ..storage import (
    fsync_folder,
)
from . import layout
from .base import _StoreBase
from .layout import _notes_number, _notes_path
from .schema import NOTES_KIND, SESSION_KIND


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


class _NotesFiles(_StoreBase):
    """Saving and changing notes, a hundred to a file."""

    def add_note(
        self,
        session_id: str,
        text: str,
        kind: NoteKind = NoteKind.POINT,
        speaker: str = "",
        owner: str = "",
        now: datetime | None = None,
        note_id: str | None = None,
        group: str = "",
    ) -> Note:
        """Save a note, linked to the running block and the current presenter.

        When this returns, the note is on disk. A note saved again under the
        same ``note_id`` (a retry after an unclear failure) is stored once.
        """
        draft = Note(
            text=text,
            kind=kind,
            id=note_id or model.new_id(),
            speaker=speaker,
            owner=owner,
            created_at=now or model.utc_now(),
            group=group,
        )
        return self.add_notes(session_id, [draft])[0]

    def add_notes(self, session_id: str, drafts: list[Note]) -> list[Note]:
        """Save notes, each checked first (see ``save_notes``); returns them as saved."""
        for draft in drafts:
            model.check_note(draft)
        return self.save_notes(session_id, drafts).notes

    def save_notes(self, session_id: str, drafts: list[Note]) -> SavedNotes:
        """Save notes typed one after another, in one write.

        The notes are checked by whoever took them (``model.check_note``: the
        service, once); the store checks what it reads. Each is linked to the
        block running and the presenter presenting now (a quote from the stage
        is the presenter's unless it names its speaker). A note whose id is
        stored already is not stored again.
        """
        with self._locked(session_id):
            before = self.stamp(session_id)
            # Read for a write: every record has passed the load's checks already.
            main = self._read_for_write(self.path_for(session_id), SESSION_KIND)
            blocks = [block_from_record(r) for r in main.get("blocks", {}).values()]
            people = [presentation_from_record(r) for r in main.get("presentations", {}).values()]
            running = model.running_block(blocks)
            presenting = model.presenting_now(people)
            recent = self._recent_notes(session_id)
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
                self._append_notes(session_id, new)
            else:
                fsync_folder(self.folder_for(session_id))  # a retry: make sure it stays
            after = self.stamp(session_id)
        return SavedNotes(saved, new, before, after)

    def _recent_notes(self, session_id: str) -> dict[str, Note]:
        """The newest notes by id: a note just saved is in the last two files."""
        return {
            note.id: note
            for path in self._note_files(session_id, newest=2)
            for note in self._notes_in(path) or ()
        }

    def _append_notes(self, session_id: str, notes: list[Note]) -> None:
        """Add notes to the newest notes file, and to new ones as each fills; under the lock."""
        records = [note_to_record(n) for n in notes]
        files = self._note_files(session_id, newest=1)
        path = files[-1] if files else _notes_path(self.folder_for(session_id), 1)
        while records:
            with self._tinydb(path, NOTES_KIND) as db:
                table = db.table("notes")
                room = max(0, layout.NOTES_PER_FILE - len(table))
                if room:
                    table.insert_multiple(records[:room])
            records = records[room:]
            path = _notes_path(self.folder_for(session_id), _notes_number(path) + 1)

    def change_note(self, session_id: str, note_id: str, change: Callable[[Note], Note]) -> Note:
        """Replace one note, as it is on disk now, by what ``change`` makes of it; returns the new note."""
        with self._locked(session_id):
            for path in reversed(self.note_files(session_id)):  # recent notes are edited most
                with self._tinydb(path, NOTES_KIND) as db:
                    table = db.table("notes")
                    found = table.get(Query().id == note_id)
                    if isinstance(found, dict):
                        note = change(note_from_record(dict(found)))
                        model.check_note(note)  # made here, from the note as it is on disk
                        table.update(note_to_record(note), Query().id == note_id)
                        return note
        raise InputError.of("error.note_gone")

    def delete_note(self, session_id: str, note_id: str) -> Note:
        """Remove a note; returns it as it was, for an undo."""
        with self._locked(session_id):
            for path in reversed(self.note_files(session_id)):
                with self._tinydb(path, NOTES_KIND) as db:
                    table = db.table("notes")
                    found = table.get(Query().id == note_id)
                    if isinstance(found, dict):
                        table.remove(Query().id == note_id)
                        return note_from_record(dict(found))
        raise InputError.of("error.note_gone")

    def restore_note(self, session_id: str, note: Note) -> None:
        """Put back a deleted note as it was, with its id, time and links."""
        with self._locked(session_id):
            for path in self.note_files(session_id):
                if any(n.id == note.id for n in self._notes_in(path) or []):
                    return  # it is back already
            self._append_notes(session_id, [note])

    def _unlink_notes(self, session_id: str, link: str, ids: set[str]) -> None:
        """Notes of removed records stay, no longer linked to them."""
        with self._locked(session_id):
            for path in self.note_files(session_id):
                with self._tinydb(path, NOTES_KIND) as db:
                    db.table("notes").update({link: None}, Query()[link].one_of(sorted(ids)))
