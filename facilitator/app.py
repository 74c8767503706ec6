"""The Textual app: modes for each area, global keys, the command palette, live reload."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen

from screens.agenda import AgendaScreen
from screens.localize import translate_bindings

from .errors import FacilitatorError
from .i18n import t, ui_language
from .model import SessionData
from .store import Store
from .timing import Clock, system_clock

POLL_SECONDS = 0.5


class FacilitatorApp(App[None]):
    """One session on screen; every mode reads it from ``self.data``."""

    TITLE = "facilitator"
    MODES = {"agenda": AgendaScreen}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
        Binding("f2", "toggle_language", "Language", id="language"),
    ]

    language: reactive[str] = reactive("en")
    data: reactive[SessionData | None] = reactive(None, always_update=True)
    problem: reactive[str] = reactive("")

    def __init__(
        self,
        store: Store,
        session_id: str | None,
        clock: Clock = system_clock,
        language: str | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.session_id = session_id
        self.clock = clock
        self._stamp: tuple[object, ...] | None = None
        self.set_reactive(FacilitatorApp.language, language or ui_language())

    def on_mount(self) -> None:
        self.reload()
        self.set_interval(POLL_SECONDS, self._poll_store)
        self.switch_mode("agenda")
        self._apply_language()

    # --- the session ------------------------------------------------------

    def reload(self) -> None:
        """Read the session afresh from the store; a problem is shown, never raised."""
        if self.session_id is None:
            self.data = None
            return
        self._stamp = self.store.stamp(self.session_id)
        try:
            self.data = self.store.load(self.session_id)
            self.problem = ""
        except FacilitatorError as exc:
            self.problem = str(exc)

    def _poll_store(self) -> None:
        # Another process (the note-taker, the room view) may have saved: one stat tells.
        if self.session_id is not None and self.store.stamp(self.session_id) != self._stamp:
            self.reload()

    # --- language ---------------------------------------------------------

    def watch_language(self) -> None:
        self._apply_language()

    def _apply_language(self) -> None:
        translate_bindings(self, self.language)
        for screen in self.screen_stack:
            translate_bindings(screen, self.language)
        self.refresh_bindings()

    def action_toggle_language(self) -> None:
        self.language = "en" if self.language == "sv" else "sv"
        self.notify(t("toast.language", self.language))

    # --- command palette --------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        lang = self.language
        yield SystemCommand(
            t("agenda.mode", lang),
            t("action.agenda.help", lang),
            lambda: self.switch_mode("agenda"),
        )
        yield SystemCommand(
            t("action.language", lang), t("action.language.help", lang), self.action_toggle_language
        )
        yield from super().get_system_commands(screen)
