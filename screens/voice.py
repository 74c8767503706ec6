"""What the room sent from its phones, for the trainer to go through: on the projector, keep, hide.

Nothing from the room is shown to the room or written in the recap until the
trainer keeps it here; what is hidden stays in the store and is never shown or
exported. The list is in the order they came, each row saying where it stands.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from facilitator.errors import InputError
from facilitator.i18n import t
from facilitator.model import Note, NoteKind, RoomState, open_round, running_block
from facilitator.safetext import one_line

from .base import SessionScreen
from .keybar import KeyBar
from .status import DayStatus
from .tables import Column, cursor_key, fill_table, move_cursor_to

STYLE = {RoomState.NEW: "bold", RoomState.KEPT: "", RoomState.HIDDEN: "dim strike"}
COLUMNS = (
    ("state", 80, 0),
    ("time", 60, 0),
    ("kind", 50, 0),
    ("name", 40, 8),
    ("text", 100, 16),
)


class VoiceScreen(SessionScreen):
    """The room's contributions, to put on the projector, keep or hide; and the round."""

    DEFAULT_CSS = """
    VoiceScreen #voice-heading { height: auto; padding: 0 1; margin: 1 0 0 0; }
    VoiceScreen #voice-keys { height: auto; padding: 0 1; color: $text-muted; }
    VoiceScreen #voice-table { height: 1fr; }
    VoiceScreen #voice-empty { padding: 1 2; color: $text-muted; }
    """
    BINDINGS = [
        Binding("b", "show_big", "On the projector", id="show_big"),
        Binding("k", "keep", "Keep", id="keep"),
        Binding("h", "hide", "Hide", id="hide"),
        Binding("a", "keep_all", "Keep all new", id="keep_all"),
        Binding("r", "round", "Round", id="round"),
        Binding("escape,v", "close", "Close", id="close"),
    ]

    def compose(self) -> ComposeResult:
        yield DayStatus(id="voice-status")
        yield Static(id="voice-heading", markup=False)
        yield Static(id="voice-keys", markup=False)
        yield DataTable(id="voice-table", cursor_type="row")
        yield Static(id="voice-empty", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.watch(self.app, "data", self._rebuild)
        self.watch(self.app, "language", self._rebuild, init=False)
        self.query_one(DataTable).focus()

    def _contributions(self) -> list[Note]:
        data = self.data
        if data is None:
            return []
        # As they came: a row stays where it is while the trainer goes down the list.
        return [n for n in data.notes if n.room is not None]

    def _rebuild(self) -> None:
        lang, data = self.lang, self.data
        self.query_one(DayStatus).show(data, self.app.clock(), lang)
        self.query_one("#voice-heading", Static).update(Text(t("voice.title", lang), style="bold"))
        self.query_one("#voice-keys", Static).update(t("voice.keys", lang))
        table = self.query_one(DataTable)
        keep = cursor_key(table)
        rounds = {r.id: r.prompt for r in data.session.rounds} if data else {}
        rows = []
        for note in self._contributions():
            state = note.room or RoomState.NEW
            style = STYLE[state]
            if note.round_id is not None:
                kind = f"{t('voice.answer', lang)}: {one_line(rounds.get(note.round_id, ''), 24)}"
            else:
                kind = (
                    t(f"note.{note.kind.value}", lang)
                    if note.kind is NoteKind.QUESTION
                    else t("voice.thought", lang)  # lower case, as "question" and "answer"
                )
            rows.append(
                (
                    note.id,
                    [
                        Text(t(f"voice.{state.value}", lang), style=style),
                        Text(note.created_at.astimezone().strftime("%H:%M"), style=style),
                        Text(kind, style=style),
                        Text(one_line(note.speaker, 40) or t("voice.anonymous", lang), style=style),
                        Text(one_line(note.text, 400), style=style),
                    ],
                )
            )
        columns = [
            Column(key, t(f"voice.col.{key}", lang), rank, shortest)
            for key, rank, shortest in COLUMNS
        ]
        fill_table(table, columns, rows)
        move_cursor_to(table, keep)
        empty = self.query_one("#voice-empty", Static)
        empty.update(t("voice.none", lang) if not rows else "")
        empty.display = not rows
        self.refresh_bindings()

    def _selected(self) -> Note | None:
        key = cursor_key(self.query_one(DataTable))
        return next((n for n in self._contributions() if n.id == key), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("show_big", "keep", "hide"):
            return self._selected() is not None
        if action == "keep_all":
            return any(n.room is RoomState.NEW for n in self._contributions())
        return True

    # --- going through ------------------------------------------------------------

    def action_show_big(self) -> None:
        note = self._selected()
        if note is not None:
            self.services.room.show_in_room(note)

    def action_keep(self) -> None:
        self._set(RoomState.KEPT)

    def action_hide(self) -> None:
        self._set(RoomState.HIDDEN)

    def _set(self, state: RoomState) -> None:
        note = self._selected()
        if note is None:
            return
        self.services.room.moderate([note.id], state)
        table = self.query_one(DataTable)
        if table.cursor_row + 1 < table.row_count:  # on to the next, as one reads down a list
            table.move_cursor(row=table.cursor_row + 1)

    def action_keep_all(self) -> None:
        new = [n.id for n in self._contributions() if n.room is RoomState.NEW]
        self.services.room.moderate(new, RoomState.KEPT)

    def action_round(self) -> None:
        start_or_close_round(self)

    def action_close(self) -> None:
        self.app.pop_screen()


def start_or_close_round(screen: SessionScreen) -> None:
    """Close the round that is open, or ask for a question and open one in the running block."""
    data = screen.data
    if data is None:
        return
    if open_round(data.session) is not None:
        screen.services.room.close_round()
        return
    from .forms import TextPrompt

    lang = screen.lang
    block = running_block(data.blocks)

    def prompt_for(typed: str, error: str) -> None:
        def answered(prompt: str | None) -> None:
            if prompt is None:
                return
            try:
                screen.services.room.start_round(prompt, block.id if block else None)
            except InputError as exc:  # asked again, with what was typed and why
                prompt_for(prompt, exc.localized(lang))

        screen.app.push_screen(
            TextPrompt(lang, t("voice.round_prompt", lang), typed, error), answered
        )

    prompt_for("", "")
