"""The agenda: the session's blocks with their planned start times and states."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from facilitator.display import one_line
from facilitator.i18n import long_date, t
from facilitator.model import BlockKind, SessionData
from facilitator.timing import planned_end, planned_starts

from .localize import translate_bindings

if TYPE_CHECKING:
    from facilitator.app import FacilitatorApp

# Colour helps at a glance; the kind is always written out too.
KIND_STYLE = {
    BlockKind.RECAP: "magenta",
    BlockKind.THEORY: "cyan",
    BlockKind.DISCUSSION: "green",
    BlockKind.PRESENTATIONS: "yellow",
    BlockKind.BREAK: "dim",
    BlockKind.EXERCISE: "blue",
    BlockKind.INFO: "",
    BlockKind.WRAPUP: "magenta",
}


class AgendaScreen(Screen[None]):
    app: FacilitatorApp  # type: ignore[assignment]

    CSS_PATH = "agenda.tcss"

    def compose(self) -> ComposeResult:
        yield Static(id="agenda-heading")
        yield Static(id="agenda-problem")
        yield DataTable(id="agenda-table", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        translate_bindings(self, self.app.language)
        self.watch(self.app, "data", self._refresh)
        self.watch(self.app, "language", self._refresh)
        self.watch(self.app, "problem", self._show_problem)

    def _show_problem(self, problem: str) -> None:
        widget = self.query_one("#agenda-problem", Static)
        widget.update(Text(problem))
        widget.display = bool(problem)

    def _refresh(self) -> None:
        data: SessionData | None = self.app.data
        lang: str = self.app.language
        heading = self.query_one("#agenda-heading", Static)
        table = self.query_one("#agenda-table", DataTable)
        table.clear(columns=True)
        if data is None:
            heading.update(Text(t("app.no_session", lang)))
            return
        heading.update(_heading(data, lang))
        table.add_column(t("agenda.col.start", lang), key="start")
        table.add_column(t("agenda.col.minutes", lang), key="minutes")
        table.add_column(t("agenda.col.kind", lang), key="kind")
        table.add_column(t("agenda.col.state", lang), key="state")
        table.add_column(t("agenda.col.title", lang), key="title")
        starts = planned_starts(data.session.start, data.blocks)
        for start, block in zip(starts, data.blocks, strict=True):
            table.add_row(
                start,
                Text(str(block.minutes), justify="right"),
                Text(t(f"kind.{block.kind.value}", lang), style=KIND_STYLE[block.kind]),
                t(f"state.{block.state.value}", lang),
                Text(one_line(block.title)),
                key=block.id,
            )
        if not data.blocks:
            table.add_row("", "", "", "", Text(t("agenda.empty", lang)))


def _heading(data: SessionData, lang: str) -> Text:
    s = data.session
    title = Text(one_line(s.title), style="bold")
    if s.occasion:
        title.append(f"  ·  {t('session.occasion', lang, n=s.occasion)}")
    if s.theme:
        title.append(f"  ·  {one_line(s.theme)}")
    when = long_date(s.date, lang) if s.date else t("session.no_date", lang)
    end = planned_end(s.start, data.blocks)
    details = [f"{when}  {s.start}–{end}"]
    if s.venue:
        details.append(one_line(s.venue))
    title.append("\n" + "  ·  ".join(details))
    if s.facilitators:
        title.append(
            "\n" + t("session.facilitators", lang, names=one_line(", ".join(s.facilitators)))
        )
    return title
