"""The room view for the projector: big digits, the block's title, what comes next, a message."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Digits, Footer, Static

from facilitator.display import one_line
from facilitator.i18n import t
from facilitator.model import BlockState
from facilitator.timing import (
    Level,
    clock_text,
    level,
    overtime,
    overtime_text,
    remaining,
    schedule,
)

from .agenda import LEVEL_CLASS
from .localize import translate_bindings

if TYPE_CHECKING:
    from facilitator.app import FacilitatorApp


class RoomScreen(Screen[None]):
    """Read-only: it shows the session as the store has it, whoever changes it."""

    app: FacilitatorApp  # type: ignore[assignment]

    CSS_PATH = "room.tcss"
    BINDINGS = [
        Binding("f3", "app.switch_mode('agenda')", "Agenda", id="agenda"),
        Binding("b", "blackout", "Blackout", id="blackout"),
        Binding("c", "clear_message", "Clear message", id="clear_message"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="room"):
            yield Static(id="room-title")
            with Horizontal(id="room-clock-row"):
                yield Digits("", id="room-clock")
            yield Static(id="room-state")
            yield Static(id="room-next")
            yield Static(id="room-message")
        yield Footer()

    def on_mount(self) -> None:
        translate_bindings(self, self.app.language)
        self.watch(self.app, "data", self.tick)
        self.watch(self.app, "language", self.tick, init=False)
        self.set_interval(1.0, self.tick)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("blackout", "clear_message"):
            # The room view in its own terminal only follows; the trainer's app steers.
            return not self.app.read_only and self.app.data is not None
        return True

    def action_blackout(self) -> None:
        self.app.change_session(lambda s: setattr(s, "room_blackout", not s.room_blackout))

    def action_clear_message(self) -> None:
        self.app.change_session(lambda s: setattr(s, "room_message", ""))

    def tick(self) -> None:
        if not self.is_current:
            return
        data, lang = self.app.data, self.app.language
        now = self.app.clock()
        title = self.query_one("#room-title", Static)
        clock = self.query_one("#room-clock", Digits)
        state = self.query_one("#room-state", Static)
        upcoming = self.query_one("#room-next", Static)
        message = self.query_one("#room-message", Static)
        self.set_class(bool(data and data.session.room_blackout), "-blackout")
        lvl = Level.CALM
        if data is None:
            title.update(Text(t("app.no_session", lang)))
            clock.update(now.astimezone().strftime("%H:%M"))
            state.update("")
            upcoming.update("")
        else:
            plan = schedule(data.session.start, data.blocks, now)
            current = plan.current
            later = [s for s in plan.slots if s.block.state is BlockState.PLANNED]
            if current is not None:
                lvl = level(current, now, data.session.warn_minutes)
                title.update(Text(one_line(current.title, 80)))
                if lvl is Level.OVERTIME:
                    over = overtime_text(overtime(current, now))
                    clock.update(over)
                    state.update(Text(t("room.overtime", lang, over=over)))
                else:
                    clock.update(clock_text(remaining(current, now)))
                    key = "room.paused" if current.state is BlockState.PAUSED else "room.left"
                    words = {
                        Level.CALM: "",
                        Level.WARN: t("room.warn", lang, minutes=max(data.session.warn_minutes)),
                        Level.FINAL: t("room.warn", lang, minutes=min(data.session.warn_minutes)),
                    }[lvl]
                    state.update(Text(words or t(key, lang)))
            else:
                title.update(Text(one_line(data.session.title, 80)))
                clock.update(now.astimezone().strftime("%H:%M"))
                state.update("")
            if later:
                nxt = later[0]
                upcoming.update(
                    Text(
                        t(
                            "room.next",
                            lang,
                            title=one_line(nxt.block.title, 60),
                            time=nxt.start.astimezone().strftime("%H:%M"),
                        )
                    )
                )
            else:
                upcoming.update("")
        text = data.session.room_message if data else ""
        message.update(Text(one_line(text, 300)))
        message.display = bool(text)
        for cls in LEVEL_CLASS.values():
            self.set_class(LEVEL_CLASS.get(lvl) == cls, cls)
