"""The day's status lines, shared by the trainer's screens: now, the running block, the slip."""

from __future__ import annotations

from datetime import datetime

from rich.cells import cell_len
from rich.text import Text
from textual.dom import DOMNode
from textual.widgets import Static

from facilitator.i18n import t
from facilitator.model import BlockState, SessionData
from facilitator.safetext import one_line
from facilitator.statuslines import next_line, room_line
from facilitator.timing import (
    Level,
    Schedule,
    Slot,
    clock_text,
    day_schedule,
    level,
    overtime,
    overtime_text,
    remaining,
)

MARKER = {
    BlockState.PLANNED: " ",
    BlockState.RUNNING: "▶",
    BlockState.PAUSED: "‖",
    BlockState.DONE: "✓",
    BlockState.SKIPPED: "–",
}
LEVEL_CLASS = {Level.WARN: "-warn", Level.FINAL: "-final", Level.OVERTIME: "-overtime"}


def set_level_class(node: DOMNode, lvl: Level) -> None:
    """Mark a widget or screen with its warning level (-warn, -final, -overtime) for the CSS."""
    for cls in LEVEL_CLASS.values():
        node.set_class(LEVEL_CLASS.get(lvl) == cls, cls)


class DayStatus(Static):
    """Two lines: the time and the running block; then the day's end and what comes next.

    Each line is fitted to the width it has: the time left and the day's end
    are always whole, and the titles around them are cut with an ellipsis.
    """

    _shown: tuple[SessionData | None, datetime, str] | None = None
    _room_for: tuple[object, object, str] | None = None
    _room = ""

    def show(self, data: SessionData | None, now: datetime, lang: str) -> Schedule | None:
        """Draw the status for ``now``; returns the day's schedule for the caller's use."""
        self._shown = (data, now, lang)
        width = self.content_size.width or 200  # before the first layout: as if wide
        if data is None:
            self.update(Text(now.astimezone().strftime("%H:%M:%S"), style="bold"))
            set_level_class(self, Level.CALM)
            return None
        plan = day_schedule(data.session, data.blocks, now)
        current = plan.current
        lvl = level(current, now, data.session.warn_minutes) if current else Level.CALM
        shown = status_text(plan, now, lvl, lang, width)
        seen = self._room_for
        if (
            seen is None
            or seen[0] is not data.notes
            or seen[1] is not data.session.rounds
            or seen[2] != lang
        ):
            self._room_for = (data.notes, data.session.rounds, lang)  # once a reload, not a tick
            self._room = room_line(data, lang)
        room = self._room
        if room:  # a third line while the room has something for the trainer
            shown.append("\n" + _cut(room, width), style="bold")
        self.update(shown)
        set_level_class(self, lvl)
        return plan

    def on_resize(self) -> None:
        if self._shown is not None:
            self.show(*self._shown)


GAP = "   "
JOIN = "  ·  "


def status_text(plan: Schedule, now: datetime, lvl: Level, lang: str, width: int = 200) -> Text:
    """The two status lines, each at most ``width`` cells, what matters most kept whole."""
    clock = now.astimezone().strftime("%H:%M:%S")
    current = plan.current
    upcoming = plan.upcoming
    first = Text(clock, style="bold")
    if current is not None:
        if lvl is Level.OVERTIME:
            left = t("status.overtime", lang, over=overtime_text(overtime(current, now)))
        else:
            key = "status.paused" if current.state is BlockState.PAUSED else "status.left"
            left = t(key, lang, left=clock_text(remaining(current, now)))
        room = width - cell_len(clock + GAP + GAP + left) - 2
        title = f"{MARKER[current.state]} {_cut(one_line(current.title), room)}"
        first.append(GAP + title + GAP, style="bold")
        first.append(left, style="bold")
    else:
        done = t("status.day_done", lang) if plan.slots else ""
        if upcoming is not None:
            first.append(GAP + _next(upcoming, lang, width - cell_len(clock + GAP)))
        elif done:
            first.append(GAP + done)
    over = current is None and upcoming is None  # nothing runs and nothing is left: the day ended
    second = slip_text(plan, lang, over) if plan.slots else ""
    if current is not None and upcoming is not None:
        room = width - cell_len(second + JOIN) if second else width
        said = _next(upcoming, lang, room)
        if said:
            second = second + JOIN + said if second else said
    first.append("\n" + second)
    return first


def _next(upcoming: Slot, lang: str, room: int) -> str:
    """ "Next: <title> at 12:40" in ``room`` cells, the title cut to fit; empty if even that cannot."""
    bare = cell_len(next_line(upcoming, lang, fit=lambda _: ""))
    if room - bare < 6:
        return ""
    return next_line(upcoming, lang, fit=lambda title: _cut(title, room - bare))


def _cut(text: str, cells: int) -> str:
    """``text`` in at most ``cells`` terminal cells, with an ellipsis if it was cut."""
    if cell_len(text) <= cells:
        return text
    if cells <= 1:
        return "…" if cells == 1 else ""
    cut = Text(text)
    cut.truncate(cells, overflow="ellipsis")
    return cut.plain


def slip_text(plan: Schedule, lang: str, over: bool = False) -> str:
    """When the day ends now, and against the plan: "ends 19:01 (+182 min, planned 16:00)".

    Once the day is ``over``, when it ended: "ended 19:01 (…)".
    """
    ends = plan.projected_end.astimezone().strftime("%H:%M")
    planned = plan.planned_end.astimezone().strftime("%H:%M")
    slip = plan.slip_minutes
    tense = ".over" if over else ""
    if slip == 0:
        return t(f"status.on_time{tense}", lang, ends=ends)
    return t(f"status.slip{tense}", lang, slip=f"{slip:+d}", ends=ends, planned=planned)
