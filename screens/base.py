"""What every area's screen shares: the session and language from the app, translated keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual.app import App
from textual.binding import ActiveBinding
from textual.reactive import reactive
from textual.screen import Screen

from facilitator.model import Note, RecapOptions, SessionData
from facilitator.services import WHAT_CHANGE, Services, describe
from facilitator.timing import Clock

from .localize import in_language

V = TypeVar("V")


class SessionApp(App[None]):
    """The app as its screens know it: the session and language they watch, and where to ask.

    The screens import this, never the app that derives from it
    (``facilitator.app``), which imports them: no circle between the two.
    """

    language: reactive[str] = reactive("en")
    data: reactive[SessionData | None] = reactive(None, always_update=True)
    problem: reactive[str] = reactive("")
    # Bumped whenever a note typed but not yet on disk changes state (see NotesService.pending).
    pending: reactive[int] = reactive(0)

    services: Services
    clock: Clock
    read_only: bool
    # True while only the newest notes are read (a big day just opened; the rest follows).
    notes_partial: bool = False

    def screen_resumed(self, screen: Screen[None]) -> None:
        """A screen came up (the room view holds the trainer's notices back)."""
        raise NotImplementedError

    def open_session(self, session_id: str, mode: str | None = None) -> None:
        """Show another session of the store, in ``mode`` if given."""
        raise NotImplementedError

    def new_session_data(self, title: str) -> SessionData:
        """An empty session made in the app."""
        raise NotImplementedError

    def remember(self, **values: object) -> None:
        """Keep a setting (bell, warn_minutes…) for the next start."""
        raise NotImplementedError

    def recap_options(self) -> RecapOptions:
        """What the user's settings add to a recap (its preview and every export)."""
        raise NotImplementedError

    def may_change(self, note: Note) -> bool:
        """Whether the user here may edit, pin, delete or tick off ``note``."""
        raise NotImplementedError


class SessionScreen(Screen[None]):
    """A screen of the app. It reads the session from the app and never holds its own copy."""

    app: SessionApp  # type: ignore[assignment]
    FOR_THE_ROOM = False  # the room view: what the whole room sees, so nothing private on it

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The keys of the screen and the app, named in the interface language."""
        return in_language(super().active_bindings, self.app.language)

    @property
    def data(self) -> SessionData | None:
        return self.app.data

    @property
    def services(self) -> Services:
        """Where every change is asked for, by area; it saves in order, off the screen's loop."""
        return self.app.services

    @property
    def lang(self) -> str:
        return self.app.language

    def on_screen_resume(self) -> None:
        # The room view holds the trainer's notices back; the other screens show them.
        self.app.screen_resumed(self)

    def on_data_table_row_highlighted(self) -> None:
        # What can be done depends on the row under the cursor (the key bar
        # redraws only if what it shows changed: see KeyBar).
        self.refresh_bindings()

    def ask(
        self,
        form: Callable[[V | None, str], Screen[V | None]],
        save: Callable[[V, Callable[[Exception], None]], object],
        values: V | None = None,
    ) -> None:
        """Open a form on ``values`` (None: an empty form); ``save`` what it gives back.

        The save runs after the form has closed; if the disk refuses it, the
        form opens again with what was typed and why (``save`` gets the callback
        to call then), so nothing typed is lost.
        """

        def answered(given: V | None) -> None:
            if given is not None:
                save(given, lambda error: show(given, describe(WHAT_CHANGE, error, self.lang)))

        def show(shown: V | None, error: str = "") -> None:
            self.app.push_screen(form(shown, error), answered)

        show(values)

    def confirm(self, question: str, then: Callable[[], object]) -> None:
        """Ask a yes/no question; ``then`` runs on yes."""
        from .forms import Confirm

        def answered(yes: bool | None) -> None:
            if yes:
                then()

        self.app.push_screen(Confirm(self.lang, question), answered)
