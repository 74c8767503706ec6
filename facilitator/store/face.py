"""``Store``, the store's one face: its parts composed, and the calls the rest of facilitator makes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .. import model
from ..model import Block, Note, Presentation, Programme, SessionData
from .ground import Ground, T
from .listing import Problem, SessionIndex, SessionSummary
from .notes import NotesFiles, SavedNotes
from .programmes import ProgrammeFiles
from .sessions import SessionFiles


class Store:
    """The sessions on disk. Every call reads the files afresh: no stale cache.

    Each part keeps its own files and is reached here or as an attribute:
    ``ground`` (folders, lock, reading and writing a file), ``notes_files``,
    ``index`` (the listing), ``programme_files`` and ``sessions``.
    """

    def __init__(self, root: str | Path, create: bool = True) -> None:
        """The store at ``root``; made there if missing, unless ``create`` is False.

        A store opened only to read (``list``, ``export``, the room view) is
        never made: a mistyped ``--store`` must not leave an empty store behind.
        """
        self.ground = Ground(Path(root))
        self.root = self.ground.root
        self.sessions_dir = self.ground.sessions_dir
        self.programmes_dir = self.ground.programmes_dir
        self.notes_files = NotesFiles(self.ground)
        self.index = SessionIndex(self.ground, self.notes_files)
        self.programme_files = ProgrammeFiles(self.ground)
        self.sessions = SessionFiles(
            self.ground, self.notes_files, self.index, self.programme_files
        )
        if create:
            self.ground.make_folders()
            self.tidy()

    # --- the store and where things are -------------------------------------------------

    def tidy(self) -> None:
        """Remove what writers that died left behind; for a store opened to write.

        A command that reads (list, export, the room view) deletes nothing, and
        a thousand sessions' folders are not searched before a listing.
        """
        if self.exists():
            self.ground.remove_stray_temp_files()

    def exists(self) -> bool:
        return self.ground.exists()

    def folder_for(self, session_id: str) -> Path:
        return self.ground.folder_for(session_id)

    def path_for(self, session_id: str) -> Path:
        """The session's main file (agenda, presentations, session fields)."""
        return self.ground.path_for(session_id)

    def note_files(self, session_id: str) -> list[Path]:
        """The session's notes files, in order (see ``NotesFiles.files``)."""
        return self.notes_files.files(session_id)

    def strays(self, session_id: str) -> list[Path]:
        """Files in the session's folder that the store did not write (a sync tool's copies…)."""
        return self.ground.strays(session_id)

    def resolve(self, ref: str) -> str:
        """A session id from what the user typed: an id, a unique start of one, or ``latest``."""
        return self.ground.resolve(ref)

    def stamp(self, session_id: str) -> tuple[object, ...] | None:
        """A token that changes whenever anything in the session is saved."""
        return self.notes_files.stamp(session_id)

    # --- listing and programmes ---------------------------------------------------------

    def list_sessions(self) -> tuple[list[SessionSummary], list[Problem]]:
        """Every readable session, newest date first, and the sessions that could not be read."""
        return self.index.list_sessions()

    def occasions(self, programme_id: str) -> list[SessionSummary]:
        """The programme's sessions in order: by occasion number, then date."""
        return self.index.occasions(programme_id)

    def programmes(self) -> list[Programme]:
        """Every programme in the store, by name."""
        return self.programme_files.programmes()

    def programme(self, ref: str) -> Programme:
        """A programme by id, by name (any case), or by the unique start of either."""
        return self.programme_files.programme(ref)

    # --- notes --------------------------------------------------------------------------

    def save_notes(self, session_id: str, drafts: list[Note]) -> SavedNotes:
        """Save notes already checked, in one write (see ``NotesFiles.save``)."""
        return self.notes_files.save(session_id, drafts)

    def change_note(self, session_id: str, note_id: str, change: Callable[[Note], Note]) -> Note:
        """Replace one note, as it is on disk now, by what ``change`` makes of it; returns the new note."""
        return self.notes_files.change(session_id, note_id, change)

    def delete_note(self, session_id: str, note_id: str) -> Note:
        """Remove a note; returns it as it was, for an undo."""
        return self.notes_files.delete(session_id, note_id)

    def restore_note(self, session_id: str, note: Note) -> None:
        """Put back a deleted note as it was, with its id, time and links."""
        self.notes_files.restore(session_id, note)

    # --- whole sessions -----------------------------------------------------------------

    def load(self, session_id: str, newest: int | None = None) -> SessionData:
        """The session with its notes; with ``newest``, only the notes of that many newest files."""
        return self.sessions.load(session_id, newest)

    def create(self, data: SessionData) -> str:
        """Save a new session (joining its programme, if it names one); returns its id."""
        return self.sessions.create(data)

    def update_block(self, session_id: str, block: Block) -> None:
        """Write one block back as it is now (its timer state, title, minutes…)."""
        self.sessions.update_block(session_id, block)

    def change_blocks(self, session_id: str, change: Callable[[list[Block]], T]) -> T:
        """Apply ``change`` to the session's blocks as they are on disk now, and save them."""
        return self.sessions.change_blocks(session_id, change)

    def change_presentations(self, session_id: str, change: Callable[[list[Presentation]], T]) -> T:
        """Apply ``change`` to the presentation queue as it is on disk now, and save it."""
        return self.sessions.change_presentations(session_id, change)

    def change_roster(
        self, session_id: str, change: Callable[[model.Session, list[Presentation]], T]
    ) -> T:
        """Change the session's fields and its queue together, in one save (attendance, say)."""
        return self.sessions.change_roster(session_id, change)

    def change_session(self, session_id: str, change: Callable[[model.Session], T]) -> T:
        """Apply ``change`` to the session's own fields as they are on disk now, and save them."""
        return self.sessions.change_session(session_id, change)
