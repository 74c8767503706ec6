"""The start screen, when no session is open: recent sessions, a new one, a plan file, the demo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from facilitator.i18n import t
from facilitator.safetext import one_line

from .base import SessionScreen
from .keybar import KeyBar

if TYPE_CHECKING:
    pass


class StartScreen(SessionScreen):
    CSS_PATH = "start.tcss"
    BINDINGS = [
        Binding("n", "new", "New session", id="new_session"),
        Binding("i", "import_plan", "Import a plan", id="import_plan"),
        Binding("d", "demo", "Demo", id="demo"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="start-heading")
        yield OptionList(id="start-sessions")
        yield Static(id="start-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        # Listed once as the screen comes up (on_screen_resume), again on a new language.
        self.watch(self.app, "language", self._refresh, init=False)

    def on_screen_resume(self) -> None:
        self._refresh()

    def _refresh(self) -> None:
        lang = self.app.language
        self.query_one("#start-heading", Static).update(
            Text(t("start.heading", lang), style="bold")
        )
        sessions = self.query_one("#start-sessions", OptionList)
        sessions.clear_options()
        summaries, problems = self.app.services.sessions.sessions()
        for s in summaries[:50]:
            day = s.date.isoformat() if s.date else "----------"
            label = Text(f"{day}  {t(f'sstate.{s.state}', lang):<10} ")
            label.append(one_line(s.title, 60), style="bold")
            sessions.add_option(Option(label, id=s.id))
        hint = t("start.hint", lang) if summaries else t("start.empty", lang)
        if problems:
            hint += "\n" + "\n".join(p.message for p in problems)
        self.query_one("#start-hint", Static).update(Text(hint))
        sessions.display = bool(summaries)  # an empty list would only be an empty box
        if summaries:
            sessions.highlighted = 0
            sessions.focus()

    @on(OptionList.OptionSelected, "#start-sessions")
    def _open(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.app.open_session(event.option.id, "agenda")

    def action_new(self) -> None:
        from .forms import TextPrompt  # loaded when first opened

        def named(title: str | None) -> None:
            if title and title.strip():
                self.services.sessions.create(
                    lambda: self.app.new_session_data(title.strip()), self._made()
                )

        self.app.push_screen(
            TextPrompt(self.app.language, t("start.new_heading", self.app.language)), named
        )

    def action_import_plan(self) -> None:
        from .forms import TextPrompt

        def chosen(path: str | None) -> None:
            if path and path.strip():
                plan = Path(path.strip()).expanduser()
                warnings: list[str] = []
                self.services.sessions.create_from_file(plan, warnings, self._made(warnings))

        heading = t("start.import_heading", self.app.language)
        self.app.push_screen(TextPrompt(self.app.language, heading, str(Path.cwd()) + "/"), chosen)

    def action_demo(self) -> None:
        self.services.sessions.create_demo(self._made())

    def _made(self, warnings: list[str] | None = None) -> Callable[[str], None]:
        """What follows a session made (off the screen's loop): it opens, with the file's warnings."""

        def made(session_id: str) -> None:
            for warning in warnings or ():
                self.notify(warning, severity="warning", timeout=15)
            self.app.open_session(session_id, "agenda")

        return made
