"""What every area's screen shares: the session and language from the app, translated keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

from facilitator.model import SessionData

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
    def lang(self) -> str:
        return self.app.language

    def on_mount(self) -> None:
        # Textual also calls the subclasses' on_mount; this one runs for each.
        translate_bindings(self, self.app.language)
