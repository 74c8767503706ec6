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
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from typing import Any, TypeVar

from . import agenda, intake, model, presentations
from .errors import FacilitatorError, InputError, StoreError, UnconfirmedSave
from .model import Attendance, Block, Note, NoteKind, Presentation, Session, SessionData
from .storage import save_failed
from .store import Problem, SavedNotes, SessionSummary, Store
from .timing import Clock, system_clock

T = TypeVar("T")
R = TypeVar("R")
ROUND_PROMPT_CHARS = 300  # a round's question, as the phones and the projector show it

# The checks a form makes before it closes, so that what was typed stays in it:
# the same checks the service's operations make on what they are handed.
check_block = agenda.check_block_fields
check_presentation = presentations.check_fields
PresentationFields = presentations.PresentationFields
__all__ = [
    "PresentationFields",
    "SessionService",
    "check_block",
    "check_presentation",
    "describe",
    "reason",
]

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
    """A note typed and not yet known to be on disk; shown until it is.

    ``note`` is the note as it will be saved (its id and time are set when
    Enter is pressed); the store adds the block and presenter it belongs to.
    """

    note: Note
    state: NoteState = NoteState.SAVING
    error: Exception | None = None

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
        # Notes just saved, when nothing else changed since the session was read.
        self.on_notes_saved: Callable[[list[Note]], None] = lambda notes: self.on_saved()
        self.seen: tuple[object, ...] | None = None  # the stamp of the session as last read
        self._ids_saved: set[str] | None = None  # the ids stored, for notes sent from afar
        self._unread = False  # saved since the session was last read afresh
        self.writer.on_idle = self._idle
        self.on_error: Callable[[str, Exception], None] = lambda what, error: None
        self.on_pending: Callable[[], None] = lambda: None

    # --- reading ---------------------------------------------------------

    def load(self) -> SessionData | None:
        """The session as it is on disk now (and the stamp it was read at, in ``seen``)."""
        if self.session_id is None:
            return None
        sid = self.session_id
        data, self.seen = self._stamped(lambda: self.store.load(sid))
        return data

    def load_newest(self, files: int) -> tuple[SessionData | None, bool]:
        """The session with only its newest ``files`` notes files, and whether older ones were left.

        For a first paint of a big day; ``load`` reads the whole of it.
        """
        if self.session_id is None:
            return None, False
        sid = self.session_id

        def read() -> tuple[SessionData, bool]:
            partial = len(self.store.note_files(sid)) > files
            return self.store.load(sid, newest=files if partial else None), partial

        (data, partial), self.seen = self._stamped(read)
        return data, partial

    def load_whole(self) -> tuple[SessionData | None, tuple[object, ...] | None]:
        """The whole session and the stamp it was read at, without touching ``seen``.

        For a thread of its own: whoever shows the session sets ``seen`` when it
        takes the data (see ``load_newest``).
        """
        if self.session_id is None:
            return None, None
        sid = self.session_id
        return self._stamped(lambda: self.store.load(sid))

    def _stamped(self, read: Callable[[], R]) -> tuple[R, tuple[object, ...] | None]:
        """What ``read`` gives, and a stamp that is true of exactly what it read.

        A save that lands between taking the stamp and reading the files (our own
        writer's, or another program's) would be in what was read but not in the
        stamp, and be merged in a second time when its outcome arrives. So the stamp
        is taken before and after: if they differ the read is done again, and if it
        never settles, no stamp (which matches nothing: the session is read afresh
        at the next look).
        """
        assert self.session_id is not None
        for _ in range(3):
            before = self.store.stamp(self.session_id)
            got = read()
            if self.store.stamp(self.session_id) == before:
                return got, before
        return got, None

    def changed_elsewhere(self) -> bool:
        """Whether the session's files changed since it was last read (another program saved)."""
        return self.session_id is not None and self.stamp() != self.seen

    def stamp(self) -> tuple[object, ...] | None:
        """A few stats of the session's files: they differ once anyone has saved."""
        return None if self.session_id is None else self.store.stamp(self.session_id)

    def strays(self) -> list[Any]:
        """Files in the session's folder that the store did not write (said once, on opening)."""
        return [] if self.session_id is None else self.store.strays(self.session_id)

    def sessions(self) -> tuple[list[SessionSummary], list[Problem]]:
        """Every session of the store, newest first, and those that could not be read."""
        return self.store.list_sessions()

    def recap(self, data: SessionData, lang: str, style: str = "minutes") -> str:
        """The session's recap as Markdown, as of now (for the recap screen's preview)."""
        from .exporting import text_of

        return text_of(data, "md", lang, self.clock(), style=style)

    @staticmethod
    def export_format(path: Any) -> str | None:
        """The format a file's name asks for (``recap.html``: html), or None if it names none."""
        from .exporting import format_of

        return format_of(path)

    def export(self, data: SessionData, path: Any, fmt: str, lang: str, style: str) -> None:
        """Write the recap (or, as json, the whole session) to ``path``, as the command line does.

        On the caller's thread: a file of the user's choosing, not the store's,
        so it waits for no save. A fault is one clear message (``FacilitatorError``).
        """
        from .exporting import export

        export(data, path, fmt, lang, self.clock(), style)

    def addresses(self) -> dict[str, str] | None:
        """The browser pages' addresses while ``facilitator serve`` runs for this session."""
        from .addresses import current_addresses

        return current_addresses(self.store.root, self.session_id or "")

    # --- notes -----------------------------------------------------------

    def take_line(self, line: str, kind: NoteKind = NoteKind.POINT) -> PendingNote | None:
        """A line typed in the capture field, read and checked by ``intake.typed``, then queued.

        ``kind`` is the kind chosen by key, for a line without a prefix. Refused
        with an ``InputError`` (and nothing queued) if it cannot be a note.
        """
        if self.session_id is None or self.read_only:
            return None
        return self._queue(intake.typed(line, kind, self.clock(), group=self.group))

    def _queue(self, note: Note) -> PendingNote:
        """A checked note, pending until the writer has it on disk."""
        pending = PendingNote(note)
        self._requeue_failed()  # the disk may be back: the older notes go first, in one write
        self.pending.append(pending)
        self._save_note(pending)
        self.on_pending()
        return pending

    def note_now(
        self, text: str, kind: NoteKind, speaker: str = "", owner: str = ""
    ) -> PendingNote:
        """Save one note now, on the caller's thread (the command line's ``note``).

        Read and checked as a typed line is; its id is known before the save, so a
        save the disk did not confirm still names it (``error`` holds the warning).
        """
        assert self.session_id is not None
        note = intake.typed(text, kind, self.clock(), self.group, speaker=speaker, owner=owner)
        pending = PendingNote(note)
        try:
            self.store.save_notes(self.session_id, [note])
        except UnconfirmedSave as exc:
            pending.error = exc
        pending.state = NoteState.SAVED
        return pending

    def save_from_afar(
        self, notes: list[Note], done: Callable[[list[Note], Exception | None], None]
    ) -> None:
        """Notes written elsewhere (a phone at a table), each with its own id, time and group.

        Made by ``intake`` (``from_phone``, ``from_room``), so checked already;
        saved by the writer in the order handed. A note whose id is saved already, at
        any time of the day, is not saved again: a phone that never heard its
        ✓ sends it again. ``done(saved, error)`` is handed to ``deliver`` once
        the notes are on disk (``saved``: as stored, with their links).
        """
        session_id = self.session_id
        assert session_id is not None
        with self._batch_lock:
            self._open_batch = None  # typed in the app after this: saved after it

        def work() -> list[Note]:
            if self._ids_saved is None:  # once: every id of the day, not only the recent ones
                self._ids_saved = {n.id for n in self.store.load(session_id).notes}
            new = [n for n in notes if n.id not in self._ids_saved]
            saved = self.store.save_notes(session_id, new).notes if new else []
            self._ids_saved.update(n.id for n in new)
            return saved

        def finished(result: Any, error: Exception | None) -> None:
            if isinstance(error, UnconfirmedSave):
                self._ids_saved = None  # in place, but read the ids afresh to be sure
            self._unread = True
            done(result or [], error)

        self.writer.submit(work, finished)

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

    def _write_notes(self, batch: tuple[str, list[PendingNote]]) -> SavedNotes:
        session_id, notes = batch
        with self._batch_lock:
            if self._open_batch is batch:
                self._open_batch = None  # from now on, notes typed go in the next write
            notes = list(notes)
        # The state is set here, on the writer's thread, so that it is true
        # even when nobody is left to deliver the outcome to (the app has ended).
        try:
            saved = self.store.save_notes(session_id, [n.note for n in notes])
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

    def _notes_done(
        self, notes: list[PendingNote], result: SavedNotes | None, error: Exception | None
    ) -> None:
        if error is not None and not isinstance(error, UnconfirmedSave):
            for n in notes:
                n.error = error  # the writer's one clear message, also for a bare OSError
        if error is not None:
            self.on_error(WHAT_NOTE, error)
        if error is None and result is not None and result.before == self.seen:
            # Nobody else saved since the session was read: what was just saved is
            # all that changed, so it joins the session as read, without reading it again.
            self.seen = result.after
            self.on_notes_saved(result.added)
        else:
            self._unread = (
                True  # read afresh when the writer is idle: once a burst, not once a note
            )
        self.on_pending()

    def change_note(
        self, note_id: str, change: Callable[[Note], Note], failed: Failed | None = None
    ) -> None:
        self._submit(lambda sid: self.store.change_note(sid, note_id, change), failed=failed)

    def toggle_pin(self, note_id: str) -> None:
        """Pin a note to the top of the recap, or unpin it."""
        self.change_note(note_id, lambda n: replace(n, pinned=not n.pinned))

    def toggle_done(self, note_id: str) -> None:
        """An action carried out, or open again (open ones carry over to the next occasion)."""
        self.change_note(note_id, lambda n: replace(n, done=not n.done))

    def edit_note(self, before: Note, after: Note, failed: Failed | None = None) -> None:
        """Write what an edit changed (``before`` → ``after``) onto the note as it is on disk now.

        Another program may have pinned or edited the note meanwhile; only what
        this edit changed is written, so neither change is lost.
        """
        changes = model.changes_between(before, after)
        self.change_note(before.id, lambda current: replace(current, **changes), failed=failed)

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

    # --- the agenda: named steps --------------------------------------------
    # Each is applied by the writer to the agenda as it is on disk then; ``then``
    # gets the outcome once saved, ``failed`` the error if it was not.

    def start_or_pause(self, block_id: str) -> None:
        """Start a planned or skipped block, pause a running one, go on with a paused one."""
        now = self.clock()
        self.change_blocks(lambda blocks: agenda.toggle(blocks, block_id, now))

    def adjust(self, block_id: str, seconds: float) -> None:
        """Give a block more time (or less, with a negative number)."""
        self.change_blocks(lambda blocks: agenda.adjust(blocks, block_id, seconds))

    def finish_block(
        self, block_id: str, then: Callable[[Block | None], None] | None = None
    ) -> None:
        """Finish a block now; ``then`` gets the block that is to run next, if any."""
        now = self.clock()
        self.change_blocks(lambda blocks: agenda.finish(blocks, block_id, now), then)

    def skip_block(self, block_id: str) -> None:
        self.change_blocks(lambda blocks: agenda.skip(blocks, block_id))

    def move_block(
        self, block_id: str, offset: int, then: Callable[[None], None] | None = None
    ) -> None:
        self.change_blocks(lambda blocks: agenda.move(blocks, block_id, offset), then)

    def add_block(
        self,
        kind: model.BlockKind,
        title: str,
        minutes: int,
        after_id: str | None = None,
        then: Callable[[str], None] | None = None,
        failed: Failed | None = None,
    ) -> None:
        """Add a block after ``after_id`` (or at the end); ``then`` gets its id."""
        block = Block(kind, title, minutes)

        def add(blocks: list[Block]) -> str:
            agenda.add(blocks, block, after_id)
            return block.id

        self.change_blocks(add, then, failed)

    def edit_block(
        self, block_id: str, changes: dict[str, Any], failed: Failed | None = None
    ) -> None:
        """Change only the fields given: another program's change to the rest stays."""
        if changes:
            self.change_blocks(lambda blocks: agenda.edit(blocks, block_id, changes), failed=failed)

    def remove_block(self, block_id: str) -> None:
        self.change_blocks(lambda blocks: agenda.remove(blocks, block_id))

    # --- the room and the session's own settings ----------------------------

    def set_room_message(self, text: str, failed: Failed | None = None) -> None:
        """The words the room view shows big (empty takes them down)."""
        message = text.strip()

        def set_message(session: Session) -> None:
            session.room_message = message

        self.change_session(set_message, failed=failed)

    def clear_room_message(self) -> None:
        self.set_room_message("")

    # --- the room's voice: rounds and what the phones send -------------------

    def start_round(self, prompt: str, block_id: str | None) -> None:
        """Put ``prompt`` to the room (an ``InputError`` if empty or too long); one round at a time.

        The round belongs to ``block_id`` (the block that runs); a round still
        open is closed as this one opens.
        """
        text = " ".join(prompt.split())
        if not text:
            raise InputError.of("error.round_empty")
        if len(text) > ROUND_PROMPT_CHARS:
            raise InputError.of("error.round_long", max=ROUND_PROMPT_CHARS)
        now = self.clock()

        def start(session: Session) -> None:
            session.rounds = [
                r if r.closed_at is not None else replace(r, closed_at=now) for r in session.rounds
            ]
            session.rounds.append(model.Round(text, block_id=block_id, opened_at=now))

        self.change_session(start)

    def close_round(self) -> None:
        """Close the open round: the phones no longer offer it; answers already sent are kept."""
        now = self.clock()

        def close(session: Session) -> None:
            session.rounds = [
                r if r.closed_at is not None else replace(r, closed_at=now) for r in session.rounds
            ]

        self.change_session(close)

    def moderate(self, note_ids: list[str], state: model.RoomState) -> None:
        """Keep or hide contributions from the room (notes of the trainer's own are left be)."""
        for note_id in note_ids:
            self.change_note(note_id, lambda n: n if n.room is None else replace(n, room=state))

    def show_in_room(self, note: Note) -> None:
        """A contribution on the projector, big (as the room message), and so kept."""
        said = f"{note.text} — {note.speaker}" if note.speaker else note.text
        self.set_room_message(said)
        self.moderate([note.id], model.RoomState.KEPT)

    def toggle_blackout(self) -> None:
        """Blank the room view, or bring it back."""

        def flip(session: Session) -> None:
            session.room_blackout = not session.room_blackout

        self.change_session(flip)

    def set_warnings(self, text: str) -> list[int]:
        """Warning times as typed ("5, 1"): checked now (an ``InputError`` if wrong), then saved."""
        minutes = agenda.parse_warn_minutes(text)

        def set_minutes(session: Session) -> None:
            session.warn_minutes = list(minutes)

        self.change_session(set_minutes)
        return minutes

    def toggle_bell(self, then: Callable[[bool], None] | None = None) -> None:
        """The bell at a warning on or off; ``then`` gets whether it is on now."""

        def flip(session: Session) -> bool:
            session.bell = not session.bell
            return session.bell

        self.change_session(flip, then)

    def run_as_today(self, then: Callable[[str], None] | None = None) -> None:
        """Date the session today, from the next quarter hour; ``then`` gets its start."""
        from .plan import run_as_today

        now = self.clock()

        def ran(session: Session) -> str:
            run_as_today(session, now)
            return session.start

        self.change_session(ran, then)

    def start_if_run_today(self) -> str:
        """The start the session would get if run today (the next quarter hour), as "HH:MM"."""
        from .plan import run_as_today

        today = Session(title="")
        run_as_today(today, self.clock())
        return today.start

    # --- the queue and the roster -------------------------------------------

    def call_next(self, then: Callable[[Presentation], None] | None = None) -> None:
        """Call the next presenter (who is then marked present); ``then`` gets them."""
        now = self.clock()
        self.change_roster(
            lambda session, queue: presentations.call_and_mark_present(
                session.participants, queue, now
            ),
            then,
        )

    def finish_presentation(self, then: Callable[[Presentation], None] | None = None) -> None:
        now = self.clock()
        self.change_presentations(lambda queue: presentations.finish(queue, now), then)

    def skip_presentation(
        self, presentation_id: str, then: Callable[[None], None] | None = None
    ) -> None:
        self.change_presentations(lambda queue: presentations.skip(queue, presentation_id), then)

    def mark_absent(self, presentation_id: str, then: Callable[[None], None] | None = None) -> None:
        self.change_presentations(lambda queue: presentations.absent(queue, presentation_id), then)

    def bring_back(self, presentation_id: str, then: Callable[[None], None] | None = None) -> None:
        self.change_presentations(
            lambda queue: presentations.bring_back(queue, presentation_id), then
        )

    def move_presentation(
        self, presentation_id: str, offset: int, then: Callable[[None], None] | None = None
    ) -> None:
        self.change_presentations(
            lambda queue: presentations.move(queue, presentation_id, offset), then
        )

    def add_presentation(
        self,
        fields: PresentationFields,
        after_id: str | None = None,
        then: Callable[[str], None] | None = None,
        failed: Failed | None = None,
    ) -> None:
        """Add a presenter after ``after_id`` (or at the end); ``then`` gets the new id."""
        new = Presentation(
            presenter=fields.presenter,
            organisation=fields.organisation,
            title=fields.title,
            summary=fields.summary,
            minutes=fields.minutes,
        )

        def add(queue: list[Presentation]) -> str:
            presentations.add(queue, new, after_id)
            return new.id

        self.change_presentations(add, then, failed)

    def edit_presentation(
        self, presentation_id: str, changes: dict[str, Any], failed: Failed | None = None
    ) -> None:
        """Change only the fields given: another program's change to the rest stays."""
        if changes:
            self.change_presentations(
                lambda queue: presentations.edit(queue, presentation_id, changes), failed=failed
            )

    def remove_presentation(self, presentation_id: str) -> None:
        self.change_presentations(lambda queue: presentations.remove(queue, presentation_id))

    def mark_attendance(self, participant_id: str, attendance: Attendance) -> None:
        """Whether someone came; the queue follows (see presentations.mark_attendance)."""
        self.change_roster(
            lambda session, queue: presentations.mark_attendance(
                session.participants, queue, participant_id, attendance
            )
        )

    # --- settings ----------------------------------------------------------

    def remember(
        self, path: Any, lang: str, then: Callable[[str | None], None], **values: Any
    ) -> None:
        """Keep settings for the next start, written by the writer (never on the caller's thread).

        ``then`` gets None once kept, or the message saying why they were not.
        """
        from .settings import remember

        self.writer.submit(
            lambda: remember(path, lang, **values),
            lambda result, error: then(
                result if error is None else describe(WHAT_CHANGE, error, lang)
            ),
        )

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

    def create_from_file(self, path: Any, warnings: list[str], then: Callable[[str], None]) -> None:
        """Import a plan (TOML) or an exported session (JSON); what it warns of goes to ``warnings``."""
        from .exchange import read_import

        self.create(lambda: read_import(path, warnings), then)

    def create_demo(self, then: Callable[[str], None]) -> None:
        """The demo day, dated today from the next quarter hour."""
        from .plan import demo_today

        self.create(lambda: demo_today(self.clock()), then)

    def create_next_occasion(
        self, data: SessionData, day: Any, then: Callable[[str], None]
    ) -> None:
        """Make the next occasion of ``data``'s programme, on ``day``; ``then`` gets its id."""
        from .occasions import next_occasion

        self.create(lambda: next_occasion(data, day), then)

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
            from .i18n import t, words

            return t(cause[1:], lang) if cause[:1] == "@" and cause[1:] in words("en") else cause
        return error.localized(lang)
    if error is None:
        return ""
    return f"{type(error).__name__}: {error}"
