"""The store's sessions: listed, made (from a plan, the demo, the last occasion), exported."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import UnconfirmedSave
from ..model import PLAIN, Handout, RecapOptions, Session, SessionData
from ..store import Problem, SessionSummary
from .desk import WHAT_CHANGE, WHAT_SESSION, Desk, Failed, describe


class SessionsService:
    """Every session of the store, new ones, the recap and export, the settings file."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    def sessions(self) -> tuple[list[SessionSummary], list[Problem]]:
        """Every session of the store, newest first, and those that could not be read."""
        return self.desk.store.list_sessions()

    def recap(
        self,
        data: SessionData,
        lang: str,
        style: str = "minutes",
        options: RecapOptions = PLAIN,
    ) -> str:
        """The session's recap as Markdown, as of now (for the recap screen's preview)."""
        from ..exporting import text_of

        return text_of(data, "md", lang, self.desk.clock(), style=style, options=options)

    def publish(
        self,
        style: str,
        lang: str,
        then: Callable[[None], None] | None = None,
        failed: Failed | None = None,
        options: RecapOptions = PLAIN,
    ) -> None:
        """Put the recap, in ``style`` and ``lang``, on the participants' and the tables' pages.

        ``options`` (the trainer's settings) go with it: the phones get the recap
        the trainer saw in the preview.
        """
        from ..recap.render import STYLES

        if style not in STYLES or lang not in ("sv", "en"):
            raise ValueError(f"no recap style {style!r} in {lang!r}")
        now = self.desk.clock()

        def publish(session: Session) -> None:
            session.handout = Handout(style, lang, now, options)

        self.desk.change_session(publish, then, failed)

    def unpublish(
        self, then: Callable[[None], None] | None = None, failed: Failed | None = None
    ) -> None:
        """Take the recap off the phone pages: their next look finds it gone."""

        def unpublish(session: Session) -> None:
            session.handout = None

        self.desk.change_session(unpublish, then, failed)

    @staticmethod
    def export_format(path: Any) -> str | None:
        """The format a file's name asks for (``recap.html``: html), or None if it names none."""
        from ..exporting import format_of

        return format_of(path)

    def export(
        self,
        data: SessionData,
        path: Any,
        fmt: str,
        lang: str,
        style: str,
        options: RecapOptions = PLAIN,
    ) -> None:
        """Write the recap (or, as json, the whole session) to ``path``, as the command line does.

        On the caller's thread: a file of the user's choosing, not the store's,
        so it waits for no save. A fault is one clear message (``FacilitatorError``).
        """
        from ..exporting import export

        export(data, path, fmt, lang, self.desk.clock(), style, options=options)

    def addresses(self) -> dict[str, str] | None:
        """The browser pages' addresses while ``facilitator serve`` runs for this session."""
        from ..addresses import current_addresses

        return current_addresses(self.desk.store.root, self.desk.session_id or "")

    def remember(
        self, path: Any, lang: str, then: Callable[[str | None], None], **values: Any
    ) -> None:
        """Keep settings for the next start, written by the writer (never on the caller's thread).

        ``then`` gets None once kept, or the message saying why they were not.
        """
        from ..settings import remember

        self.desk.writer.submit(
            lambda: remember(path, lang, **values),
            lambda result, error: then(
                result if error is None else describe(WHAT_CHANGE, error, lang)
            ),
        )

    def create(self, make: Callable[[], SessionData], then: Callable[[str], None]) -> None:
        """Make and save a new session (from a plan, a copy, a title…); ``then`` gets its id."""
        desk = self.desk

        def work() -> str:
            return desk.store.create(make())

        def done(result: Any, error: Exception | None) -> None:
            if error is not None:
                desk.outcomes.failed(WHAT_SESSION, error)
            if isinstance(error, UnconfirmedSave):
                # Every file is in place: the session is there (said with a warning).
                result, error = error.result, None
            if error is None:
                then(result)

        desk.writer.submit(work, done)

    def create_from_file(self, path: Any, warnings: list[str], then: Callable[[str], None]) -> None:
        """Import a plan (TOML) or an exported session (JSON); what it warns of goes to ``warnings``."""
        from ..exchange import read_import

        self.create(lambda: read_import(path, warnings), then)

    def create_demo(self, then: Callable[[str], None]) -> None:
        """The demo day, dated today from the next quarter hour."""
        from ..plan import demo_today

        self.create(lambda: demo_today(self.desk.clock()), then)

    def create_next_occasion(
        self, data: SessionData, day: Any, then: Callable[[str], None]
    ) -> None:
        """Make the next occasion of ``data``'s programme, on ``day``; ``then`` gets its id."""
        from ..occasions import next_occasion

        self.create(lambda: next_occasion(data, day), then)
