"""The session's operations for the app and its screens, and the one ordered writer that saves them.

Textual-free: the app makes a ``SessionService`` and hands it a way to run a
callback on its event loop (``deliver``); the screens ask the service for every
change. Each change goes to one writer thread, in the order asked, so the screen
never waits for a disk, a lock or a slow fsync, and two saves never race.

Notes get their id and time when Enter is pressed and stay in ``pending`` until
they are on disk (``SAVING``), or stay there marked ``FAILED`` with the reason,
to be retried, until they are. A retry reuses the id, and the store saves an id
once, so nothing is saved twice.
"""

from __future__ import annotations

import enum
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any, TypeVar

from . import model
from .errors import FacilitatorError, StoreError, UnconfirmedSave
from .model import Block, Note, NoteKind, Presentation, Session, SessionData
from .storage import save_failed
from .store import Problem, SessionSummary, Store
from .timing import Clock, system_clock

T = TypeVar("T")

# Runs a callback where the caller's state lives (the app's event loop); by default, at once.
Deliver = Callable[[Callable[[], None]], object]
Done = Callable[[Any, Exception | None], None]
Failed = Callable[[Exception], None]


def _at_once(callback: Callable[[], None]) -> None:
    callback()


class Writer:
    """One thread that does the durable work in the order it was asked for.

    ``submit`` returns at once; ``done(result, error)`` is handed to ``deliver``
    when the work has finished. An error is never raised into the thread: a
    fault of the disk (``OSError``) arrives as the store's one clear message.
    """

    def __init__(self, deliver: Deliver = _at_once) -> None:
        self._deliver = deliver
        self._jobs: queue.Queue[tuple[Callable[[], Any], Done] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._queued = 0
        # Handed to ``deliver`` after the outcome of the last job queued: the
        # moment to read the store afresh once for a whole burst of saves.
        self.on_idle: Callable[[], None] = lambda: None

    def submit(self, work: Callable[[], Any], done: Done) -> None:
        with self._lock:
            self._queued += 1
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="facilitator-writer", daemon=True
                )
                self._thread.start()
        self._jobs.put((work, done))

    @property
    def busy(self) -> bool:
        """Whether any work is queued or under way."""
        return self._queued > 0

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until every job submitted so far is done and its outcome handed to ``deliver``.

        False on a timeout.
        """
        finished = threading.Event()
        self.submit(finished.set, lambda _result, _error: None)
        return finished.wait(timeout)

    def close(self, timeout: float = 10.0) -> bool:
        """Finish what was asked, then stop the thread; False if it did not finish in time."""
        with self._lock:
            thread = self._thread
            self._thread = None
        if thread is None:
            return True
        self._jobs.put(None)
        thread.join(timeout)
        return not thread.is_alive()

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            work, done = job
            result: Any = None
            error: Exception | None = None
            try:
                result = work()
            except FacilitatorError as exc:
                error = exc
            except OSError as exc:  # a path the store did not wrap: still one clear message
                error = save_failed(_path_of(exc), exc)
            except Exception as exc:  # a bug of ours: reported, and the text is kept
                error = exc
            with self._lock:
                self._queued -= 1
                idle = self._queued == 0
            try:
                self._deliver(partial(done, result, error))
                if idle:
                    self._deliver(self.on_idle)
            except RuntimeError:
                pass  # the app's loop is gone: nobody is left to tell


def _path_of(exc: OSError) -> Any:
    from pathlib import Path

    return Path(exc.filename) if exc.filename else Path(".")


class NoteState(enum.Enum):
    SAVING = "saving"
    FAILED = "failed"
    SAVED = "saved"


@dataclass
class PendingNote:
    """A note typed and not yet known to be on disk; shown until it is."""

    text: str
    kind: NoteKind
    speaker: str
    owner: str
    created_at: datetime
    id: str = field(default_factory=model.new_id)
    group: str = ""
    state: NoteState = NoteState.SAVING
    error: Exception | None = None


# What could not be saved, as string-table keys for the message.
WHAT_NOTE = "save.note"
WHAT_CHANGE = "save.change"
WHAT_SESSION = "save.session"


class SessionService:
    """The store, the open session, the clock, and every change the screens can ask for.

    Hooks (set by whoever shows the session): ``on_saved()`` after a change is
    on disk, to read the session afresh; ``on_error(what, error)`` with a
    string-table key and the error, to show; ``on_pending()`` when the list of
    notes not yet saved changes.
    """

    def __init__(
        self,
        store: Store,
        session_id: str | None,
        clock: Clock = system_clock,
        read_only: bool = False,
        deliver: Deliver = _at_once,
    ) -> None:
        self.store = store
        self.session_id = session_id
        self.clock = clock
        self.read_only = read_only
        # The group a note-taker writes for (set by a browser's notes page); notes carry it.
        self.group = ""
        self.writer = Writer(deliver)
        self.pending: list[PendingNote] = []
        # The notes of the last job queued, while the writer has not started it.
        self._open_batch: tuple[str, list[PendingNote]] | None = None
        self._batch_lock = threading.Lock()
        self.on_saved: Callable[[], None] = lambda: None
        self._unread = False  # saved since the session was last read afresh
        self.writer.on_idle = self._idle
        self.on_error: Callable[[str, Exception], None] = lambda what, error: None
        self.on_pending: Callable[[], None] = lambda: None

    # --- reading ---------------------------------------------------------

    def load(self) -> SessionData | None:
        return None if self.session_id is None else self.store.load(self.session_id)

    def sessions(self) -> tuple[list[SessionSummary], list[Problem]]:
        """Every session of the store, newest first, and those that could not be read."""
        return self.store.list_sessions()

    def addresses(self) -> dict[str, str] | None:
        """The browser pages' addresses while ``facilitator serve`` runs for this session."""
        from .joining import current_addresses

        return current_addresses(self.store.root, self.session_id or "")

    # --- notes -----------------------------------------------------------

    def capture(
        self, text: str, kind: NoteKind, speaker: str = "", owner: str = ""
    ) -> PendingNote | None:
        """Queue a note typed now; it is pending until the writer has it on disk.

        The text is checked here (an empty or overlong note is refused with an
        ``InputError`` before anything is queued); its time is the moment it was typed.
        """
        if self.session_id is None or self.read_only:
            return None
        model.check_note_text(text)
        note = PendingNote(text, kind, speaker, owner, created_at=self.clock(), group=self.group)
        self._requeue_failed()  # the disk may be back: the older notes go first, in one write
        self.pending.append(note)
        self._save_note(note)
        self.on_pending()
        return note

    def retry(self) -> int:
        """Try the notes that failed again, in the order they were typed; returns how many."""
        count = self._requeue_failed()
        if count:
            self.on_pending()
        return count

    def _requeue_failed(self) -> int:
        failed = [n for n in self.pending if n.state is NoteState.FAILED]
        for note in failed:
            note.state, note.error = NoteState.SAVING, None
            self._save_note(note)
        return len(failed)

    def unsaved(self) -> list[PendingNote]:
        """The notes typed that are not on disk yet (saving or failed), in typing order."""
        return [n for n in self.pending if n.state is not NoteState.SAVED]

    def forget_saved(self, stored_ids: set[str]) -> None:
        """Drop the pending notes that the session as read now contains."""
        before = len(self.pending)
        self.pending = [
            n for n in self.pending if not (n.state is NoteState.SAVED and n.id in stored_ids)
        ]
        if len(self.pending) != before:
            self.on_pending()

    def _save_note(self, note: PendingNote) -> None:
        """Queue a note; notes typed one after another while the writer is busy go in one write.

        A note joins the last job queued only if that job is a batch of notes
        for the same session that the writer has not started: any other change
        asked for in between closes the batch, so everything is saved in the
        order it was asked for.
        """
        session_id = self.session_id
        assert session_id is not None
        with self._batch_lock:
            if self._open_batch is not None and self._open_batch[0] == session_id:
                self._open_batch[1].append(note)
                return
            batch: tuple[str, list[PendingNote]] = (session_id, [note])
            self._open_batch = batch
        self.writer.submit(partial(self._write_notes, batch), partial(self._notes_done, batch[1]))

    def _write_notes(self, batch: tuple[str, list[PendingNote]]) -> list[Note]:
        session_id, notes = batch
        with self._batch_lock:
            if self._open_batch is batch:
                self._open_batch = None  # from now on, notes typed go in the next write
            notes = list(notes)
        drafts = [
            Note(
                text=n.text,
                kind=n.kind,
                id=n.id,
                speaker=n.speaker,
                owner=n.owner,
                created_at=n.created_at,
                group=n.group,
            )
            for n in notes
        ]
        # The state is set here, on the writer's thread, so that it is true
        # even when nobody is left to deliver the outcome to (the app has ended).
        try:
            saved = self.store.add_notes(session_id, drafts)
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

    def _notes_done(self, notes: list[PendingNote], _result: Any, error: Exception | None) -> None:
        if error is not None and not isinstance(error, UnconfirmedSave):
            for n in notes:
                n.error = error  # the writer's one clear message, also for a bare OSError
        if error is not None:
            self.on_error(WHAT_NOTE, error)
        self._unread = True  # read afresh when the writer is idle: once a burst, not once a note
        self.on_pending()

    def change_note(
        self, note_id: str, change: Callable[[Note], Note], failed: Failed | None = None
    ) -> None:
        self._submit(lambda sid: self.store.change_note(sid, note_id, change), failed=failed)

    def delete_note(self, note_id: str, then: Callable[[Note], None] | None = None) -> None:
        self._submit(lambda sid: self.store.delete_note(sid, note_id), then)

    def restore_note(self, note: Note) -> None:
        self._submit(lambda sid: self.store.restore_note(sid, note))

    # --- the agenda, the queue, the session --------------------------------

    def change_blocks(
        self,
        change: Callable[[list[Block]], T],
        then: Callable[[T], None] | None = None,
        failed: Failed | None = None,
    ) -> None:
        """Apply ``change`` to the agenda as it is on disk when the writer gets to it.

        ``then`` gets what ``change`` returned, once saved; ``failed`` gets the
        error if it was not (a form opens again with what was typed).
        """
        self._submit(lambda sid: self.store.change_blocks(sid, change), then, failed)

    def change_presentations(
        self,
        change: Callable[[list[Presentation]], T],
        then: Callable[[T], None] | None = None,
        failed: Failed | None = None,
    ) -> None:
        self._submit(lambda sid: self.store.change_presentations(sid, change), then, failed)

    def change_session(
        self,
        change: Callable[[Session], T],
        then: Callable[[T], None] | None = None,
        failed: Failed | None = None,
    ) -> None:
        self._submit(lambda sid: self.store.change_session(sid, change), then, failed)

    def change_roster(
        self,
        change: Callable[[Session, list[Presentation]], T],
        then: Callable[[T], None] | None = None,
    ) -> None:
        self._submit(lambda sid: self.store.change_roster(sid, change), then)

    def create(self, make: Callable[[], SessionData], then: Callable[[str], None]) -> None:
        """Make and save a new session (from a plan, a copy, a title…); ``then`` gets its id."""

        def work() -> str:
            return self.store.create(make())

        def done(result: Any, error: Exception | None) -> None:
            if error is not None:
                self.on_error(WHAT_SESSION, error)
            if isinstance(error, UnconfirmedSave):
                # Every file is in place: the session is there (said with a warning).
                result, error = error.result, None
            if error is None:
                then(result)

        self.writer.submit(work, done)

    def _submit(
        self,
        work: Callable[[str], T],
        then: Callable[[T], None] | None = None,
        failed: Failed | None = None,
    ) -> None:
        if self.session_id is None or self.read_only:
            return
        session_id = self.session_id
        with self._batch_lock:
            self._open_batch = None  # notes typed after this change are saved after it

        def done(result: Any, error: Exception | None) -> None:
            if error is not None:
                self.on_error(WHAT_CHANGE, error)
            if then is not None:
                self.on_saved()  # ``then`` looks at the session as saved
            else:
                self._unread = True
            if error is None and then is not None:
                then(result)
            elif error is not None and failed is not None:
                failed(error)

        self.writer.submit(lambda: work(session_id), done)

    def _idle(self) -> None:
        """The writer has done all it was asked: read the session afresh once, if anything was saved."""
        if self._unread:
            self._unread = False
            self.on_saved()

    def close(self, timeout: float = 10.0) -> bool:
        """Finish every save asked for; False if the writer did not finish in time."""
        return self.writer.close(timeout)


def describe(what: str, error: Exception, lang: str) -> str:
    """The message shown for a change that could not be saved: what, then why and where."""
    from .i18n import t

    if isinstance(error, UnconfirmedSave):
        return f"{t('save.warning', lang)}: {error.localized(lang)}"
    detail = (
        error.localized(lang)
        if isinstance(error, FacilitatorError)
        else f"{type(error).__name__}: {error}"
    )
    # A refusal ("that block is done already") speaks for itself; a fault of the store
    # or a note that stays unsaved says first what was not saved.
    if (
        isinstance(error, StoreError)
        or what == WHAT_NOTE
        or not isinstance(error, FacilitatorError)
    ):
        return f"{t(what, lang)}: {detail}"
    return detail


def reason(error: Exception | None, lang: str) -> str:
    """Why a save failed, in few words (the disk's cause when known; the message says where)."""
    if isinstance(error, FacilitatorError):
        cause = error.values.get("reason")
        if isinstance(cause, str):
            from .i18n import STRINGS, t

            return t(cause[1:], lang) if cause[:1] == "@" and cause[1:] in STRINGS else cause
        return error.localized(lang)
    if error is None:
        return ""
    return f"{type(error).__name__}: {error}"
