"""When the trainer is told that time is running out: the warning and reminder decisions.

Textual-free: the app asks once a second (and after every change) what to say,
and shows it as notices. Only the level a block or a presenter's slot is in
*now* counts, however it got there (time passing, ``-``/``+``, an edit, another
program's save), so each warning is said once, as its level is entered; leaving
a level (given more time) takes back what was said of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .i18n import t
from .model import SessionData, presenting_now
from .safetext import one_line
from .statuslines import late_line
from .timing import Level, clock_text, day_schedule, level, level_of, remaining, slot_remaining


@dataclass(frozen=True)
class Alert:
    """One thing to tell the trainer: about ``key`` ("block:…", "slot:…", "late:…")."""

    key: str
    message: str
    severity: str  # "warning" or "error"
    bell: bool = False  # ring, too (the session's bell is on)
    # A warning of time left may be taken back (given more time); a reminder is not.
    may_withdraw: bool = True


@dataclass
class Said:
    """What changed since the last look: alerts to raise, and keys whose alerts are no longer true."""

    raised: list[Alert] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)


class TimeWatch:
    """Remembers what was said, per block and slot, so that each level is said once."""

    def __init__(self) -> None:
        self._levels: dict[str, Level] = {}
        self._reminded: set[str] = set()

    def forget(self) -> None:
        """Another session is open: nothing said of the last one holds."""
        self._levels.clear()
        self._reminded.clear()

    def reminded(self, block_id: str) -> bool:
        """Whether the late start of ``block_id`` has been said."""
        return block_id in self._reminded

    def look(self, data: SessionData, now: datetime, lang: str, may_remind: bool = True) -> Said:
        """What to say now. ``may_remind`` is False while a change waits for the disk
        (it may be the start of the very block that is late)."""
        said = Said()
        warn = data.session.warn_minutes
        plan = day_schedule(data.session, data.blocks, now)
        bell = data.session.bell
        if plan.current is not None:
            block = plan.current
            self._enter(
                said,
                f"block:{block.id}",
                level(block, now, warn),
                block.title,
                remaining(block, now),
                lang,
                bell,
            )
        speaker = presenting_now(data.presentations)
        if speaker is not None:
            left = slot_remaining(speaker, now)
            self._enter(
                said,
                f"slot:{speaker.id}",
                level_of(left, warn, speaker.minutes * 60),
                speaker.presenter,
                left,
                lang,
                bell,
            )
        late = plan.late_block
        message = late_line(plan, lang)
        if late is not None and message and may_remind and late.id not in self._reminded:
            self._reminded.add(late.id)
            said.raised.append(Alert(f"late:{late.id}", message, "warning", may_withdraw=False))
        return said

    def _enter(
        self, said: Said, key: str, lvl: Level, title: str, left: float, lang: str, bell: bool
    ) -> None:
        seen = self._levels.get(key, Level.CALM)
        self._levels[key] = lvl
        if lvl < seen:
            said.withdrawn.append(key)
        if lvl <= seen:
            return
        name = one_line(title, 60)
        if lvl is Level.OVERTIME:
            message = t("warn.overtime", lang, title=name)
        else:
            message = t("warn.left", lang, title=name, left=clock_text(left))
        severity = "error" if lvl >= Level.FINAL else "warning"
        said.raised.append(Alert(key, message, severity, bell=bell))
