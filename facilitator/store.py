"""The session store: a folder per session of small TinyDB files, locked, versioned, change-aware.

Layout under the store folder::

    sessions/<id>/session.json       TinyDB tables meta, session, blocks, presentations
    sessions/<id>/notes-00001.json   TinyDB tables meta, notes: at most NOTES_PER_FILE notes
    sessions/<id>/notes-00002.json   ...
    sessions/<id>/.lock              taken around each read-modify-write
    sessions/<id>/<file>.v<N>.bak    a file as it was before its migration from schema N

Saving a note rewrites only the newest notes file, so its cost stays the same
however long the day or the history grows. Readers need no lock: files are only
ever replaced whole (see storage.py).
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any, Protocol, TypeVar

from tinydb import Query, TinyDB

from . import model
from .errors import (
    DamagedFileError,
    InputError,
    NewerVersionError,
    SessionNotFound,
    StoreError,
    UnconfirmedSave,
)
from .model import Block, Note, NoteKind, Participant, Presentation, Programme, SessionData
from .storage import (
    TEMP_SUFFIX,
    AtomicJSONStorage,
    FileLock,
    TransactionStorage,
    fsync_folder,
    reason_of,
    save_failed,
    temp_name,
    unreadable,
    write_atomically,
)

SCHEMA_VERSION = 1
SESSION_FILE = "session.json"
LOCK_FILE = ".lock"
INDEX_FILE = ".index.json"  # beside the session folders: what `list` needs of each
INDEX_KIND = "facilitator-session-index"
NOTES_PER_FILE = 100
SESSION_KIND = "facilitator-session"
NOTES_KIND = "facilitator-notes"
PROGRAMME_KIND = "facilitator-programme"

# Upgrades of one file's raw data from schema N to N + 1, given the file's kind
# (SESSION_KIND or NOTES_KIND). An older file is backed up, then taken through
# each step in turn.
MIGRATIONS: dict[int, Callable[[str, dict[str, Any]], dict[str, Any]]] = {}

Raw = dict[str, dict[str, Any]]
_NOTES_NAME = re.compile(r"notes-\d{5}\.json")
# Everything the store itself writes in a session's folder: its files, their
# locks, backups from a migration, and the temp files of a save under way.
_OURS = re.compile(
    r"(session\.json|notes-\d{5}\.json)(\.v\d+\.bak)?|\.lock(\.lock)?|\..+\.tmp|.+\.lock"
)
T = TypeVar("T")


class _Record(Protocol):
    id: str


R = TypeVar("R", bound=_Record)


def default_store_dir() -> Path:
    """$FACILITATOR_STORE, else the platform's user data folder."""
    env = os.environ.get("FACILITATOR_STORE")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir  # only here: most runs never need it

    return Path(user_data_dir("facilitator", appauthor=False))


@dataclass(frozen=True)
class SessionSummary:
    id: str
    title: str
    date: date | None
    state: str
    changed: float
    programme_id: str = ""
    programme: str = ""
    occasion: int | None = None


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


@dataclass(frozen=True)
class Problem:
    """A session the store could not read, kept for the user to see."""

    path: Path
    message: str


class Store:
    """The sessions on disk. Every call reads the files afresh: no stale cache."""

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

    # --- locating --------------------------------------------------------

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

    # --- reading ---------------------------------------------------------

    def _files(self, session_id: str) -> list[tuple[Path, str]]:
        """The session's files with their kinds, main file first."""
        notes = [(path, NOTES_KIND) for path in self.note_files(session_id)]
        return [(self.path_for(session_id), SESSION_KIND), *notes]

    def load(self, session_id: str) -> SessionData:
        main_path = self.path_for(session_id)
        main = self._read(main_path, SESSION_KIND)
        parts = [(path, self._notes_in(path)) for path in self.note_files(session_id)]
        if _schema_of(main, main_path, SESSION_KIND) < SCHEMA_VERSION or any(
            notes is None for _, notes in parts
        ):
            self._migrate_session(session_id)
            return self.load(session_id)
        data = _to_session_data(main, main_path)
        seen: set[str] = set()
        for path, notes in parts:
            for note in notes or ():
                if note.id in seen:  # links and edits would be ambiguous
                    raise DamagedFileError(path, f"a second note with the id {note.id!r}")
                seen.add(note.id)
            data.notes.extend(notes or ())
        data.notes.sort(key=lambda n: n.created_at)
        return data

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
        if _schema_of(raw, path, NOTES_KIND) < SCHEMA_VERSION:
            return None
        try:
            notes = [model.note_from_record(r) for r in _ordered(raw.get("notes", {}), False)]
        except _CONTENT_ERRORS as exc:
            raise DamagedFileError(
                path, f"unexpected content ({type(exc).__name__}: {exc})"
            ) from exc
        self._notes_cache[path] = (token, notes)
        return notes

    def list_sessions(self) -> tuple[list[SessionSummary], list[Problem]]:
        """Every readable session, newest date first, and the sessions that could not be read.

        A session unchanged since the last listing is taken from the index kept
        beside the sessions (``.index.json``); only the others are read. The
        index is a cache: missing, damaged, stale or unwritable, it costs time,
        never a wrong or missing line.
        """
        index = self._read_index()
        fresh: dict[str, Any] = {}
        summaries: list[SessionSummary] = []
        problems: list[Problem] = []
        for session_id, stamp in self._listing_stamps():
            entry = index.get(session_id)
            if stamp is not None and isinstance(entry, dict) and entry.get("stamp") == stamp:
                try:
                    summaries.append(_summary_from_index(session_id, entry))
                    fresh[session_id] = entry
                    continue
                except _CONTENT_ERRORS:
                    pass  # a damaged entry: read the session itself
            path = self.path_for(session_id)
            try:
                raw = self._read(path, SESSION_KIND)
                summary = _summary(raw, path, has_notes=bool(self.note_files(session_id)))
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
            self._write_index(fresh)
        summaries.sort(key=lambda s: (s.date or date.min, s.changed), reverse=True)
        return summaries, problems

    def _listing_stamps(self) -> Iterator[tuple[str, list[int] | None]]:
        """Each session's id, and what changes whenever it is saved (None if it cannot be told).

        Every save writes a new file and renames it into place, so the file's
        inode changes each time, whatever its time and size; a new notes file
        changes the folder's time. Two stats a session, on plain strings: a
        listing of a thousand sessions is a few milliseconds.
        """
        try:
            entries = sorted(os.scandir(self.sessions_dir), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                file = os.stat(os.path.join(entry.path, SESSION_FILE))
                folder = entry.stat()
            except (FileNotFoundError, NotADirectoryError):
                continue  # not a session folder (a stray file, a half-made session)
            except OSError:
                yield entry.name, None
                continue
            yield entry.name, [folder.st_mtime_ns, file.st_ino, file.st_mtime_ns, file.st_size]

    @property
    def _index_path(self) -> Path:
        return self.sessions_dir / INDEX_FILE

    def _read_index(self) -> dict[str, Any]:
        try:
            found = json.loads(self._index_path.read_bytes())  # a cache: no checks beyond its shape
        except (OSError, ValueError, RecursionError):
            return {}
        entries = found.get("sessions") if isinstance(found, dict) else None
        if not isinstance(found, dict) or found.get("kind") != INDEX_KIND:
            return {}
        return entries if isinstance(entries, dict) else {}

    def _write_index(self, entries: dict[str, Any]) -> None:
        if not self.sessions_dir.is_dir():
            return
        text = json.dumps({"kind": INDEX_KIND, "sessions": entries}, ensure_ascii=False)
        try:
            write_atomically(self._index_path, text)
        except (OSError, StoreError):
            pass  # a read-only store, a full disk: the next listing reads the sessions again

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

    # --- writing ---------------------------------------------------------

    # --- programmes -------------------------------------------------------

    def programmes(self) -> list[Programme]:
        """Every programme in the store, by name."""
        found = []
        for path in sorted(self.programmes_dir.glob("[!.]*.json")):
            raw = self._read(path, PROGRAMME_KIND)
            try:
                found.append(model.programme_from_record(_only_record(raw, "programme")))
            except _CONTENT_ERRORS as exc:
                raise DamagedFileError(
                    path, f"unexpected content ({type(exc).__name__}: {exc})"
                ) from exc
        return sorted(found, key=lambda p: p.name.casefold())

    def programme(self, ref: str) -> Programme:
        """A programme by id, by name (any case), or by the unique start of either."""
        wanted = ref.strip().casefold()
        programmes = self.programmes()
        for programme in programmes:
            if wanted in (programme.id, programme.name.casefold()):
                return programme
        matches = [
            p for p in programmes if p.id.startswith(wanted) or p.name.casefold().startswith(wanted)
        ]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise SessionNotFound(f"{ref!r} matches {len(matches)} programmes; type more of it")
        raise SessionNotFound(f"no programme {ref!r} in {self.root} (see `facilitator list`)")

    def occasions(self, programme_id: str) -> list[SessionSummary]:
        """The programme's sessions in order: by occasion number, then date."""
        summaries, _ = self.list_sessions()
        mine = [s for s in summaries if s.programme_id == programme_id]
        return sorted(mine, key=lambda s: (s.occasion or 0, s.date or date.min))

    def create(self, data: SessionData) -> str:
        """Save a new session (joining its programme, if it names one); returns its id.

        All or nothing: if any step fails, the session's folder, the programme's
        file and the store's folders are as they were, and the error says why.
        If every file is in place but the disk did not confirm a rename, the
        session is kept and ``UnconfirmedSave`` carries its id in ``result``.
        """
        made = self._make_folders()
        folder = self.folder_for(data.session.id)
        try:
            folder.mkdir()
        except FileExistsError:
            raise StoreError.of("store.session_exists", path=str(folder)) from None
        except OSError as exc:
            _remove_empty(made)
            raise save_failed(folder, exc) from exc
        unconfirmed: list[UnconfirmedSave] = []
        try:
            # The programmes' lock is held until the session is whole, so that
            # undoing the programme's change cannot undo another program's.
            with self._programmes_locked(data.session.programme is not None):
                undo = self._attach(data, unconfirmed) if data.session.programme else None
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
            _remove_empty(made)
            raise
        if unconfirmed:
            unconfirmed[0].result = data.session.id
            raise unconfirmed[0]
        return data.session.id

    @contextmanager
    def _programmes_locked(self, needed: bool) -> Iterator[None]:
        if not needed:
            yield
            return
        try:
            with FileLock(self.programmes_dir / LOCK_FILE):
                yield
        except OSError as exc:
            raise save_failed(Path(exc.filename or self.programmes_dir), exc) from exc

    def _attach(self, data: SessionData, unconfirmed: list[UnconfirmedSave]) -> _Undo:
        """Join the session to the programme of the same name, or start that programme.

        The programme gains the session's facilitators and participants it did
        not have; the session's participants take the programme's ids, so that
        one person is one participant across the occasions. The caller holds the
        programmes' lock; the returned undo puts the programme's file back as it was.
        """
        session = data.session
        assert session.programme is not None
        wanted = session.programme.name.casefold()
        existing = next((p for p in self.programmes() if p.name.casefold() == wanted), None)
        programme = existing or Programme(name=session.programme.name, id=model.new_id())
        programme.organiser = programme.organiser or session.programme.organiser
        programme.purpose = programme.purpose or session.programme.purpose
        programme.audience = programme.audience or session.programme.audience
        programme.contact = programme.contact or list(session.programme.contact)
        for name in session.facilitators:
            if name not in programme.facilitators:
                programme.facilitators.append(name)
        renamed: dict[str, str] = {}
        for person in session.participants:
            known = next(
                (
                    p
                    for p in programme.participants
                    if p.id == person.id or p.name.casefold() == person.name.casefold()
                ),
                None,
            )
            if known is None:
                known = Participant(person.name, person.organisation, person.role, id=person.id)
                programme.participants.append(known)
            renamed[person.id] = known.id
            person.id = known.id
        for presentation in data.presentations:
            if presentation.participant_id in renamed:
                presentation.participant_id = renamed[presentation.participant_id]
        raw: Raw = {
            "meta": _meta(PROGRAMME_KIND),
            "programme": {"1": model.programme_to_record(programme)},
        }
        undo = _Undo(self.programmes_dir / f"{programme.id}.json")
        try:
            _confirmed_or_noted(lambda: AtomicJSONStorage(undo.path).write(raw), unconfirmed)
        except BaseException:
            undo.forget()
            raise
        session.programme = Programme(
            name=programme.name,
            organiser=programme.organiser,
            purpose=programme.purpose,
            id=programme.id,
            audience=programme.audience,
            contact=list(programme.contact),
        )
        return undo

    def _write_new(
        self, data: SessionData, folder: Path, unconfirmed: list[UnconfirmedSave]
    ) -> None:
        with self._locked(data.session.id):
            main: Raw = {
                "meta": _meta(SESSION_KIND),
                "session": {"1": model.session_to_record(data.session)},
                "blocks": _numbered(_positioned(map(model.block_to_record, data.blocks))),
                "presentations": _numbered(
                    _positioned(map(model.presentation_to_record, data.presentations))
                ),
            }
            records = [model.note_to_record(n) for n in data.notes]
            for number, start in enumerate(range(0, len(records), NOTES_PER_FILE), start=1):
                notes_raw: Raw = {
                    "meta": _meta(NOTES_KIND),
                    "notes": _numbered(records[start : start + NOTES_PER_FILE]),
                }
                storage = AtomicJSONStorage(_notes_path(folder, number))
                _confirmed_or_noted(partial(storage.write, notes_raw), unconfirmed)
            # The main file last: a session folder without it is an unfinished
            # create, which listing ignores.
            storage = AtomicJSONStorage(folder / SESSION_FILE)
            _confirmed_or_noted(partial(storage.write, main), unconfirmed)

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
            blocks = [model.block_from_record(r) for r in main.get("blocks", {}).values()]
            people = [
                model.presentation_from_record(r) for r in main.get("presentations", {}).values()
            ]
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
                    block_id=running.id if running else None,
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
        records = [model.note_to_record(n) for n in notes]
        files = self._note_files(session_id, newest=1)
        path = files[-1] if files else _notes_path(self.folder_for(session_id), 1)
        while records:
            with self._tinydb(path, NOTES_KIND) as db:
                table = db.table("notes")
                room = max(0, NOTES_PER_FILE - len(table))
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
                        note = change(model.note_from_record(dict(found)))
                        model.check_note(note)  # made here, from the note as it is on disk
                        table.update(model.note_to_record(note), Query().id == note_id)
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
                        return model.note_from_record(dict(found))
        raise InputError.of("error.note_gone")

    def restore_note(self, session_id: str, note: Note) -> None:
        """Put back a deleted note as it was, with its id, time and links."""
        with self._locked(session_id):
            for path in self.note_files(session_id):
                if any(n.id == note.id for n in self._notes_in(path) or []):
                    return  # it is back already
            self._append_notes(session_id, [note])

    def update_block(self, session_id: str, block: Block) -> None:
        """Write one block back as it is now (its timer state, title, minutes…)."""
        record = model.block_to_record(block)
        with self._locked(session_id), self._tinydb(self.path_for(session_id), SESSION_KIND) as db:
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
            model.block_from_record,
            model.block_to_record,
            change,
            after=_end_the_slot_with_its_block,
        )
        if gone:
            self._unlink_notes(session_id, "block_id", gone)
        return result

    def change_presentations(self, session_id: str, change: Callable[[list[Presentation]], T]) -> T:
        """Apply ``change`` to the presentation queue as it is on disk now, and save it."""
        result, gone = self._change_list(
            session_id,
            "presentations",
            model.presentation_from_record,
            model.presentation_to_record,
            change,
        )
        if gone:
            self._unlink_notes(session_id, "presentation_id", gone)
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
        with self._locked(session_id), self._tinydb(self.path_for(session_id), SESSION_KIND) as db:
            table = db.table(table_name)
            records = _ordered(_table_dict(table), True)
            items = [from_record(r) for r in records]
            # A second copy only for a follow-up that compares: ``change`` edits ``items`` in place.
            earlier = [from_record(r) for r in records] if after is not None else []
            before = {item.id for item in items}
            result = change(items)
            table.truncate()
            table.insert_multiple(_positioned(map(to_record, items)))
            if after is not None:
                after(db, earlier, items)
        return result, before - {item.id for item in items}

    def change_roster(
        self, session_id: str, change: Callable[[model.Session, list[Presentation]], T]
    ) -> T:
        """Change the session's fields and its queue together, in one save (attendance, say)."""
        with self._locked(session_id), self._tinydb(self.path_for(session_id), SESSION_KIND) as db:
            session_table, queue_table = db.table("session"), db.table("presentations")
            session = model.session_from_record(
                _only_record({"session": _table_dict(session_table)}, "session")
            )
            presentations = [
                model.presentation_from_record(r) for r in _ordered(_table_dict(queue_table), True)
            ]
            result = change(session, presentations)
            session_table.truncate()
            session_table.insert(model.session_to_record(session))
            queue_table.truncate()
            queue_table.insert_multiple(
                _positioned(map(model.presentation_to_record, presentations))
            )
        return result

    def change_session(self, session_id: str, change: Callable[[model.Session], T]) -> T:
        """Apply ``change`` to the session's own fields as they are on disk now, and save them."""
        with self._locked(session_id), self._tinydb(self.path_for(session_id), SESSION_KIND) as db:
            table = db.table("session")
            session = model.session_from_record(
                _only_record({"session": _table_dict(table)}, "session")
            )
            result = change(session)
            table.truncate()
            table.insert(model.session_to_record(session))
        return result

    def _unlink_notes(self, session_id: str, link: str, ids: set[str]) -> None:
        """Notes of removed records stay, no longer linked to them."""
        with self._locked(session_id):
            for path in self.note_files(session_id):
                with self._tinydb(path, NOTES_KIND) as db:
                    db.table("notes").update({link: None}, Query()[link].one_of(sorted(ids)))

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
                if version == SCHEMA_VERSION:
                    continue
                backup = path.with_name(f"{path.name}.v{version}.bak")
                shutil.copy2(path, backup)
                with open(backup, "rb") as handle:
                    os.fsync(handle.fileno())
                while version < SCHEMA_VERSION:
                    raw = MIGRATIONS[version](kind, raw)
                    version += 1
                raw["meta"] = _meta(kind)
                AtomicJSONStorage(path).write(raw)

    # --- housekeeping ----------------------------------------------------

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


# --- raw file helpers --------------------------------------------------------


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
    people = [model.presentation_from_record(r) for r in _ordered(_table_dict(table), True)]
    speaker = model.presenting_now(people)
    if speaker is None:
        return
    assert speaker.started_at is not None
    speaker.state = model.PresentationState.DONE
    speaker.finished_at = max(when, speaker.started_at)
    table.truncate()
    table.insert_multiple(_positioned(map(model.presentation_to_record, people)))


def _unreadable(path: Path, exc: OSError) -> StoreError:
    """A store file the system would not open: damaged where it is the file's own fault."""
    if exc.errno in (errno.ELOOP, errno.EISDIR, errno.ENOENT):
        return DamagedFileError(
            path, unreadable(exc) if exc.errno != errno.ENOENT else "a link to no file"
        )
    return StoreError(f"{path}: {unreadable(exc)}")


def _confirmed_or_noted(write: Callable[[], None], unconfirmed: list[UnconfirmedSave]) -> None:
    """Run a write; one the disk did not confirm is noted, and the work goes on."""
    try:
        write()
    except UnconfirmedSave as exc:
        unconfirmed.append(exc)


def _remove_empty(folders: list[Path]) -> None:
    """Take back folders this call made, innermost first, as long as they are empty."""
    for folder in reversed(folders):
        try:
            # Its lock file too: nobody else could know a folder made a moment ago.
            (folder / LOCK_FILE).with_name(LOCK_FILE + ".lock").unlink(missing_ok=True)
            folder.rmdir()
        except OSError:
            return


class _Undo:
    """What a file was before a change: called, it is put back; forgotten, it is let go.

    The old file is kept under a second name (a hard link: no bytes written, so it
    works on a full disk) and renamed back, bytes, times and all. A file that did
    not exist is removed again.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.kept: Path | None = None
        if path.exists():
            kept = temp_name(path)
            try:
                os.link(path, kept)
            except OSError:
                shutil.copy2(path, kept)  # no hard links on this file system
            self.kept = kept

    def __call__(self) -> None:
        try:
            if self.kept is not None:
                os.replace(self.kept, self.path)
                self.kept = None
            else:
                self.path.unlink(missing_ok=True)
        except OSError:
            pass  # the error already on its way says what failed; a later tidy removes the copy

    def forget(self) -> None:
        if self.kept is not None:
            with suppress(OSError):
                self.kept.unlink()
            self.kept = None


def _only_record(raw: Raw, table: str) -> dict[str, Any]:
    """The one record of a table that holds exactly one (session, programme)."""
    records = list(raw.get(table, {}).values())
    if len(records) != 1:
        raise KeyError(table)
    return dict(records[0])


def _meta(kind: str) -> dict[str, Any]:
    return {"1": {"kind": kind, "schema": SCHEMA_VERSION}}


def _notes_path(folder: Path, number: int) -> Path:
    return folder / f"notes-{number:05d}.json"


def _notes_number(path: Path) -> int:
    return int(path.stem.split("-")[1])


def _positioned(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**r, "position": i} for i, r in enumerate(records)]


def _numbered(records: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {str(i): r for i, r in enumerate(records, start=1)}


def _schema_of(raw: Raw, path: Path, kind: str) -> int:
    meta = list(raw.get("meta", {}).values())
    if len(meta) != 1 or not isinstance(meta[0], dict) or meta[0].get("kind") != kind:
        raise DamagedFileError(path, f"not a {kind} file (no meta record)")
    version = meta[0].get("schema")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DamagedFileError(path, f"unknown schema version {version!r}")
    if version > SCHEMA_VERSION:
        raise NewerVersionError(
            f"{path}: written by a newer facilitator (schema {version}; this one knows up "
            f"to {SCHEMA_VERSION}). Upgrade facilitator to open it; the file was left as it is."
        )
    return version


# What each table's records are read with: the rules of model.py and limits.py.
_READERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "session": model.session_from_record,
    "blocks": model.block_from_record,
    "presentations": model.presentation_from_record,
    "notes": model.note_from_record,
}


def _check_shape(raw: Raw, path: Path, kind: str) -> None:
    """Refuse to write into a file we could not read back whole.

    Every record of the file is read as a load would read it (types, limits,
    times), ids are unique, and a session file has exactly one session: a file
    that breaks any of it is damaged, and a save into it would rewrite what we
    do not understand. A notes file holds at most a hundred notes, so this stays
    cheap.
    """
    tables = ("notes",) if kind == NOTES_KIND else ("session", "blocks", "presentations")
    try:
        if kind == SESSION_KIND:
            _only_record(raw, "session")
        for table in tables:
            ids: set[str] = set()
            for number, item in raw.get(table, {}).items():
                if not isinstance(item, dict):
                    raise ValueError(f"{table} record {number} is not a record")
                record = _READERS[table](item)
                if record.id in ids:
                    raise ValueError(f"two {table} records have the id {record.id!r}")
                ids.add(record.id)
    except _CONTENT_ERRORS as exc:
        raise DamagedFileError(path, f"unexpected content ({type(exc).__name__}: {exc})") from exc


def _ordered(table: dict[str, Any], by_position: bool) -> list[dict[str, Any]]:
    if by_position:
        return sorted(table.values(), key=lambda r: r.get("position", 0))
    return [table[k] for k in sorted(table, key=int)]


def _table_dict(table: Any) -> dict[str, Any]:
    """A TinyDB table's records keyed by doc id, as in the file."""
    return {str(doc.doc_id): dict(doc) for doc in table.all()}


_CONTENT_ERRORS = (KeyError, TypeError, ValueError, AttributeError)


def _to_session_data(main: Raw, path: Path) -> SessionData:
    try:
        data = SessionData(
            session=model.session_from_record(_only_record(main, "session")),
            blocks=[model.block_from_record(r) for r in _ordered(main.get("blocks", {}), True)],
            presentations=[
                model.presentation_from_record(r)
                for r in _ordered(main.get("presentations", {}), True)
            ],
        )
    except _CONTENT_ERRORS as exc:
        raise DamagedFileError(path, f"unexpected content ({type(exc).__name__}: {exc})") from exc
    for records in (data.blocks, data.presentations):
        if len({r.id for r in records}) < len(records):
            raise DamagedFileError(path, "two records share one id")
    return data


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
    summary = SessionSummary(
        id=session_id,
        title=entry["title"],
        date=date.fromisoformat(day) if day is not None else None,
        state=entry["state"],
        changed=float(entry["changed"]),
        programme_id=entry["programme_id"],
        programme=entry["programme"],
        occasion=occasion,
    )
    if not all(isinstance(v, str) for v in (summary.title, summary.state, summary.programme)):
        raise TypeError("text")
    if not isinstance(summary.programme_id, str):
        raise TypeError("programme_id")
    return summary


def _summary(raw: Raw, path: Path, has_notes: bool) -> SessionSummary:
    try:
        record = _only_record(raw, "session")
        session = model.session_from_record(record)  # by the rules, as a load reads it
        blocks = [model.block_from_record(r) for r in raw.get("blocks", {}).values()]
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
    except _CONTENT_ERRORS as exc:
        raise DamagedFileError(path, f"unexpected content ({type(exc).__name__}: {exc})") from exc
