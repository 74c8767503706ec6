"""The open session on disk, read with a stamp that is true of it, and changed through one writer.

Every area's service (notes, agenda, queue, room, sessions) works through one
``Desk``: it knows the store, which session is open, the clock, and the writer
thread that does every change in the order asked. What happens to a change is
told to one ``Outcomes`` given when the desk is made (the app turns them into
Textual messages); nobody sets a hook on it afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from ..errors import FacilitatorError, StoreError, UnconfirmedSave
from ..model import Block, Note, Presentation, Session, SessionData
from ..store import Store
from ..timing import Clock, system_clock
from .writer import Deliver, Writer, at_once

T = TypeVar("T")
R = TypeVar("R")
Failed = Callable[[Exception], None]
Stamp = tuple[object, ...] | None

# What could not be saved, as string-table keys for the message.
WHAT_NOTE = "save.note"
WHAT_CHANGE = "save.change"
WHAT_SESSION = "save.session"


class Outcomes(Protocol):
    """What whoever shows the session hears of the saves (on its own loop, by ``deliver``)."""

    def saved(self) -> None:
        """Changes are on disk: read the session afresh."""

    def notes_saved(self, notes: list[Note]) -> None:
        """These notes are on disk, and nothing else changed since the session was read."""

    def failed(self, what: str, error: Exception) -> None:
        """``what`` (a string-table key) could not be saved, or only without the disk's word."""

    def pending_changed(self) -> None:
        """The notes typed and not yet on disk changed."""


class Quiet:
    """Outcomes nobody shows (the command line, the server's phone pages)."""

    def saved(self) -> None:
        pass

    def notes_saved(self, notes: list[Note]) -> None:
        pass

    def failed(self, what: str, error: Exception) -> None:
        pass

    def pending_changed(self) -> None:
        pass


class Desk:
    """The store, the open session, the clock and the writer; the session read and changed."""

    def __init__(
        self,
        store: Store,
        session_id: str | None,
        clock: Clock = system_clock,
        read_only: bool = False,
        deliver: Deliver = at_once,
        outcomes: Outcomes | None = None,
        group: str = "",
    ) -> None:
        self.store = store
        self.clock = clock
        self.read_only = read_only
        # The group a note-taker writes for (a browser's notes page); notes carry it.
        self.group = group
        self.outcomes: Outcomes = outcomes or Quiet()
        self._deliver = deliver
        self.writer = Writer(deliver, on_idle=self._idle)
        self._session_id = session_id
        self._seen: Stamp = None  # the stamp of the session as last read
        self._unread = False  # saved since the session was last read afresh

    @property
    def session_id(self) -> str | None:
        return self._session_id

    def open(self, session_id: str) -> None:
        """Work on another session of the store from now on."""
        self._session_id = session_id
        self._seen = None

    # --- reading ---------------------------------------------------------

    def load(self) -> SessionData | None:
        """The session as it is on disk now (and the stamp it was read at, in ``seen``)."""
        if self._session_id is None:
            return None
        sid = self._session_id
        data, self._seen = self._stamped(lambda: self.store.load(sid))
        return data

    def load_newest(self, files: int) -> tuple[SessionData | None, bool]:
        """The session with only its newest ``files`` notes files, and whether older ones were left.

        For a first paint of a big day; ``load`` reads the whole of it.
        """
        if self._session_id is None:
            return None, False
        sid = self._session_id

        def read() -> tuple[SessionData, bool]:
            partial = len(self.store.note_files(sid)) > files
            return self.store.load(sid, newest=files if partial else None), partial

        (data, partial), self._seen = self._stamped(read)
        return data, partial

    def load_whole(self) -> tuple[SessionData | None, Stamp]:
        """The whole session and the stamp it was read at, without taking it as shown.

        For a thread of its own: whoever shows the session calls ``shown`` with
        the stamp when it takes the data.
        """
        if self._session_id is None:
            return None, None
        sid = self._session_id
        return self._stamped(lambda: self.store.load(sid))

    def shown(self, stamp: Stamp) -> None:
        """The session as read at ``stamp`` (by ``load_whole``) is what is shown now."""
        self._seen = stamp

    def _stamped(self, read: Callable[[], R]) -> tuple[R, Stamp]:
        """What ``read`` gives, and a stamp that is true of exactly what it read.

        A save that lands between taking the stamp and reading the files (our own
        writer's, or another program's) would be in what was read but not in the
        stamp, and be merged in a second time when its outcome arrives. So the stamp
        is taken before and after: if they differ the read is done again, and if it
        never settles, no stamp (which matches nothing: the session is read afresh
        at the next look).
        """
        assert self._session_id is not None
        for _ in range(3):
            before = self.store.stamp(self._session_id)
            got = read()
            if self.store.stamp(self._session_id) == before:
                return got, before
        return got, None

    def changed_elsewhere(self) -> bool:
        """Whether the session's files changed since it was last read (another program saved)."""
        return self._session_id is not None and self.stamp() != self._seen

    def stamp(self) -> Stamp:
        """A few stats of the session's files: they differ once anyone has saved."""
        return None if self._session_id is None else self.store.stamp(self._session_id)

    def read_since(self, before: Stamp, after: Stamp) -> bool:
        """Take a save from ``before`` to ``after`` as read, if the session was last read at ``before``.

        True when nobody else saved in between: what was saved is then all that
        changed, and the caller adds it to the session as shown.
        """
        if before is None or before != self._seen:
            self._unread = True  # read afresh when the writer is idle: once a burst
            return False
        self._seen = after
        return True

    def strays(self) -> list[Any]:
        """Files in the session's folder that the store did not write (said once, on opening)."""
        return [] if self._session_id is None else self.store.strays(self._session_id)

    # --- changing ---------------------------------------------------------

    def submit(
        self,
        work: Callable[[str], T],
        then: Callable[[T], None] | None = None,
        failed: Failed | None = None,
    ) -> None:
        """``work(session_id)`` on the writer, after everything asked before it.

        ``then`` gets its result once saved (the session is read afresh first);
        ``failed`` gets the error if it was not. Nothing for a read-only desk.
        """
        if self._session_id is None or self.read_only:
            return
        session_id = self._session_id

        def done(result: Any, error: Exception | None) -> None:
            if error is not None:
                self.outcomes.failed(WHAT_CHANGE, error)
            if then is None:
                self._unread = True
            else:
                # ``then`` looks at the session as saved: it is told after the outcome
                # (which has the session read afresh), on the same loop.
                self.outcomes.saved()
            if error is None and then is not None:
                self._deliver(lambda: then(result))
            elif error is not None and failed is not None:
                failed(error)

        self.writer.submit(lambda: work(session_id), done)

    def mark_unread(self) -> None:
        """Something was saved that the session as shown lacks: read it once the writer is idle."""
        self._unread = True

    def change_blocks(
        self,
        change: Callable[[list[Block]], T],
        then: Callable[[T], None] | None = None,
        failed: Failed | None = None,
    ) -> None:
        """Apply ``change`` to the agenda as it is on disk when the writer gets to it."""
        self.submit(lambda sid: self.store.change_blocks(sid, change), then, failed)

    def change_presentations(
        self,
        change: Callable[[list[Presentation]], T],
        then: Callable[[T], None] | None = None,
        failed: Failed | None = None,
    ) -> None:
        self.submit(lambda sid: self.store.change_presentations(sid, change), then, failed)

    def change_session(
        self,
        change: Callable[[Session], T],
        then: Callable[[T], None] | None = None,
        failed: Failed | None = None,
    ) -> None:
        self.submit(lambda sid: self.store.change_session(sid, change), then, failed)

    def change_roster(
        self,
        change: Callable[[Session, list[Presentation]], T],
        then: Callable[[T], None] | None = None,
    ) -> None:
        self.submit(lambda sid: self.store.change_roster(sid, change), then)

    def change_note(
        self, note_id: str, change: Callable[[Note], Note], failed: Failed | None = None
    ) -> None:
        self.submit(lambda sid: self.store.change_note(sid, note_id, change), failed=failed)

    def _idle(self) -> None:
        """The writer has done all it was asked: read the session afresh once, if anything was saved."""
        if self._unread:
            self._unread = False
            self.outcomes.saved()

    def close(self, timeout: float = 10.0) -> bool:
        """Finish every save asked for; False if the writer did not finish in time."""
        return self.writer.close(timeout)


def describe(what: str, error: Exception, lang: str) -> str:
    """The message shown for a change that could not be saved: what, then why and where."""
    from ..i18n import t

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
            from ..i18n import t, words

            return t(cause[1:], lang) if cause[:1] == "@" and cause[1:] in words("en") else cause
        return error.localized(lang)
    if error is None:
        return ""
    return f"{type(error).__name__}: {error}"
