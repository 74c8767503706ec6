"""The notes: typed lines queued until on disk, notes from afar saved once, edits, pins, deletes.

Notes get their id and time when Enter is pressed and stay in ``pending`` until
they are on disk (``SAVING``), or stay there marked ``FAILED`` with the reason,
to be retried, until they are. A retry reuses the id, and the store saves an id
once, so nothing is saved twice.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from .. import model
from ..errors import UnconfirmedSave
from ..model import Note, NoteKind
from ..store import SavedNotes
from .desk import WHAT_NOTE, Desk, Failed


class NoteState(enum.Enum):
    SAVING = "saving"
    FAILED = "failed"
    SAVED = "saved"


@dataclass
class PendingNote:
    """A note typed and not yet known to be on disk; shown until it is.

    ``note`` is the note as it will be saved (its id and time are set when
    Enter is pressed); the store adds the block and presenter it belongs to.
    """

    note: Note
    state: NoteState = NoteState.SAVING
    error: Exception | None = None
    line: str = ""  # the line as typed, prefixes and names and all (what is given back if unsaved)

    @property
    def id(self) -> str:
        return self.note.id

    @property
    def text(self) -> str:
        return self.note.text

    @property
    def kind(self) -> NoteKind:
        return self.note.kind

    @property
    def speaker(self) -> str:
        return self.note.speaker

    @property
    def owner(self) -> str:
        return self.note.owner

    @property
    def group(self) -> str:
        return self.note.group

    @property
    def created_at(self) -> datetime:
        return self.note.created_at


# Notes a phone sent, and whom to tell once they are on disk.
Afar = tuple[list[Note], Callable[[list[Note], Exception | None], None]]


class NotesService:
    """Every way a note is saved or changed, through the desk's one writer."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self._pending: list[PendingNote] = []
        self._ids_saved: set[str] | None = None  # the ids stored, for notes sent from afar
        self._typed_here: set[str] = set()  # the ids of the notes typed in this run

    def typed_here(self, note_id: str) -> bool:
        """Whether the note ``note_id`` was typed in this run of this program (not elsewhere)."""
        return note_id in self._typed_here

    @property
    def pending(self) -> list[PendingNote]:
        """The notes typed this run that the session as shown may not hold yet, in typing order."""
        return list(self._pending)

    # --- in ----------------------------------------------------------------

    def take_line(self, line: str, kind: NoteKind = NoteKind.POINT) -> PendingNote | None:
        """A line typed in the capture field, read and checked by ``intake.typed``, then queued.

        ``kind`` is the kind chosen by key, for a line without a prefix. Refused
        with an ``InputError`` (and nothing queued) if it cannot be a note.
        """
        desk = self.desk
        if desk.session_id is None or desk.read_only:
            return None
        # With its line reader, imported once a note is typed: not before a first frame.
        from .. import intake

        pending = PendingNote(intake.typed(line, kind, desk.clock(), group=desk.group), line=line)
        self._typed_here.add(pending.note.id)
        self._requeue_failed()  # the disk may be back: the older notes go first, in one write
        self._pending.append(pending)
        self._save(pending)
        desk.outcomes.pending_changed()
        return pending

    def note_now(
        self, text: str, kind: NoteKind, speaker: str = "", owner: str = ""
    ) -> PendingNote:
        """Save one note now, on the caller's thread (the command line's ``note``).

        Read and checked as a typed line is; its id is known before the save, so a
        save the disk did not confirm still names it (``error`` holds the warning).
        """
        desk = self.desk
        assert desk.session_id is not None
        from .. import intake

        note = intake.typed(text, kind, desk.clock(), desk.group, speaker=speaker, owner=owner)
        pending = PendingNote(note)
        try:
            desk.store.save_notes(desk.session_id, [note])
        except UnconfirmedSave as exc:
            pending.error = exc
        pending.state = NoteState.SAVED
        return pending

    def save_from_afar(
        self, notes: list[Note], done: Callable[[list[Note], Exception | None], None]
    ) -> None:
        """Notes written elsewhere (a phone at a table), each with its own id, time and group.

        Made by ``intake`` (``from_phone``, ``from_room``), so checked already;
        saved by the writer in the order handed. Notes that arrive while the
        writer is busy are written together, in one write (a room's burst: forty
        answers to a round in the same few seconds), and each sender is answered
        only once that write is on disk. A note whose id is saved already, at any
        time of the day, is not saved again: a phone that never heard its ✓ sends
        it again. ``done(saved, error)`` is handed to ``deliver`` once the notes
        are on disk (``saved``: as stored, with their links).
        """
        desk = self.desk
        session_id = desk.session_id
        assert session_id is not None
        desk.writer.batch(
            ("afar", session_id),
            (notes, done),
            lambda sent: self._write_afar(session_id, sent),
            self._afar_written,
        )

    def _write_afar(self, session_id: str, sent: list[Afar]) -> list[list[Note]]:
        """One write for every note sent in the batch that is not stored yet; each sender's, as stored."""
        store = self.desk.store
        if self._ids_saved is None:  # once: every id of the day, not only the recent ones
            self._ids_saved = {n.id for n in store.load(session_id).notes}
        new: dict[str, Note] = {}
        for notes, _ in sent:
            for note in notes:
                if note.id not in self._ids_saved and note.id not in new:
                    new[note.id] = note  # the first of two copies sent at once
        stored = (
            {n.id: n for n in store.save_notes(session_id, list(new.values())).notes} if new else {}
        )
        self._ids_saved.update(new)
        return [[stored[n.id] for n in notes if n.id in stored] for notes, _ in sent]

    def _afar_written(
        self, sent: list[Afar], result: list[list[Note]] | None, error: Exception | None
    ) -> None:
        if isinstance(error, UnconfirmedSave):
            self._ids_saved = None  # in place, but read the ids afresh to be sure
        self.desk.mark_unread()
        for i, (_, done) in enumerate(sent):
            done(result[i] if result is not None else [], error)

    # --- until on disk -----------------------------------------------------

    def retry(self) -> int:
        """Try the notes that failed again, in the order they were typed; returns how many."""
        count = self._requeue_failed()
        if count:
            self.desk.outcomes.pending_changed()
        return count

    def _requeue_failed(self) -> int:
        failed = [n for n in self._pending if n.state is NoteState.FAILED]
        for note in failed:
            note.state, note.error = NoteState.SAVING, None
            self._save(note)
        return len(failed)

    def unsaved(self) -> list[PendingNote]:
        """The notes typed that are not on disk yet (saving or failed), in typing order."""
        return [n for n in self._pending if n.state is not NoteState.SAVED]

    def forget_saved(self, stored_ids: set[str]) -> None:
        """Drop the pending notes that the session as read now contains."""
        before = len(self._pending)
        self._pending = [
            n for n in self._pending if not (n.state is NoteState.SAVED and n.id in stored_ids)
        ]
        if len(self._pending) != before:
            self.desk.outcomes.pending_changed()

    def _save(self, note: PendingNote) -> None:
        """Queue a note; notes typed one after another while the writer is busy go in one write."""
        desk = self.desk
        assert desk.session_id is not None
        sid = desk.session_id  # the session it was typed in, whatever is open when it is written
        desk.writer.batch(sid, note, lambda notes: self._write(sid, notes), self._written)

    def _write(self, session_id: str, notes: list[PendingNote]) -> SavedNotes:
        # The state is set here, on the writer's thread, so that it is true
        # even when nobody is left to deliver the outcome to (the app has ended).
        try:
            saved = self.desk.store.save_notes(session_id, [n.note for n in notes])
        except UnconfirmedSave:
            for n in notes:
                n.state = NoteState.SAVED
            raise
        except BaseException as exc:
            for n in notes:
                n.error = exc if isinstance(exc, Exception) else None
                n.state = NoteState.FAILED
            raise
        for n in notes:
            n.state = NoteState.SAVED
        return saved

    def _written(
        self, notes: list[PendingNote], result: SavedNotes | None, error: Exception | None
    ) -> None:
        desk = self.desk
        if error is not None and not isinstance(error, UnconfirmedSave):
            for n in notes:
                n.error = error  # the writer's one clear message, also for a bare OSError
        if error is not None:
            desk.outcomes.failed(WHAT_NOTE, error)
        if error is None and result is not None and desk.read_since(result.before, result.after):
            # Nobody else saved since the session was read: what was just saved is
            # all that changed, so it joins the session as read, without reading it again.
            desk.outcomes.notes_saved(result.added)
        elif error is not None or result is None:
            desk.mark_unread()
        desk.outcomes.pending_changed()

    # --- changes -----------------------------------------------------------

    def toggle_pin(self, note_id: str) -> None:
        """Pin a note to the top of the recap, or unpin it."""
        self.desk.change_note(note_id, lambda n: replace(n, pinned=not n.pinned))

    def toggle_done(self, note_id: str) -> None:
        """An action carried out, or open again (open ones carry over to the next occasion)."""
        self.desk.change_note(note_id, lambda n: replace(n, done=not n.done))

    def edit_note(self, before: Note, after: Note, failed: Failed | None = None) -> None:
        """Write what an edit changed (``before`` → ``after``) onto the note as it is on disk now.

        Another program may have pinned or edited the note meanwhile; only what
        this edit changed is written, so neither change is lost.
        """
        changes = model.changes_between(before, after)
        self.desk.change_note(before.id, lambda current: replace(current, **changes), failed=failed)

    def delete_note(self, note_id: str, then: Callable[[Note], None] | None = None) -> None:
        self.desk.submit(lambda sid: self.desk.store.delete_note(sid, note_id), then)

    def restore_note(self, note: Note) -> None:
        self.desk.submit(lambda sid: self.desk.store.restore_note(sid, note))
