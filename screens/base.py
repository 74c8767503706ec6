"""What every area's screen shares: the session and language from the app, translated keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.screen import Screen

from facilitator.model import SessionData
from facilitator.service import WHAT_CHANGE, SessionService, describe

from .localize import translate_bindings

if TYPE_CHECKING:
    from facilitator.app import FacilitatorApp


class SessionScreen(Screen[None]):
    """A screen of the app. It reads the session from the app and never holds its own copy."""

    app: FacilitatorApp  # type: ignore[assignment]

    @property
    def data(self) -> SessionData | None:
        return self.app.data

    @property
    def service(self) -> SessionService:
        """Where every change is asked for; it saves in order, off the screen's loop."""
        return self.app.service

    @property
    def lang(self) -> str:
        return self.app.language

    def on_mount(self) -> None:
        # Textual also calls the subclasses' on_mount; this one runs for each.
        translate_bindings(self, self.app.language)

    def on_data_table_row_highlighted(self) -> None:
        self.refresh_bindings()  # what can be done depends on the row under the cursor

    def refusal(self, error: Exception) -> str:
        """Why a change was not saved, for the form that opens again with what was typed."""
        return describe(WHAT_CHANGE, error, self.lang)

    def confirm(self, question: str, then: Callable[[], object]) -> None:
        """Ask a yes/no question; ``then`` runs on yes."""
        from .forms import Confirm

        def answered(yes: bool | None) -> None:
            if yes:
                then()

        self.app.push_screen(Confirm(self.lang, question), answered)
