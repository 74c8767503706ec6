"""Key names in the interface language, taken from the bindings' ids, through Textual's public API."""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from textual.binding import ActiveBinding, Binding
from textual.screen import ModalScreen

from facilitator.i18n import STRINGS, t

R = TypeVar("R")


def translated(binding: Binding, lang: str) -> Binding:
    """``binding`` named ``key.<id>`` in ``lang`` (as it is, if it has no such name)."""
    name = f"key.{binding.id}"
    return replace(binding, description=t(name, lang)) if name in STRINGS else binding


def in_language(active: dict[str, ActiveBinding], lang: str) -> dict[str, ActiveBinding]:
    """A screen's active bindings with their names in ``lang``: what the key bar, help and
    palette show. Textual fixes a binding's description when its class is made; the
    screens hand out translated copies instead of changing Textual's own."""
    return {
        key: found._replace(binding=translated(found.binding, lang))
        for key, found in active.items()
    }


class Dialog(ModalScreen[R]):
    """A dialog over a screen: its keys named in the language it was opened in."""

    lang: str

    def on_screen_resume(self) -> None:
        resumed = getattr(self.app, "screen_resumed", None)
        if resumed is not None:
            resumed(self)  # the trainer's notices wait for the dialog to close

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return in_language(super().active_bindings, self.lang)


def declared_bindings(node: object) -> list[Binding]:
    """The bindings a screen or app class declares (``BINDINGS``), its own before its bases'."""
    found: list[Binding] = []
    for cls in type(node).__mro__:
        for binding in cls.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding) and binding.id:
                found.append(binding)
    return found
