"""The room view for the projector: big digits, the block's title, what comes next, a message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Digits, Static

from facilitator import queue
from facilitator.display import one_line
from facilitator.i18n import t
from facilitator.model import BlockState, SessionData
from facilitator.timing import (
    Level,
    clock_text,
    level,
    level_of,
    overtime_text,
    remaining,
    schedule,
    slot_remaining,
)

from .base import SessionScreen
from .status import set_level_class

if TYPE_CHECKING:
    pass


class RoomScreen(SessionScreen):
    """Read-only: it shows the session as the store has it, whoever changes it."""

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
        # No key bar: the room sees this screen. Its keys still work; F1 lists them.

    def on_screen_resume(self) -> None:
        self.app.show_room(True)  # the trainer's notices wait until the room view is off

    def on_screen_suspend(self) -> None:
        self.app.show_room(False)

    def on_mount(self) -> None:
        self.watch(self.app, "data", self.tick)
        self.watch(self.app, "language", self.tick, init=False)
        self.set_interval(1.0, self.tick)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("blackout", "clear_message"):
            # The room view in its own terminal only follows; the trainer's app steers.
            return not self.app.read_only and self.app.data is not None
        return True

    def action_blackout(self) -> None:
        self.service.change_session(lambda s: setattr(s, "room_blackout", not s.room_blackout))

    def action_clear_message(self) -> None:
        self.service.change_session(lambda s: setattr(s, "room_message", ""))

    def tick(self) -> None:
        if not self.is_current:
            return
        data, lang = self.app.data, self.app.language
        now = self.app.clock()
        self.set_class(bool(data and data.session.room_blackout), "-blackout")
        if data is None:
            view = RoomView(t("app.no_session", lang), now.astimezone().strftime("%H:%M"))
        else:
            view = room_view(data, now, lang)
        self.query_one("#room-title", Static).update(Text(view.title))
        self.query_one("#room-clock", Digits).update(view.clock)
        self.query_one("#room-state", Static).update(Text(view.state))
        self.query_one("#room-next", Static).update(Text(view.upcoming))
        message = self.query_one("#room-message", Static)
        text = data.session.room_message if data else ""
        message.update(Text(one_line(text, 300)))
        message.display = bool(text)
        set_level_class(self, view.level)


@dataclass(frozen=True)
class RoomView:
    title: str
    clock: str
    state: str = ""
    upcoming: str = ""
    level: Level = Level.CALM


def room_view(data: SessionData, now: datetime, lang: str) -> RoomView:
    """What the room sees: a presenter's slot while one presents, else the running block."""
    warn = data.session.warn_minutes
    plan = schedule(data.session.start, data.blocks, now)
    block = plan.current
    later = plan.upcoming
    block_next = (
        t(
            "room.next",
            lang,
            title=one_line(later.block.title, 60),
            time=later.start.astimezone().strftime("%H:%M"),
        )
        if later
        else ""
    )
    speaker = queue.current(data.presentations)
    if speaker is not None:
        left = slot_remaining(speaker, now)
        lvl = level_of(left, warn, speaker.minutes * 60)
        name = one_line(speaker.presenter, 40)
        title = t("room.presenter_now", lang, name=name)
        if speaker.title:
            title += f" — {one_line(speaker.title, 60)}"
        following = queue.up_next(data.presentations)
        upcoming = (
            t("room.presenter_next", lang, name=one_line(following.presenter, 40))
            if following
            else block_next
        )
        block_line = (
            t(
                "room.block_left",
                lang,
                title=one_line(block.title, 40),
                left=clock_text(remaining(block, now)),
            )
            if block is not None
            else ""
        )
        return RoomView(title, *_clock_and_words(left, lvl, warn, lang, block_line), upcoming, lvl)
    if block is not None:
        lvl = level(block, now, warn)
        left = remaining(block, now)
        paused = block.state is BlockState.PAUSED
        calm_words = t("room.paused" if paused else "room.left", lang)
        return RoomView(
            one_line(block.title, 80),
            *_clock_and_words(left, lvl, warn, lang, calm_words),
            block_next,
            lvl,
        )
    return RoomView(
        one_line(data.session.title, 80), now.astimezone().strftime("%H:%M"), "", block_next
    )


def _clock_and_words(
    left: float, lvl: Level, warn: list[int], lang: str, calm: str
) -> tuple[str, str]:
    if lvl is Level.OVERTIME:
        over = overtime_text(-left)
        return over, t("room.overtime", lang, over=over)
    words = {
        Level.CALM: calm,
        Level.WARN: t("room.warn", lang, minutes=max(warn)),
        Level.FINAL: t("room.warn", lang, minutes=min(warn)),
    }[lvl]
    return clock_text(left), words
