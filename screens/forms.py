"""Small dialogs: a block's or a presentation's fields, a yes/no question, one line of text."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from facilitator.agenda import check_block_fields
from facilitator.errors import InputError
from facilitator.i18n import t
from facilitator.model import BlockKind
from facilitator.queue import PresentationFields, check_fields

from .localize import translate_bindings


@dataclass(frozen=True)
class BlockFields:
    kind: BlockKind
    title: str
    minutes: int


class BlockForm(ModalScreen[BlockFields | None]):
    """Add or edit a block. Nothing is saved until every field is right."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(self, lang: str, heading: str, fields: BlockFields | None = None) -> None:
        super().__init__()
        self.lang = lang
        self.heading = heading
        self.fields = fields or BlockFields(BlockKind.THEORY, "", 30)

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="form"):
            yield Static(self.heading, id="form-heading", markup=False)
            yield Label(t("form.kind", lang))
            yield Select(
                [(t(f"kind.{k.value}", lang), k.value) for k in BlockKind],
                value=self.fields.kind.value,
                allow_blank=False,
                id="form-kind",
            )
            yield Label(t("form.title", lang))
            yield Input(self.fields.title, id="form-title")
            yield Label(t("form.minutes", lang))
            yield Input(str(self.fields.minutes), id="form-minutes")
            yield Static("", id="form-error", markup=False)
            with Horizontal(id="form-buttons"):
                yield Button(t("form.save", lang), variant="primary", id="form-save")
                yield Button(t("form.cancel", lang), id="form-cancel")

    def on_mount(self) -> None:
        translate_bindings(self, self.lang)
        self.query_one("#form-title", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#form-save")
    def save(self) -> None:
        kind = self.query_one("#form-kind", Select).value
        title = self.query_one("#form-title", Input).value
        minutes = self.query_one("#form-minutes", Input).value
        try:
            fields = check_block_fields(str(kind), title, minutes)
        except InputError as exc:
            self.query_one("#form-error", Static).update(str(exc))
            return
        self.dismiss(BlockFields(*fields))

    @on(Button.Pressed, "#form-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class Confirm(ModalScreen[bool]):
    """A yes/no question; y or Enter says yes, n or Escape says no."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", id="yes"),
        Binding("n,escape", "answer(False)", "No", id="no"),
    ]

    def __init__(self, lang: str, question: str) -> None:
        super().__init__()
        self.lang = lang
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static(self.question, id="form-heading", markup=False)
            yield Static(t("form.yes_no", self.lang), markup=False)

    def on_mount(self) -> None:
        translate_bindings(self, self.lang)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class TextPrompt(ModalScreen[str | None]):
    """One line of text; Enter keeps it, Escape leaves things as they were."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(self, lang: str, heading: str, value: str = "") -> None:
        super().__init__()
        self.lang = lang
        self.heading = heading
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static(self.heading, id="form-heading", markup=False)
            yield Input(self.value, id="prompt-input")
            yield Static(t("form.enter_escape", self.lang), markup=False)

    def on_mount(self) -> None:
        translate_bindings(self, self.lang)
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def submit(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PresentationForm(ModalScreen[PresentationFields | None]):
    """Add or edit a presentation. Nothing is saved until every field is right."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel")]
    FIELDS = ("presenter", "organisation", "title", "summary", "minutes")

    def __init__(self, lang: str, heading: str, fields: PresentationFields | None = None) -> None:
        super().__init__()
        self.lang = lang
        self.heading = heading
        self.fields = fields or PresentationFields("", "", "", "", 5)

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static(self.heading, id="form-heading", markup=False)
            for name in self.FIELDS:
                yield Label(t(f"pform.{name}", self.lang))
                yield Input(str(getattr(self.fields, name)), id=f"form-{name}", compact=True)
            yield Static("", id="form-error", markup=False)
            with Horizontal(id="form-buttons"):
                yield Button(t("form.save", self.lang), variant="primary", id="form-save")
                yield Button(t("form.cancel", self.lang), id="form-cancel")

    def on_mount(self) -> None:
        translate_bindings(self, self.lang)
        self.query_one("#form-presenter", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#form-save")
    def save(self) -> None:
        values = [self.query_one(f"#form-{name}", Input).value for name in self.FIELDS]
        try:
            fields = check_fields(*values)
        except InputError as exc:
            self.query_one("#form-error", Static).update(str(exc))
            return
        self.dismiss(fields)

    @on(Button.Pressed, "#form-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
