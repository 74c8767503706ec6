"""What the trainer does to the agenda: start, pause, extend, finish, skip, and edit blocks.

Each operation changes a list of blocks in place, given the time it happens.
The store applies them under its lock to freshly read blocks (Store.change_blocks),
so two programs never undo each other's changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from . import limits
from .errors import InputError
from .i18n import Count
from .model import Block, BlockKind, BlockState, next_to_run, running_block

MAX_MINUTES = limits.BLOCK_MINUTES
MAX_TITLE = limits.NAME_CHARS


def find(blocks: list[Block], block_id: str) -> Block:
    for block in blocks:
        if block.id == block_id:
            return block
    raise InputError.of("error.block_gone")


running = running_block  # the block on the clock now (defined once, in the model)


def _fold_pause(block: Block, now: datetime) -> None:
    """End a pause: its length joins paused_seconds (never negative if the clock went back)."""
    if block.paused_at is not None:
        block.paused_seconds += max(0.0, (now - block.paused_at).total_seconds())
        block.paused_at = None


def start(blocks: list[Block], block_id: str, now: datetime) -> None:
    """Start a block; one that runs already is finished first."""
    block = find(blocks, block_id)
    if block.state is BlockState.DONE:
        raise InputError.of("error.block_done", title=block.title)
    other = running(blocks)
    if other is not None and other is not block:
        finish(blocks, other.id, now)
    block.skipped = False
    block.started_at = now
    block.paused_at = None
    block.paused_seconds = 0.0


def toggle(blocks: list[Block], block_id: str, now: datetime) -> None:
    """Space: start a block that has not run, pause a running one, resume a paused one."""
    block = find(blocks, block_id)
    state = block.state
    if state is BlockState.RUNNING:
        block.paused_at = now
    elif state is BlockState.PAUSED:
        _fold_pause(block, now)
    else:
        start(blocks, block_id, now)


def adjust(blocks: list[Block], block_id: str, seconds: float) -> None:
    """Add (or with a negative number, take off) time; a block keeps at least one minute."""
    block = find(blocks, block_id)
    if block.state in (BlockState.DONE, BlockState.SKIPPED):
        raise InputError.of("error.block_closed", title=block.title)
    floor = 60 - block.minutes * 60
    block.extended_seconds = max(floor, block.extended_seconds + seconds)


def finish(blocks: list[Block], block_id: str, now: datetime) -> Block | None:
    """Finish a running or paused block; returns the next block still to run, if any."""
    block = find(blocks, block_id)
    if block.state not in (BlockState.RUNNING, BlockState.PAUSED):
        raise InputError.of("error.block_not_running", title=block.title)
    _fold_pause(block, now)
    assert block.started_at is not None
    block.finished_at = max(now, block.started_at)
    return next_to_run(blocks, block_id)


def skip(blocks: list[Block], block_id: str) -> None:
    """Skip a block that has not run, or bring a skipped block back."""
    block = find(blocks, block_id)
    if block.state is BlockState.SKIPPED:
        block.skipped = False
    elif block.state is BlockState.PLANNED:
        block.skipped = True
    else:
        raise InputError.of("error.block_has_run", title=block.title)


def check_block_fields(kind: str, title: str, minutes: str | int) -> tuple[BlockKind, str, int]:
    """A block's kind, title and minutes as typed in a form; one clear message if wrong."""
    try:
        block_kind = BlockKind(kind)
    except ValueError:
        raise InputError.of(
            "error.block_kind", kinds=", ".join(k.value for k in BlockKind), kind=kind
        ) from None
    title = " ".join(title.split())
    if not title:
        raise InputError.of("error.block_title")
    if len(title) > MAX_TITLE:
        raise InputError.of("error.title_long", max=Count(MAX_TITLE))
    try:
        whole = int(str(minutes).strip())
    except ValueError:
        raise InputError.of("error.minutes_number", value=minutes) from None
    if not 0 < whole <= MAX_MINUTES:
        raise InputError.of("error.minutes_range", max=MAX_MINUTES, value=whole)
    return block_kind, title, whole


def add(blocks: list[Block], new: Block, after_id: str | None = None) -> None:
    """Insert a block after ``after_id``, or at the end."""
    if after_id is None:
        blocks.append(new)
        return
    index = blocks.index(find(blocks, after_id))
    blocks.insert(index + 1, new)


EDITABLE = ("kind", "title", "minutes")


def edit(blocks: list[Block], block_id: str, changes: Mapping[str, Any]) -> None:
    """Set the fields a form changed (kind, title, minutes) on the block as it is now."""
    block = find(blocks, block_id)
    for name, value in changes.items():
        if name not in EDITABLE:
            raise KeyError(name)
        setattr(block, name, value)
    # A shorter plan must still leave the block at least a minute.
    block.extended_seconds = max(60 - block.minutes * 60, block.extended_seconds)


def remove(blocks: list[Block], block_id: str) -> Block:
    block = find(blocks, block_id)
    if block.state in (BlockState.RUNNING, BlockState.PAUSED):
        raise InputError.of("error.block_running", title=block.title)
    blocks.remove(block)
    return block


def move(blocks: list[Block], block_id: str, offset: int) -> None:
    """Move a block up (-1) or down (+1) the agenda."""
    block = find(blocks, block_id)
    index = blocks.index(block)
    target = min(max(index + offset, 0), len(blocks) - 1)
    blocks.insert(target, blocks.pop(index))


def parse_warn_minutes(text: str) -> list[int]:
    """Warning times as typed, like "5, 1": whole minutes above 0, largest first."""
    parts = [p for p in text.replace(",", " ").split() if p]
    try:
        minutes = sorted({int(p) for p in parts}, reverse=True)
    except ValueError:
        raise InputError.of("error.warnings_format", text=text) from None
    try:
        return limits.warn_minutes(minutes)
    except ValueError:
        raise InputError.of("error.warnings_range", max=MAX_MINUTES) from None
