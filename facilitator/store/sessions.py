"""A whole session: read, created, and its agenda, queue and fields changed under the lock."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB

from .. import model
from ..errors import DamagedFileError, StoreError, UnconfirmedSave
from ..model import Block, Presentation, SessionData
from ..records import (
    block_from_record,
    block_to_record,
    note_to_record,
    presentation_from_record,
    presentation_to_record,
    session_from_record,
    session_to_record,
)
from ..storage import PRIVATE_FOLDER, save_failed
from . import layout, schema
from .ground import Ground, R, T, remove_empty
from .layout import SESSION_FILE, notes_path
from .listing import SessionIndex
from .notes import NotesFiles
from .programmes import ProgrammeFiles, confirmed_or_noted
from .schema import (
    NOTES_KIND,
    SESSION_KIND,
    Raw,
    meta_table,
    numbered,
    only_record,
    ordered,
    positioned,
    schema_of,
    table_dict,
    to_session_data,
)


def _end_the_slot_with_its_block(db: TinyDB, before: list[Block], after: list[Block]) -> None:
    """When the block on the clock ends (finished, or another started), so does its presenter's slot.

    The presenter is done, with the time they took up to the block's end: the
    queue, the room view and the notes then show what runs now.
    """
    was = model.running_block(before)
    now = model.running_block(after)
    if was is None or (now is not None and now.id == was.id):
        return
    ended = next((b for b in after if b.id == was.id), None)
    when = ended.finished_at if ended is not None and ended.finished_at else None
    if when is None and now is not None:
        when = now.started_at
    if when is None:
        return  # removed or put back to planned: nothing says when it ended
    table = db.table("presentations")
    people = [presentation_from_record(r) for r in ordered(table_dict(table), True)]
    speaker = model.presenting_now(people)
    if speaker is None:
        return
    assert speaker.started_at is not None
    speaker.state = model.PresentationState.DONE
    speaker.finished_at = max(when, speaker.started_at)
    table.truncate()
    table.insert_multiple(positioned(map(presentation_to_record, people)))


class SessionFiles:
    """Whole sessions: read (migrated first if they are older), created, and changed under the lock."""

    def __init__(
        self,
        ground: Ground,
        notes: NotesFiles,
        index: SessionIndex,
        programmes: ProgrammeFiles,
    ) -> None:
        self.ground = ground
        self.notes = notes
        self.index = index
        self.programmes = programmes

    def load(self, session_id: str, newest: int | None = None) -> SessionData:
        """The session with its notes; with ``newest``, only the notes of that many newest files.

        A day of fifty thousand notes opens with the newest first (``newest``),
        and the rest is read after the first paint: every record read is checked
        either way.
        """
        main_path = self.ground.path_for(session_id)
        main = self.ground.read(main_path, SESSION_KIND)
        files = self.notes.files(session_id, newest=newest)
        parts = [(path, self.notes.read(path)) for path in files]
        if schema_of(main, main_path, SESSION_KIND) < schema.SCHEMA_VERSION or any(
            notes is None for _, notes in parts
        ):
            self.migrate(session_id)
            return self.load(session_id, newest)
        data = to_session_data(main, main_path)
        seen: set[str] = set()
        for path, notes in parts:
            for note in notes or ():
                if note.id in seen:  # links and edits would be ambiguous
                    raise DamagedFileError(path, f"a second note with the id {note.id!r}")
                seen.add(note.id)
            data.notes.extend(notes or ())
        data.notes.sort(key=lambda n: n.created_at)
        return data

    def create(self, data: SessionData) -> str:
        """Save a new session (joining its programme, if it names one); returns its id.

        All or nothing: if any step fails, the session's folder, the programme's
        file and the store's folders are as they were, and the error says why.
        If every file is in place but the disk did not confirm a rename, the
        session is kept and ``UnconfirmedSave`` carries its id in ``result``.
        """
        made = self.ground.make_folders()
        folder = self.ground.folder_for(data.session.id)
        try:
            folder.mkdir(PRIVATE_FOLDER)
        except FileExistsError:
            raise StoreError.of("store.session_exists", path=str(folder)) from None
        except OSError as exc:
            remove_empty(made)
            raise save_failed(folder, exc) from exc
        unconfirmed: list[UnconfirmedSave] = []
        try:
            # The programmes' lock is held until the session is whole, so that
            # undoing the programme's change cannot undo another program's.
            with self.programmes.locked(data.session.programme is not None):
                undo = self.programmes.attach(data, unconfirmed) if data.session.programme else None
                try:
                    self._write_new(data, folder, unconfirmed)
                except BaseException:
                    if undo is not None:
                        undo()
                    raise
                if undo is not None:
                    undo.forget()
        except BaseException:
            # Nothing half made stays behind: the folder was ours alone, and
            # none of its files was ever reported saved.
            shutil.rmtree(folder, ignore_errors=True)
            remove_empty(made)
            raise
        if unconfirmed:
            unconfirmed[0].result = data.session.id
            raise unconfirmed[0]
        self.index.add_created(data.session.id)  # the next `list` need not read it
        return data.session.id

    def _write_new(
        self, data: SessionData, folder: Path, unconfirmed: list[UnconfirmedSave]
    ) -> None:
        with self.ground.locked(data.session.id):
            main: Raw = {
                "meta": meta_table(SESSION_KIND),
                "session": {"1": session_to_record(data.session)},
                "blocks": numbered(positioned(map(block_to_record, data.blocks))),
                "presentations": numbered(
                    positioned(map(presentation_to_record, data.presentations))
                ),
            }
            records = [note_to_record(n) for n in data.notes]
            for number, start in enumerate(range(0, len(records), layout.NOTES_PER_FILE), start=1):
                notes_raw: Raw = {
                    "meta": meta_table(NOTES_KIND),
                    "notes": numbered(records[start : start + layout.NOTES_PER_FILE]),
                }
                path = notes_path(folder, number)
                confirmed_or_noted(partial(self.ground.write, path, notes_raw), unconfirmed)
            # The main file last: a session folder without it is an unfinished
            # create, which listing ignores.
            confirmed_or_noted(partial(self.ground.write, folder / SESSION_FILE, main), unconfirmed)

    def update_block(self, session_id: str, block: Block) -> None:
        """Write one block back as it is now (its timer state, title, minutes…)."""
        record = block_to_record(block)
        with (
            self.ground.locked(session_id),
            self.ground.tinydb(self.ground.path_for(session_id), SESSION_KIND) as db,
        ):
            if not db.table("blocks").update(record, Query().id == block.id):
                raise StoreError(f"session {session_id} has no block {block.id}")

    def change_blocks(self, session_id: str, change: Callable[[list[Block]], T]) -> T:
        """Apply ``change`` to the session's blocks as they are on disk now, and save them.

        The blocks are read under the lock, so a change made meanwhile by
        another program is never undone. If ``change`` raises, nothing is saved.
        Notes of a block that the change removed stay, unlinked from it.
        """
        result, gone = self._change_list(
            session_id,
            "blocks",
            block_from_record,
            block_to_record,
            change,
            after=_end_the_slot_with_its_block,
        )
        if gone:
            self.notes.unlink(session_id, "block_id", gone)
        return result

    def change_presentations(self, session_id: str, change: Callable[[list[Presentation]], T]) -> T:
        """Apply ``change`` to the presentation queue as it is on disk now, and save it."""
        result, gone = self._change_list(
            session_id,
            "presentations",
            presentation_from_record,
            presentation_to_record,
            change,
        )
        if gone:
            self.notes.unlink(session_id, "presentation_id", gone)
        return result

    def _change_list(
        self,
        session_id: str,
        table_name: str,
        from_record: Callable[[dict[str, Any]], R],
        to_record: Callable[[R], dict[str, Any]],
        change: Callable[[list[R]], T],
        after: Callable[[TinyDB, list[R], list[R]], None] | None = None,
    ) -> tuple[T, set[str]]:
        """``after(db, before, now)`` sees the records before and after the change, in the same save."""
        with (
            self.ground.locked(session_id),
            self.ground.tinydb(self.ground.path_for(session_id), SESSION_KIND) as db,
        ):
            table = db.table(table_name)
            records = ordered(table_dict(table), True)
            items = [from_record(r) for r in records]
            # A second copy only for a follow-up that compares: ``change`` edits ``items`` in place.
            earlier = [from_record(r) for r in records] if after is not None else []
            before = {item.id for item in items}
            result = change(items)
            table.truncate()
            table.insert_multiple(positioned(map(to_record, items)))
            if after is not None:
                after(db, earlier, items)
        return result, before - {item.id for item in items}

    def change_roster(
        self, session_id: str, change: Callable[[model.Session, list[Presentation]], T]
    ) -> T:
        """Change the session's fields and its queue together, in one save (attendance, say)."""
        with (
            self.ground.locked(session_id),
            self.ground.tinydb(self.ground.path_for(session_id), SESSION_KIND) as db,
        ):
            session_table, queue_table = db.table("session"), db.table("presentations")
            session = session_from_record(
                only_record({"session": table_dict(session_table)}, "session")
            )
            presentations = [
                presentation_from_record(r) for r in ordered(table_dict(queue_table), True)
            ]
            result = change(session, presentations)
            session_table.truncate()
            session_table.insert(session_to_record(session))
            queue_table.truncate()
            queue_table.insert_multiple(positioned(map(presentation_to_record, presentations)))
        return result

    def change_session(self, session_id: str, change: Callable[[model.Session], T]) -> T:
        """Apply ``change`` to the session's own fields as they are on disk now, and save them."""
        with (
            self.ground.locked(session_id),
            self.ground.tinydb(self.ground.path_for(session_id), SESSION_KIND) as db,
        ):
            table = db.table("session")
            session = session_from_record(only_record({"session": table_dict(table)}, "session"))
            result = change(session)
            table.truncate()
            table.insert(session_to_record(session))
        return result

    def migrate(self, session_id: str) -> None:
        """Take the session's older files to this schema, each backed up first as ``<file>.v<N>.bak``."""
        with self.ground.locked(session_id):
            files = [(self.ground.path_for(session_id), SESSION_KIND)]
            files += [(path, NOTES_KIND) for path in self.notes.files(session_id)]
            for path, kind in files:
                raw = self.ground.read(path, kind)
                version = schema_of(raw, path, kind)
                if version == schema.SCHEMA_VERSION:
                    continue
                backup = path.with_name(f"{path.name}.v{version}.bak")
                shutil.copy2(path, backup)
                with open(backup, "rb") as handle:
                    os.fsync(handle.fileno())
                while version < schema.SCHEMA_VERSION:
                    raw = schema.MIGRATIONS[version](kind, raw)
                    version += 1
                raw["meta"] = meta_table(kind)
                self.ground.write(path, raw)
