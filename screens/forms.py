"""Small dialogs: a block, a presentation or a note to edit; a yes/no question; one line of text."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from facilitator.errors import InputError
from facilitator.i18n import t
from facilitator.intake import checked
from facilitator.model import Block, BlockKind, Note, NoteKind, Presentation
from facilitator.safetext import inert, one_line
from facilitator.services import PresentationFields, check_block, check_presentation

from .localize import Dialog


class StoredInput(Input):
    """An input for a value from the store: control characters shown as symbols, never sent raw.

    A title from someone else's plan may hold an escape sequence; shown as it
    is, it would set the terminal's title or clipboard. ``kept`` is what to
    save: the value as it was if the user left it alone, else what they typed.
    """

    def __init__(self, value: str = "", **kwargs: Any) -> None:
        super().__init__(inert(value), **kwargs)
        self.original = value

    @property
    def kept(self) -> str:
        return self.original if self.value == inert(self.original) else self.value


@dataclass(frozen=True)
class BlockFields:
    kind: BlockKind
    title: str
    minutes: int


class BlockForm(Dialog[BlockFields | None]):
    """Add or edit a block. Nothing is saved until every field is right."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(
        self, lang: str, heading: str, fields: BlockFields | None = None, error: str = ""
    ) -> None:
        super().__init__()
        self.lang = lang
        self.heading = heading
        self.fields = fields or BlockFields(BlockKind.THEORY, "", 30)
        self.error = error  # why the last try was not saved, shown over what was typed

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
            yield StoredInput(self.fields.title, id="form-title")
            yield Label(t("form.minutes", lang))
            yield Input(str(self.fields.minutes), id="form-minutes")
            yield Static("", id="form-error", markup=False)
            with Horizontal(id="form-buttons"):
                yield Button(t("form.save", lang), variant="primary", id="form-save")
                yield Button(t("form.cancel", lang), id="form-cancel")

    def on_mount(self) -> None:
        self.query_one("#form-error", Static).update(self.error)
        self.query_one("#form-title", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#form-save")
    def save(self) -> None:
        kind = self.query_one("#form-kind", Select).value
        title = self.query_one("#form-title", StoredInput).kept
        minutes = self.query_one("#form-minutes", Input).value
        try:
            fields = check_block(str(kind), title, minutes)
        except InputError as exc:
            self.query_one("#form-error", Static).update(exc.localized(self.lang))
            return
        self.dismiss(BlockFields(*fields))

    @on(Button.Pressed, "#form-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class Confirm(Dialog[bool]):
    """A yes/no question; y (or j, for ja) or Enter says yes, n or Escape says no."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [
        Binding("y,j,enter", "answer(True)", "Yes", id="yes"),
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

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class TextPrompt(Dialog[str | None]):
    """One line of text; Enter keeps it, Escape leaves things as they were."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(self, lang: str, heading: str, value: str = "", error: str = "") -> None:
        super().__init__()
        self.lang = lang
        self.heading = heading
        self.value = value
        self.error = error  # why the last try was not saved, shown over what was typed

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static(self.heading, id="form-heading", markup=False)
            yield StoredInput(self.value, id="prompt-input")
            yield Static(self.error, id="form-error", markup=False)
            yield Static(t("form.enter_escape", self.lang), markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def submit(self, event: Input.Submitted) -> None:
        self.dismiss(self.query_one("#prompt-input", StoredInput).kept)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PresentationForm(Dialog[PresentationFields | None]):
    """Add or edit a presentation. Nothing is saved until every field is right."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel")]
    FIELDS = ("presenter", "organisation", "title", "summary", "minutes")

    def __init__(
        self, lang: str, heading: str, fields: PresentationFields | None = None, error: str = ""
    ) -> None:
        super().__init__()
        self.lang = lang
        self.heading = heading
        self.fields = fields or PresentationFields("", "", "", "", 5)
        self.error = error  # why the last try was not saved, shown over what was typed

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static(self.heading, id="form-heading", markup=False)
            for name in self.FIELDS:
                yield Label(t(f"pform.{name}", self.lang))
                yield StoredInput(str(getattr(self.fields, name)), id=f"form-{name}", compact=True)
            yield Static("", id="form-error", markup=False)
            with Horizontal(id="form-buttons"):
                yield Button(t("form.save", self.lang), variant="primary", id="form-save")
                yield Button(t("form.cancel", self.lang), id="form-cancel")

    def on_mount(self) -> None:
        self.query_one("#form-error", Static).update(self.error)
        self.query_one("#form-presenter", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#form-save")
    def save(self) -> None:
        values = [self.query_one(f"#form-{name}", StoredInput).kept for name in self.FIELDS]
        try:
            fields = check_presentation(*values)
        except InputError as exc:
            self.query_one("#form-error", Static).update(exc.localized(self.lang))
            return
        self.dismiss(fields)

    @on(Button.Pressed, "#form-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


# The note's place in the article, as the form's choice says it and as the note holds it.
ARTICLE_VALUE: dict[bool | None, str] = {None: "auto", True: "in", False: "out"}
ARTICLE_MARKED = {value: marked for marked, value in ARTICLE_VALUE.items()}


class NoteForm(Dialog[Note | None]):
    """Edit a note: its text (newlines kept), kind, who, and what it is linked to."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="cancel"),
        Binding("ctrl+s", "save", "Save", id="save"),
    ]

    def __init__(
        self,
        lang: str,
        note: Note,
        blocks: list[Block],
        presentations: list[Presentation],
        error: str = "",
    ) -> None:
        super().__init__()
        self.lang = lang
        self.note = note
        self.blocks = blocks
        self.presentations = presentations
        self.error = error  # why the last try was not saved, shown over what was typed

    def compose(self) -> ComposeResult:
        lang, note = self.lang, self.note
        none = t("nform.none", lang)
        with Vertical(id="form"):
            yield Static(t("nform.heading", lang), id="form-heading", markup=False)
            # Control characters shown as symbols; saved as they were unless edited.
            yield TextArea(inert(note.text), id="nform-text", soft_wrap=True)
            with Horizontal(classes="nform-row"):
                yield Label(t("nform.kind", lang))
                yield Select(
                    [(t(f"note.{k.value}", lang), k.value) for k in NoteKind],
                    value=note.kind.value, allow_blank=False, compact=True, id="nform-kind",
                )  # fmt: skip
            with Horizontal(classes="nform-row"):
                yield Label(t("nform.speaker", lang))
                yield StoredInput(note.speaker, id="nform-speaker", compact=True)
            with Horizontal(classes="nform-row"):
                yield Label(t("nform.owner", lang))
                yield StoredInput(note.owner, id="nform-owner", compact=True)
            with Horizontal(classes="nform-row"):
                yield Label(t("nform.block", lang))
                yield Select(
                    [(none, "")] + [(one_line(b.title, 40), b.id) for b in self.blocks],
                    value=note.block_id if note.block_id in {b.id for b in self.blocks} else "",
                    allow_blank=False, compact=True, id="nform-block",
                )  # fmt: skip
            with Horizontal(classes="nform-row"):
                yield Label(t("nform.presentation", lang))
                yield Select(
                    [(none, "")] + [(one_line(p.presenter, 40), p.id) for p in self.presentations],
                    value=note.presentation_id
                    if note.presentation_id in {p.id for p in self.presentations}
                    else "",
                    allow_blank=False, compact=True, id="nform-presentation",
                )  # fmt: skip
            with Horizontal(classes="nform-row"):
                yield Label(t("nform.article", lang))
                yield Select(
                    [(t(f"nform.article.{v}", lang), v) for v in ("auto", "in", "out")],
                    value=ARTICLE_VALUE[note.in_article],
                    allow_blank=False, compact=True, id="nform-article",
                )  # fmt: skip
            yield Static("", id="form-error", markup=False)
            yield Static(t("nform.keys", lang), markup=False)

    def on_mount(self) -> None:
        self.query_one("#form-error", Static).update(self.error)
        self.query_one("#nform-text", TextArea).focus()

    def action_save(self) -> None:
        text = self.query_one("#nform-text", TextArea).text
        if text == inert(self.note.text):
            text = self.note.text  # untouched: the control characters stay as typed
        block = str(self.query_one("#nform-block", Select).value)
        presentation = str(self.query_one("#nform-presentation", Select).value)
        edited = replace(
            self.note,
            text=text,
            kind=NoteKind(str(self.query_one("#nform-kind", Select).value)),
            speaker=self.query_one("#nform-speaker", StoredInput).kept.strip(),
            owner=self.query_one("#nform-owner", StoredInput).kept.strip(),
            block_id=block or None,
            presentation_id=presentation or None,
            in_article=ARTICLE_MARKED[str(self.query_one("#nform-article", Select).value)],
        )
        try:
            checked(edited)
        except InputError as exc:
            self.query_one("#form-error", Static).update(exc.localized(self.lang))
            return
        self.dismiss(edited)

    def action_cancel(self) -> None:
        self.dismiss(None)
