"""Time math for the day, from stored timestamps and a clock: never from counted ticks.

A block's elapsed time is the wall-clock time since it started, less its
pauses; so a restart, or a laptop suspended for twenty minutes, shows the
truth. A clock that jumps backwards never gives negative time.
"""

# Without `from __future__ import annotations`, on purpose: with it, typing
# compiles each NamedTuple field's annotation text anew at every import.
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, tzinfo
from enum import IntEnum
from typing import NamedTuple

from .model import (
    Block,
    BlockState,
    Presentation,
    PresentationState,
    Session,
    presenting_now,
    running_block,
    utc_now,
)

Clock = Callable[[], datetime]
"""Returns the current time, timezone-aware. Tests pass a fake one."""

system_clock: Clock = utc_now

LATE_REMINDER = timedelta(minutes=5)


class Level(IntEnum):
    """How close a running block is to its end; higher is more urgent."""

    CALM = 0
    WARN = 1  # within the first warning (5 min by default)
    FINAL = 2  # within the last warning (1 min by default)
    OVERTIME = 3


def elapsed(block: Block, now: datetime) -> float:
    """Seconds the block has run, pauses excluded."""
    if block.started_at is None:
        return 0.0
    end = block.finished_at or block.paused_at or now
    seconds = (end - block.started_at).total_seconds() - block.paused_seconds
    return max(0.0, seconds)


def planned_seconds(block: Block) -> float:
    """The block's length as planned, with what was added or taken off during the day."""
    return block.minutes * 60 + block.extended_seconds


def remaining(block: Block, now: datetime) -> float:
    """Seconds left; negative once the block runs over."""
    return planned_seconds(block) - elapsed(block, now)


def overtime(block: Block, now: datetime) -> float:
    return max(0.0, -remaining(block, now))


def level(block: Block, now: datetime, warn_minutes: list[int]) -> Level:
    """The warning level of a running or paused block (CALM for any other)."""
    if block.state not in (BlockState.RUNNING, BlockState.PAUSED):
        return Level.CALM
    # A warning is left out only if the block was planned shorter than it: a
    # block cut down with "-" still warns as its new end comes near.
    length = max(block.minutes * 60, planned_seconds(block))
    return level_of(remaining(block, now), warn_minutes, length)


def level_of(left: float, warn_minutes: list[int], length: float | None = None) -> Level:
    """The warning level for so many seconds left, by the session's warning minutes.

    A warning as long as the whole block or slot (5 minutes before the end of a
    5-minute slot) would be on from the start, so it is left out.
    """
    if left <= 0:
        return Level.OVERTIME
    marks = sorted(m for m in warn_minutes if length is None or m * 60 < length)
    if marks and left <= marks[0] * 60:
        return Level.FINAL
    if len(marks) > 1 and left <= marks[-1] * 60:
        return Level.WARN
    return Level.CALM


def slot_elapsed(presentation: Presentation, now: datetime) -> float:
    """Seconds a presenter has spoken (or spoke, once done)."""
    if presentation.started_at is None:
        return 0.0
    end = presentation.finished_at or now
    return max(0.0, (end - presentation.started_at).total_seconds())


def slot_remaining(presentation: Presentation, now: datetime) -> float:
    return presentation.minutes * 60 - slot_elapsed(presentation, now)


class Progress(NamedTuple):
    done: int
    waiting: int
    total: int
    seconds_left: float  # the current slot's remainder plus every waiting slot


def queue_progress(queue: list[Presentation], now: datetime) -> Progress:
    """How far the queue has come, and the time its slots still need."""
    speaker = presenting_now(queue)
    left = float(sum(p.minutes * 60 for p in queue if p.state is PresentationState.WAITING))
    if speaker is not None:
        left += max(0.0, slot_remaining(speaker, now))
    return Progress(
        done=sum(1 for p in queue if p.state is PresentationState.DONE),
        waiting=sum(1 for p in queue if p.state is PresentationState.WAITING),
        total=len(queue),
        seconds_left=left,
    )


def whole_minutes(seconds: float) -> int:
    """Seconds as the whole minutes a clock shows (14:34 is 14): the one rule for every
    duration said in minutes, on the agenda, the top lines and in every recap."""
    return int(max(seconds, 0.0) // 60)


def ran_minutes(block: Block, now: datetime) -> int:
    """The whole minutes a block has run, by ``whole_minutes``."""
    return whole_minutes(elapsed(block, now))


def clock_text(seconds: float) -> str:
    """Seconds as M:SS, or H:MM:SS from an hour; rounded up so 0:00 means really over."""
    whole = int(-(-seconds // 1)) if seconds > 0 else 0
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def overtime_text(seconds: float) -> str:
    """Overtime as +M:SS."""
    whole = int(seconds)
    minutes, secs = divmod(whole, 60)
    return f"+{minutes}:{secs:02d}"


def _minutes_of(start: str) -> int:
    hours, minutes = (int(part) for part in start.split(":"))
    return hours * 60 + minutes


class Slot(NamedTuple):
    """When a block was planned to run, and when it ran or is now expected to."""

    block: Block
    planned_start: datetime
    planned_end: datetime
    start: datetime
    end: datetime


class Schedule(NamedTuple):
    slots: list[Slot]
    planned_end: datetime
    projected_end: datetime
    current: Block | None
    late_block: Block | None  # due more than LATE_REMINDER ago, and nothing runs

    @property
    def upcoming(self) -> Slot | None:
        """The first block still to run."""
        return next((s for s in self.slots if s.block.state is BlockState.PLANNED), None)

    def slot_of(self, block: Block) -> Slot:
        return next(s for s in self.slots if s.block is block)

    @property
    def slip_minutes(self) -> int:
        """How late (positive) or early (negative) the day will end, in whole minutes.

        The difference of the two times as shown (12:19 against 12:10 is +9), so the
        line that gives all three never disagrees with itself.
        """
        shown_end, shown_plan = (
            moment.replace(second=0, microsecond=0)
            for moment in (self.projected_end, self.planned_end)
        )
        return int((shown_end - shown_plan).total_seconds() // 60)


def schedule(
    start: str,
    blocks: list[Block],
    now: datetime,
    tz: tzinfo | None = None,
    dated: date | None = None,
) -> Schedule:
    """The day as planned and as it runs: each block's start and end, and the day's end.

    Times are anchored on the day the first block actually started, else on
    today, so a day rehearsed on another date than planned still gives a sane
    slip. A day ``dated`` other than today that has not begun is its plan, as
    if it were its start time: nothing is late. Blocks that are done keep their real times; the running one ends when
    its time is up (or now, while it runs over); blocks to come follow one after
    another and never start in the past. Skipped blocks take no time.
    """
    zone = tz or now.astimezone().tzinfo
    first_start = next((b.started_at for b in blocks if b.started_at), None)
    day: date = (first_start or now).astimezone(zone).date()
    planned_cursor = datetime.combine(day, time(0), zone) + timedelta(minutes=_minutes_of(start))
    if first_start is None and dated is not None and dated != day:
        # The plan of another day, not begun: shown as planned, with no claim
        # that it runs late (or early) today.
        now = planned_cursor
    cursor = planned_cursor
    current = running_block(blocks)
    late: Block | None = None
    slots: list[Slot] = []
    for block in blocks:
        planned_start = planned_cursor
        planned_cursor += timedelta(minutes=block.minutes)
        state = block.state
        if state is BlockState.SKIPPED:
            begin = end = cursor
        elif state is BlockState.DONE:
            assert block.started_at is not None and block.finished_at is not None
            begin, end = block.started_at, max(block.finished_at, block.started_at)
        elif block is current:
            assert block.started_at is not None
            begin = block.started_at
            end = now + timedelta(seconds=max(0.0, remaining(block, now)))
        else:
            if current is None and late is None and now - planned_start > LATE_REMINDER:
                late = block
            begin = max(cursor, now)
            end = begin + timedelta(seconds=planned_seconds(block))
        slots.append(Slot(block, planned_start, planned_cursor, begin, end))
        cursor = end
    return Schedule(
        slots=slots,
        planned_end=planned_cursor,
        projected_end=cursor,
        current=current,
        late_block=late,
    )


def from_another_day(session: Session, blocks: list[Block], now: datetime) -> bool:
    """Whether ``session`` is dated another day than today and none of its blocks has begun."""
    day = session.date
    return (
        day is not None and day != now.astimezone().date() and not any(b.started_at for b in blocks)
    )


def day_schedule(session: Session, blocks: list[Block], now: datetime) -> Schedule:
    """The schedule of a session's day, by its start time and date."""
    return schedule(session.start, blocks, now, dated=session.date)
