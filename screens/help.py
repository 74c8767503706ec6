"""The help screen: every key of the screen below and of the app, made from the bindings themselves."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from facilitator.i18n import STRINGS, t

from .localize import Dialog, declared_bindings, translated


def key_rows(screen: Screen[object], lang: str) -> list[tuple[str, str, str]]:
    """(keys, name, what it does) for each key of ``screen`` and of the app, once each.

    From what the classes declare, not from what is active now: a key that
    a text field takes while it has focus is still listed.
    """
    rows: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for node in (screen, screen.app):
        for binding in declared_bindings(node):
            if binding.id in seen:
                continue
            seen.add(binding.id or "")
            named = translated(binding, lang)
            keys = ", ".join(
                screen.app.get_key_display(Binding(key, binding.action))
                for key in binding.key.split(",")
            )
            help_key = f"help.{binding.id}"
            rows.append((keys, named.description, t(help_key, lang) if help_key in STRINGS else ""))
    return rows


class HelpScreen(Dialog[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,f1,question_mark,q", "dismiss", "Close", id="close_help")]

    def __init__(self, below: Screen[object], lang: str) -> None:
        super().__init__()
        self.below = below
        self.lang = lang

    def compose(self) -> ComposeResult:
        table = Table(box=None, expand=True, show_header=True, header_style="bold")
        table.add_column(t("help.col.key", self.lang), no_wrap=True, style="bold")
        table.add_column(t("help.col.name", self.lang))
        table.add_column(t("help.col.does", self.lang), ratio=1)
        for keys, name, does in key_rows(self.below, self.lang):
            table.add_row(Text(keys), Text(name), Text(does))
        with VerticalScroll(id="help"):
            yield Static(Text(t("help.heading", self.lang), style="bold"), id="help-heading")
            yield Static(table)
            yield Static(Text(t("help.footer", self.lang)), id="help-footer")
