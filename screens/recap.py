"""The recap, previewed as it will read, and exported to a file at any time of the day."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Markdown, Static

from facilitator.errors import FacilitatorError, UnconfirmedSave
from facilitator.i18n import t

from .base import SessionScreen
from .forms import TextPrompt
from .keybar import KeyBar

if TYPE_CHECKING:
    pass


class RecapScreen(SessionScreen):
    CSS_PATH = "recap.tcss"
    BINDINGS = [
        Binding("l", "switch_language", "Language", id="recap_language"),
        Binding("s", "switch_style", "Minutes/article", id="recap_style"),
        Binding("e", "export", "Export", id="export"),
        Binding("p", "publish", "Publish", id="publish_recap"),
        Binding("f3", "app.switch_mode('agenda')", "Agenda", id="agenda"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.recap_language: str | None = None  # None: the session's own
        self.style = "minutes"  # or "article": prose in the order of the day

    def compose(self) -> ComposeResult:
        yield Static(id="recap-bar")
        with VerticalScroll(id="recap-scroll"):
            yield Markdown(id="recap-preview")
        yield KeyBar()

    def on_mount(self) -> None:
        self.watch(self.app, "data", self._refresh)
        self.watch(self.app, "language", self._refresh, init=False)

    def on_screen_resume(self) -> None:
        self._refresh()

    @property
    def language(self) -> str:
        data = self.app.data
        return self.recap_language or (data.session.language if data else self.app.language)

    def _refresh(self) -> None:
        if not self.is_current:
            return  # drawn when shown: no work for a screen nobody sees
        data, ui = self.app.data, self.app.language
        bar = self.query_one("#recap-bar", Static)
        preview = self.query_one("#recap-preview", Markdown)
        if data is None:
            bar.update(t("app.no_session", ui))
            preview.update("")
            return
        if self.app.notes_partial:
            # A recap of only the newest notes would leave out the rest of the day: wait for it.
            bar.update(t("recap.loading", ui))
            return
        language = t(f"language.{self.language}", ui)
        said = t("recap.bar", ui, language=language, style=t(f"recap.style.{self.style}", ui))
        bar.update(f"{said} · {self._published(ui)}" if data.session.handout else said)
        try:
            options = self.app.recap_options()
            preview.update(self.services.sessions.recap(data, self.language, self.style, options))
        except FacilitatorError as exc:
            bar.update(exc.localized(ui))

    def _published(self, ui: str) -> str:
        """The hand-out's state for the bar: in other words than the preview's if they differ."""
        handout = self.app.data.session.handout if self.app.data else None
        if handout is None or (handout.style, handout.language) == (self.style, self.language):
            return t("recap.published", ui)
        style = t(f"recap.style.{handout.style}", ui)
        return t(
            "recap.published.as", ui, style=style, language=t(f"language.{handout.language}", ui)
        )

    def action_publish(self) -> None:
        """Publish the recap as shown on the phone pages (asked once); take it down at once."""
        data, ui = self.app.data, self.app.language
        if data is None:
            return
        sessions = self.services.sessions
        if data.session.handout is not None:
            sessions.unpublish(lambda _: self.notify(t("recap.unpublished", ui)))
            return
        style, language, options = self.style, self.language, self.app.recap_options()
        self.confirm(
            t("recap.publish.ask", ui),
            lambda: sessions.publish(
                style,
                language,
                lambda _: self.notify(t("recap.publishing", ui)),
                options=options,
            ),
        )

    def action_switch_style(self) -> None:
        self.style = "article" if self.style == "minutes" else "minutes"
        self._refresh()

    def action_switch_language(self) -> None:
        self.recap_language = "en" if self.language == "sv" else "sv"
        self._refresh()

    def action_export(self) -> None:
        data = self.app.data
        if data is None:
            return
        day = (data.session.date or self.app.clock().date()).isoformat()
        self._ask_where(str(Path.cwd() / f"recap-{day}-{self.language}.html"))

    def _ask_where(self, suggestion: str, error: str = "") -> None:
        """Ask for the file to write; after a refusal, again with what was typed and why."""

        def chosen(path: str | None) -> None:
            if path and path.strip():
                self.export_to(path.strip())

        heading = t("recap.export_heading", self.app.language)
        self.app.push_screen(TextPrompt(self.app.language, heading, suggestion, error), chosen)

    def _ask_replace(self, typed: str, path: Path) -> None:
        """A file of that name is there (a recap edited in Word, say): replace it only if told to."""
        from .forms import Confirm

        def answered(yes: bool | None) -> None:
            if yes:
                self.export_to(typed, replace=True)
            else:
                self._ask_where(typed)  # another name, over the one typed

        question = t("recap.replace", self.app.language, path=str(path))
        self.app.push_screen(Confirm(self.app.language, question), answered)

    @work(thread=True, exclusive=True)
    def export_to(self, typed: str, replace: bool = False) -> None:
        """Render and write in a worker: the screen stays live while a big recap is written."""
        ui, data, lang = self.app.language, self.app.data, self.language
        options = self.app.recap_options()  # as the preview shows it
        if self.app.notes_partial:  # the whole day, not only the newest notes
            try:
                data, _ = self.services.desk.load_whole()
            except FacilitatorError as exc:
                self.app.call_from_thread(self.notify, exc.localized(ui), severity="error")
                return
        path = Path(typed).expanduser()
        fmt = self.services.sessions.export_format(path)
        if data is None:
            return
        if fmt is None:  # asked again over what was typed, which is kept
            self.app.call_from_thread(
                self._ask_where, typed, t("recap.bad_extension", ui, name=path.name)
            )
            return
        if path.exists() and not replace:
            self.app.call_from_thread(self._ask_replace, typed, path)
            return
        self.app.call_from_thread(self.notify, t("recap.writing", ui, path=str(path)))
        try:
            self.services.sessions.export(data, path, fmt, lang, self.style, options)
        except UnconfirmedSave as exc:
            self.app.call_from_thread(self.notify, exc.localized(ui), severity="warning")
            return
        except FacilitatorError as exc:
            message = f"{t('save.export', ui)}: {exc.localized(ui)}"
            # Said in the question asked again, over the path typed: a notice as well
            # would wait behind that dialog and come back after the retry, out of date.
            self.app.call_from_thread(self._ask_where, typed, message)
            return
        self.app.call_from_thread(self.notify, t("recap.written", ui, path=str(path)))
