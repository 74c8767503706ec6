"""The day's status lines, shared by the trainer's screens: now, the running block, the slip."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.dom import DOMNode
from textual.widgets import Static

from facilitator.display import one_line
from facilitator.i18n import t
from facilitator.model import BlockState, SessionData
from facilitator.timing import (
    Level,
    Schedule,
    clock_text,
    level,
    overtime,
    overtime_text,
    remaining,
    schedule,
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
    """Two lines: the time and the running block; then what comes next and the day's end."""

    def show(self, data: SessionData | None, now: datetime, lang: str) -> Schedule | None:
        """Draw the status for ``now``; returns the day's schedule for the caller's use."""
        if data is None:
            self.update(Text(now.astimezone().strftime("%H:%M:%S"), style="bold"))
            set_level_class(self, Level.CALM)
            return None
        plan = schedule(data.session.start, data.blocks, now)
        current = plan.current
        lvl = level(current, now, data.session.warn_minutes) if current else Level.CALM
        self.update(status_text(plan, now, lvl, lang))
        set_level_class(self, lvl)
        return plan


def status_text(plan: Schedule, now: datetime, lvl: Level, lang: str) -> Text:
    line = Text(now.astimezone().strftime("%H:%M:%S"), style="bold")
    line.append("   ")
    current = plan.current
    upcoming = plan.upcoming
    next_text = (
        t(
            "status.next",
            lang,
            title=one_line(upcoming.block.title, 24),
            time=upcoming.start.astimezone().strftime("%H:%M"),
        )
        if upcoming
        else ""
    )
    second: list[str] = []
    if current is not None:
        line.append(f"{MARKER[current.state]} {one_line(current.title, 40)}   ", style="bold")
        if lvl is Level.OVERTIME:
            over = overtime_text(overtime(current, now))
            line.append(t("status.overtime", lang, over=over), style="bold")
        else:
            left = clock_text(remaining(current, now))
            key = "status.paused" if current.state is BlockState.PAUSED else "status.left"
            line.append(t(key, lang, left=left), style="bold")
        if next_text:
            second.append(next_text)
    else:
        line.append(next_text or (t("status.day_done", lang) if plan.slots else ""))
    if plan.slots:
        second.append(slip_text(plan, lang))
    line.append("\n" + "  ·  ".join(second))
    return line


def slip_text(plan: Schedule, lang: str) -> str:
    ends = plan.projected_end.astimezone().strftime("%H:%M")
    planned = plan.planned_end.astimezone().strftime("%H:%M")
    slip = plan.slip_minutes
    if slip == 0:
        return t("status.on_time", lang, ends=ends)
    return t("status.slip", lang, slip=f"{slip:+d}", ends=ends, planned=planned)
