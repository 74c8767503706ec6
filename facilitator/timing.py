"""Time math for the day: planned start of each block from the session start and durations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from .model import Block, utc_now

Clock = Callable[[], datetime]
"""Returns the current time, timezone-aware. Tests pass a fake one."""

system_clock: Clock = utc_now


def planned_starts(start: str, blocks: list[Block]) -> list[str]:
    """Each block's planned start as HH:MM, following from the day's start and durations."""
    hours, minutes = (int(part) for part in start.split(":"))
    offset = hours * 60 + minutes
    starts = []
    for block in blocks:
        starts.append(hhmm(offset))
        offset += block.minutes
    return starts


def planned_end(start: str, blocks: list[Block]) -> str:
    hours, minutes = (int(part) for part in start.split(":"))
    return hhmm(hours * 60 + minutes + sum(b.minutes for b in blocks))


def hhmm(minutes_after_midnight: int) -> str:
    """Minutes after midnight as a clock time; a day running past midnight wraps."""
    return f"{minutes_after_midnight // 60 % 24:02d}:{minutes_after_midnight % 60:02d}"
