"""The agenda: the trainer's screen for the day — blocks, timers, and how late the day runs."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from facilitator.errors import InputError
from facilitator.i18n import long_date, t
from facilitator.model import (
    Block,
    BlockKind,
    BlockState,
    SessionData,
    changes_between,
    next_to_run,
    running_block,
)
from facilitator.safetext import one_line
from facilitator.services import Failed
from facilitator.statuslines import late_line
from facilitator.timing import (
    Schedule,
    day_schedule,
    ran_minutes,
)

from .base import SessionScreen
from .keybar import KeyBar
from .status import MARKER, DayStatus
from .tables import Column, cursor_key, fill_table, move_cursor_to, refit_after_resize

if TYPE_CHECKING:
    from .forms import BlockFields

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
# (key, rank, shortest): on a narrow terminal the lowest rank goes first; the title is cut, never dropped.
COLUMNS = (
    ("marker", 90, 0),
    ("start", 80, 0),
    ("minutes", 50, 0),
    ("kind", 30, 0),
    ("state", 60, 0),
    ("ran", 40, 0),
    ("title", 100, 12),
)
WRITING_ACTIONS = {
    "start_pause", "adjust", "finish", "skip", "add", "edit", "remove", "move",
    "message", "clear_message", "blackout", "bell", "warnings", "round",
}  # fmt: skip


class AgendaScreen(SessionScreen):
    CSS_PATH = "agenda.tcss"
    BINDINGS = [
        Binding("space", "start_pause", "Start/pause", id="start_pause"),
        Binding("plus,equals_sign", "adjust(60)", "+1 min", id="extend", key_display="+"),
        Binding("minus", "adjust(-60)", "-1 min", id="shorten", key_display="-"),
        Binding("f", "finish", "Finish", id="finish"),
        Binding("s", "skip", "Skip", id="skip"),
        Binding("a", "add", "Add", id="add", show=False),
        Binding("e", "edit", "Edit", id="edit", show=False),
        Binding("f4", "app.switch_mode('room')", "Room view", id="room"),
        Binding("f5", "app.switch_mode('presentations')", "Presentations", id="presentations"),
        Binding("x", "remove", "Remove", id="remove", show=False),
        Binding("u", "move(-1)", "Move up", id="move_up", show=False),
        Binding("d", "move(1)", "Move down", id="move_down", show=False),
        Binding("m", "message", "Message", id="message", show=False),
        Binding("c", "clear_message", "Clear message", id="clear_message", show=False),
        Binding("b", "blackout", "Blackout", id="blackout", show=False),
        Binding("t", "bell", "Bell", id="bell", show=False),
        Binding("w", "warnings", "Warnings", id="warnings", show=False),
        Binding("v", "voice", "From the room", id="voice", show=False),
        Binding("r", "round", "Round", id="round", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._selected_id: str | None = None
        self._placed_cursor = False
        self._alert_text: str | None = None
        self._ran_shown: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield DayStatus(id="agenda-status")
        yield Static(id="agenda-alert")
        yield Static(id="agenda-heading")
        yield DataTable(id="agenda-table", cursor_type="row")
        yield KeyBar()

    def on_mount(self) -> None:
        self.watch(self.app, "data", self._rebuild)
        self.watch(self.app, "language", self._rebuild, init=False)
        self.watch(self.app, "problem", lambda: self._show_alerts(), init=False)
        self.set_interval(1.0, self.tick)

    # --- state ------------------------------------------------------------

    def selected(self) -> Block | None:
        key = cursor_key(self.query_one("#agenda-table", DataTable))
        return next((b for b in self.data.blocks if b.id == key), None) if self.data else None

    def select(self, block_id: str | None) -> None:
        move_cursor_to(self.query_one("#agenda-table", DataTable), block_id)

    # --- drawing ----------------------------------------------------------

    def on_resize(self) -> None:
        refit_after_resize(self.query_one("#agenda-table", DataTable), self._rebuild)

    def _rebuild(self) -> None:
        data, lang = self.data, self.lang
        table = self.query_one("#agenda-table", DataTable)
        keep = self.selected()
        keep_id = keep.id if keep else None
        self._ran_shown.clear()
        heading = self.query_one("#agenda-heading", Static)
        if data is None:
            table.clear(columns=True)
            heading.update(Text(t("app.no_session", lang)))
            self.tick()
            return
        heading.update(_heading(data, lang))
        now = self.app.clock()
        plan = day_schedule(data.session, data.blocks, now)
        columns = [
            Column(key, "" if key == "marker" else t(f"agenda.col.{key}", lang), rank, shortest)
            for key, rank, shortest in COLUMNS
        ]
        rows = [
            (slot.block.id, self._cells(slot.block, slot.planned_start, now)) for slot in plan.slots
        ]
        fill_table(table, columns, rows)
        if not self._placed_cursor and data.blocks:
            # On opening: the running block, else the first one still to run.
            first = running_block(data.blocks) or next_to_run(data.blocks)
            keep_id = first.id if first else None
            self._placed_cursor = True
        self.select(keep_id)
        self.tick()

    def _cells(self, block: Block, planned_start: datetime, now: datetime) -> list[Text]:
        lang = self.lang
        state = block.state
        strong = "bold" if state in (BlockState.RUNNING, BlockState.PAUSED) else ""
        faded = "dim" if state in (BlockState.DONE, BlockState.SKIPPED) else ""
        style = strong or faded
        extra = int(block.extended_seconds // 60)
        minutes = f"{block.minutes}{extra:+d}" if extra else str(block.minutes)
        return [
            Text(MARKER[state], style=style),
            Text(planned_start.astimezone().strftime("%H:%M"), style=style),
            Text(minutes, justify="right", style=style),
            Text(t(f"kind.{block.kind.value}", lang), style=f"{KIND_STYLE[block.kind]} {style}"),
            Text(t(f"state.{state.value}", lang), style=style),
            Text(_ran(block, now), justify="right", style=style),
            Text(one_line(block.title), style=style),
        ]

    def tick(self) -> None:
        """Redraw what time changes: the status lines and the running block's minutes."""
        if not self.is_current:
            return
        now = self.app.clock()
        plan = self.query_one("#agenda-status", DayStatus).show(self.data, now, self.lang)
        current = plan.current if plan else None
        if current is not None:
            ran = _ran(current, now)
            if self._ran_shown.get(current.id) != ran:
                # Whole minutes: the table redraws once a minute, not every second.
                self._ran_shown[current.id] = ran
                table = self.query_one("#agenda-table", DataTable)
                try:
                    table.update_cell(current.id, "ran", Text(ran, justify="right", style="bold"))
                except Exception:  # the table is being rebuilt
                    pass
        self._show_alerts(plan)

    def _show_alerts(self, plan: Schedule | None = None) -> None:
        alert = self.query_one("#agenda-alert", Static)
        lines = []
        if self.app.problem:
            lines.append(self.app.problem)
        data = self.data
        if data is not None and plan is None:
            plan = day_schedule(data.session, data.blocks, self.app.clock())
        late = late_line(plan, self.lang) if plan is not None else None
        if late:
            lines.append(late)
        if data is not None and data.session.room_blackout:
            lines.append(t("agenda.blackout_on", self.lang))
        elif data is not None and data.session.room_message:
            lines.append(
                t("agenda.message_on", self.lang, message=one_line(data.session.room_message, 60))
            )
        text = "\n".join(lines)
        if text != self._alert_text:  # an unchanged alert costs no layout
            self._alert_text = text
            alert.update(Text(text))
            alert.display = bool(lines)

    # --- actions ----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action not in WRITING_ACTIONS:
            return True
        if self.app.read_only or self.data is None:
            return False
        blocks = self.data.blocks
        chosen = self.selected()
        running = running_block(blocks)
        if action in ("adjust", "finish"):
            return True if running else None
        if action in ("start_pause", "edit", "move", "skip", "remove") and chosen is None:
            return None
        if action == "start_pause" and chosen is not None and chosen.state is BlockState.DONE:
            return None
        if action == "skip" and chosen is not None:
            return True if chosen.state in (BlockState.PLANNED, BlockState.SKIPPED) else None
        if action == "remove" and chosen is not None and chosen is running:
            return None
        if action == "clear_message":
            return True if self.data.session.room_message else None
        return True

    def _now(self) -> datetime:
        return self.app.clock()

    def action_start_pause(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        starting = chosen.state is BlockState.PLANNED or chosen.state is BlockState.SKIPPED
        self.services.agenda.start_or_pause(chosen.id)
        if starting and chosen.kind is BlockKind.PRESENTATIONS and self.data is not None:
            if self.data.presentations:
                self.notify(t("queue.offer", self.lang))

    def action_adjust(self, seconds: int) -> None:
        running = running_block(self.data.blocks) if self.data else None
        if running is not None:
            self.services.agenda.adjust(running.id, seconds)

    def action_finish(self) -> None:
        running = running_block(self.data.blocks) if self.data else None
        if running is None:
            return
        self.services.agenda.finish_block(
            running.id, then=lambda following: self.select(following.id) if following else None
        )

    def action_skip(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.services.agenda.skip_block(chosen.id)

    def action_move(self, offset: int) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.services.agenda.move_block(
                chosen.id, offset, then=lambda _: self.select(chosen.id)
            )

    def action_add(self) -> None:
        from .forms import BlockForm  # forms are loaded when first opened

        chosen = self.selected()
        heading = t("form.add_heading", self.lang)

        def save(fields: BlockFields, failed: Failed) -> None:
            self.services.agenda.add_block(
                fields.kind,
                fields.title,
                fields.minutes,
                after_id=chosen.id if chosen else None,
                then=self.select,
                failed=failed,
            )

        self.ask(lambda fields, error: BlockForm(self.lang, heading, fields, error), save)

    def action_edit(self) -> None:
        from .forms import BlockFields, BlockForm

        chosen = self.selected()
        if chosen is None:
            return
        current = BlockFields(chosen.kind, chosen.title, chosen.minutes)
        heading = t("form.edit_heading", self.lang)

        def save(fields: BlockFields, failed: Failed) -> None:
            # Only what the user changed: another program's change to the rest stays.
            self.services.agenda.edit_block(
                chosen.id, changes_between(current, fields), failed=failed
            )

        self.ask(lambda fields, error: BlockForm(self.lang, heading, fields, error), save, current)

    def action_remove(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return

        self.confirm(
            t("form.remove_question", self.lang, title=one_line(chosen.title, 60)),
            lambda: self.services.agenda.remove_block(chosen.id),
        )

    def action_message(self) -> None:
        from .forms import TextPrompt

        heading = t("form.message_heading", self.lang)

        def save(text: str, failed: Failed) -> None:
            self.services.room.set_room_message(text, failed=failed)

        self.ask(
            lambda text, error: TextPrompt(self.lang, heading, text or "", error),
            save,
            self.data.session.room_message if self.data else "",
        )

    def action_voice(self) -> None:
        """What the room sent from its phones, to go through."""
        from .voice import VoiceScreen

        self.app.push_screen(VoiceScreen())

    def action_round(self) -> None:
        from .voice import start_or_close_round

        start_or_close_round(self)

    def action_clear_message(self) -> None:
        self.services.room.clear_room_message()

    def action_blackout(self) -> None:
        self.services.room.toggle_blackout()

    def action_warnings(self) -> None:
        from .forms import TextPrompt

        current = ", ".join(str(m) for m in self.data.session.warn_minutes) if self.data else ""

        def typed(text: str | None) -> None:
            if text is None:
                return
            try:
                minutes = self.services.agenda.set_warnings(text)
            except InputError as exc:
                self.notify(exc.localized(self.lang), severity="error")
                return
            self.app.remember(warn_minutes=minutes)  # and for the sessions made from now on

        heading = t("form.warnings_heading", self.lang)
        self.app.push_screen(TextPrompt(self.lang, heading, current), typed)

    def action_bell(self) -> None:
        def said(bell_on: bool) -> None:
            self.notify(t("toast.bell_on" if bell_on else "toast.bell_off", self.lang))
            self.app.remember(bell=bell_on)  # and for the sessions made from now on

        self.services.agenda.toggle_bell(then=said)


def _ran(block: Block, now: datetime) -> str:
    """Whole minutes a block has run (the status line has the seconds)."""
    if block.state is BlockState.PLANNED or block.state is BlockState.SKIPPED:
        return ""
    return str(ran_minutes(block, now))


def _heading(data: SessionData, lang: str) -> Text:
    s = data.session
    title = Text(one_line(s.title), style="bold")
    if s.occasion:
        title.append(f"  ·  {t('session.occasion', lang, n=s.occasion)}")
    details = [long_date(s.date, lang) if s.date else t("session.no_date", lang)]
    if s.venue:
        details.append(one_line(s.venue))
    if s.facilitators:
        details.append(one_line(", ".join(s.facilitators)))
    title.append("\n" + "  ·  ".join(details))
    return title
