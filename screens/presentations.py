"""The presentation queue: who presents now, with their slot's time, and who comes next."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from facilitator.i18n import t
from facilitator.model import (
    Presentation,
    PresentationState,
    SessionData,
    changes_between,
    in_recap,
    presenting_now,
    up_next,
)
from facilitator.safetext import one_line
from facilitator.services import Failed, PresentationFields
from facilitator.timing import (
    Level,
    clock_text,
    level_of,
    overtime_text,
    queue_progress,
    slot_elapsed,
    slot_remaining,
)

from .base import SessionScreen
from .keybar import KeyBar
from .status import DayStatus, set_level_class
from .tables import Column, cursor_key, fill_table, move_cursor_to, refit_after_resize

if TYPE_CHECKING:
    from .forms import PresentationForm

    pass

# (key, rank, shortest): on a narrow terminal the lowest rank goes first. The
# presenter's name is never dropped nor cut; the titles are cut with an ellipsis.
COLUMNS = (
    ("number", 20, 0),
    ("presenter", 100, 0),
    ("state", 70, 0),
    ("minutes", 40, 0),
    ("took", 60, 0),
    ("notes", 30, 0),
    ("title", 90, 10),
    ("organisation", 50, 8),
)
WRITING_ACTIONS = {
    "call_next",
    "finish",
    "skip",
    "absent",
    "bring_back",
    "move",
    "add",
    "edit",
    "remove",
}


class PresentationsScreen(SessionScreen):
    CSS_PATH = "presentations.tcss"
    BINDINGS = [
        Binding("n", "call_next", "Call next", id="call_next"),
        Binding("f", "finish", "Finish", id="finish_presenter"),
        Binding("s", "skip", "Skip", id="skip_presenter"),
        Binding("o", "absent", "Absent", id="absent"),
        Binding("b", "bring_back", "Bring back", id="bring_back"),
        Binding("a", "add", "Add", id="add_presenter"),
        Binding("e", "edit", "Edit", id="edit_presenter"),
        Binding("x", "remove", "Remove", id="remove_presenter", show=False),
        Binding("u", "move(-1)", "Move up", id="move_presenter_up", show=False),
        Binding("d", "move(1)", "Move down", id="move_presenter_down", show=False),
        Binding("f3", "app.switch_mode('agenda')", "Agenda", id="agenda"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._took_shown: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield DayStatus(id="queue-status")
        yield Static(id="queue-progress")
        yield Static(id="queue-current")
        yield DataTable(id="queue-table", cursor_type="row")
        yield KeyBar()

    def on_mount(self) -> None:
        self.watch(self.app, "data", self._rebuild)
        self.watch(self.app, "language", self._rebuild, init=False)
        self.set_interval(1.0, self.tick)

    def selected(self) -> Presentation | None:
        key = cursor_key(self.query_one("#queue-table", DataTable))
        return (
            next((p for p in self.data.presentations if p.id == key), None) if self.data else None
        )

    def select(self, presentation_id: str | None) -> None:
        move_cursor_to(self.query_one("#queue-table", DataTable), presentation_id)

    # --- drawing ----------------------------------------------------------

    def on_resize(self) -> None:
        refit_after_resize(self.query_one("#queue-table", DataTable), self._rebuild)

    def _rebuild(self) -> None:
        table = self.query_one("#queue-table", DataTable)
        keep = self.selected()
        self._took_shown.clear()
        data, lang = self.data, self.lang
        if data is None:
            table.clear(columns=True)
        else:
            now = self.app.clock()
            counts = _note_counts(data)
            columns = [
                Column(key, "#" if key == "number" else t(f"queue.col.{key}", lang), rank, shortest)
                for key, rank, shortest in COLUMNS
            ]
            rows = [
                (p.id, self._cells(number, p, now, counts.get(p.id, 0)))
                for number, p in enumerate(data.presentations, start=1)
            ]
            fill_table(table, columns, rows)
            if keep is None:
                first = presenting_now(data.presentations) or up_next(data.presentations)
                keep = first
        self.select(keep.id if keep else None)
        self.tick()

    def _cells(self, number: int, p: Presentation, now: datetime, notes: int) -> list[Text]:
        state = p.state
        style = "bold" if state is PresentationState.PRESENTING else ""
        if state in (PresentationState.DONE, PresentationState.SKIPPED, PresentationState.ABSENT):
            style = "dim"
        return [
            Text(str(number), style=style),
            Text(one_line(p.presenter, 30), style=style),
            Text(t(f"pstate.{state.value}", self.lang), style=style),
            Text(str(p.minutes), justify="right", style=style),
            Text(_took(p, now), justify="right", style=style),
            Text(str(notes) if notes else "", justify="right", style=style),
            Text(one_line(p.title, 50), style=style),
            Text(one_line(p.organisation, 40), style=style),
        ]

    def tick(self) -> None:
        if not self.is_current:
            return
        now, lang, data = self.app.clock(), self.lang, self.data
        self.query_one("#queue-status", DayStatus).show(data, now, lang)
        progress_widget = self.query_one("#queue-progress", Static)
        panel = self.query_one("#queue-current", Static)
        if data is None:
            progress_widget.update(Text(t("app.no_session", lang)))
            panel.display = False
            return
        progress = queue_progress(data.presentations, now)
        progress_widget.update(
            Text(
                t(
                    "queue.progress",
                    lang,
                    done=progress.done,
                    total=progress.total,
                    waiting=progress.waiting,
                    minutes=round(progress.seconds_left / 60),
                )
                if data.presentations
                else t("queue.empty", lang)
            )
        )
        panel.display = True
        speaker = presenting_now(data.presentations)
        lvl = Level.CALM
        if speaker is None:
            following = up_next(data.presentations)
            panel.update(
                Text(
                    t("queue.nobody_next", lang, name=one_line(following.presenter, 40))
                    if following
                    else t("queue.nobody", lang)
                )
            )
        else:
            left = slot_remaining(speaker, now)
            lvl = level_of(left, data.session.warn_minutes, speaker.minutes * 60)
            notes = _note_counts(data).get(speaker.id, 0)
            panel.update(_speaker_text(speaker, left, lvl, notes, lang))
            took = _took(speaker, now)
            if self._took_shown.get(speaker.id) != took:
                self._took_shown[speaker.id] = took
                try:
                    self.query_one("#queue-table", DataTable).update_cell(
                        speaker.id, "took", Text(took, justify="right", style="bold")
                    )
                except Exception:  # the table is being rebuilt
                    pass
        set_level_class(panel, lvl)

    # --- actions ----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action not in WRITING_ACTIONS:
            return True
        if self.app.read_only or self.data is None:
            return False
        queue = self.data.presentations
        chosen = self.selected()
        state = chosen.state if chosen else None
        allowed = {
            "call_next": up_next(queue) is not None,
            "finish": presenting_now(queue) is not None,
            "skip": state in (PresentationState.WAITING, PresentationState.PRESENTING),
            "absent": state in (PresentationState.WAITING, PresentationState.SKIPPED),
            "bring_back": state in (PresentationState.SKIPPED, PresentationState.ABSENT),
            "move": chosen is not None,
            "add": True,
            "edit": chosen is not None,
            "remove": chosen is not None and state is not PresentationState.PRESENTING,
        }[action]
        return True if allowed else None

    def action_call_next(self) -> None:
        self.services.queue.call_next(then=lambda called: self.select(called.id))

    def action_finish(self) -> None:
        def finished(_: object) -> None:
            if self.data is not None:
                following = up_next(self.data.presentations)
                self.select(following.id if following else None)

        self.services.queue.finish_presentation(then=finished)

    def _on_selected(self, operation: Callable[..., None]) -> None:
        chosen = self.selected()
        if chosen is not None:
            operation(chosen.id, then=lambda _: self.select(chosen.id))

    def action_skip(self) -> None:
        self._on_selected(self.services.queue.skip_presentation)

    def action_absent(self) -> None:
        self._on_selected(self.services.queue.mark_absent)

    def action_bring_back(self) -> None:
        self._on_selected(self.services.queue.bring_back)

    def action_move(self, offset: int) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.services.queue.move_presentation(
                chosen.id, offset, then=lambda _: self.select(chosen.id)
            )

    def action_add(self) -> None:
        chosen = self.selected()
        heading = t("form.add_presenter", self.lang)

        def save(fields: PresentationFields, failed: Failed) -> None:
            self.services.queue.add_presentation(
                fields, chosen.id if chosen else None, then=self.select, failed=failed
            )

        self.ask(
            lambda fields, error: _presentation_form()(self.lang, heading, fields, error), save
        )

    def action_edit(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        current = PresentationFields(
            chosen.presenter, chosen.organisation, chosen.title, chosen.summary, chosen.minutes
        )
        heading = t("form.edit_presenter", self.lang)

        def save(fields: PresentationFields, failed: Failed) -> None:
            # Only what the user changed: another program's change to the rest stays.
            self.services.queue.edit_presentation(
                chosen.id, changes_between(current, fields), failed=failed
            )

        self.ask(
            lambda fields, error: _presentation_form()(self.lang, heading, fields, error),
            save,
            current,
        )

    def action_remove(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return

        self.confirm(
            t("form.remove_presenter", self.lang, name=one_line(chosen.presenter, 60)),
            lambda: self.services.queue.remove_presentation(chosen.id),
        )


def _note_counts(data: SessionData) -> dict[str, int]:
    counts: dict[str, int] = {}
    for note in data.notes:
        if note.presentation_id and in_recap(note):
            counts[note.presentation_id] = counts.get(note.presentation_id, 0) + 1
    return counts


def _took(p: Presentation, now: datetime) -> str:
    """Time spoken as M:SS, the same for the one speaking now (redrawn each second) as for the rest."""
    if p.started_at is None:
        return ""
    return clock_text(slot_elapsed(p, now))


def _speaker_text(p: Presentation, left: float, lvl: Level, notes: int, lang: str) -> Text:
    text = Text(t("queue.now", lang), style="bold")
    text.append(one_line(p.presenter, 60), style="bold")
    if p.organisation:
        text.append(f" — {one_line(p.organisation, 60)}")
    if p.title:
        text.append(f"\n“{one_line(p.title, 80)}”")
    text.append("\n")
    if lvl is Level.OVERTIME:
        text.append(t("queue.overtime", lang, over=overtime_text(-left)), style="bold")
    else:
        text.append(t("queue.left", lang, left=clock_text(left), minutes=p.minutes), style="bold")
    text.append("   ·   " + t("queue.notes", lang, count=notes))
    return text


def _presentation_form() -> type[PresentationForm]:
    """The presenter's form, imported when first opened: not before the first frame."""
    from .forms import PresentationForm

    return PresentationForm
