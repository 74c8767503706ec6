"""The agenda's named steps, and the day's own settings (warnings, bell, run as today).

Each step is applied by the writer to the agenda as it is on disk then; ``then``
gets the outcome once saved, ``failed`` the error if it was not.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import agenda
from ..model import Block, BlockKind, Session
from .desk import Desk, Failed


class AgendaService:
    """Start, pause, lengthen, finish, skip, move, add, edit and remove the day's blocks."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    def start_or_pause(self, block_id: str) -> None:
        """Start a planned or skipped block, pause a running one, go on with a paused one."""
        now = self.desk.clock()
        self.desk.change_blocks(lambda blocks: agenda.toggle(blocks, block_id, now))

    def adjust(self, block_id: str, seconds: float) -> None:
        """Give a block more time (or less, with a negative number)."""
        self.desk.change_blocks(lambda blocks: agenda.adjust(blocks, block_id, seconds))

    def finish_block(
        self, block_id: str, then: Callable[[Block | None], None] | None = None
    ) -> None:
        """Finish a block now; ``then`` gets the block that is to run next, if any."""
        now = self.desk.clock()
        self.desk.change_blocks(lambda blocks: agenda.finish(blocks, block_id, now), then)

    def skip_block(self, block_id: str) -> None:
        self.desk.change_blocks(lambda blocks: agenda.skip(blocks, block_id))

    def move_block(
        self, block_id: str, offset: int, then: Callable[[None], None] | None = None
    ) -> None:
        self.desk.change_blocks(lambda blocks: agenda.move(blocks, block_id, offset), then)

    def add_block(
        self,
        kind: BlockKind,
        title: str,
        minutes: int,
        after_id: str | None = None,
        then: Callable[[str], None] | None = None,
        failed: Failed | None = None,
    ) -> None:
        """Add a block after ``after_id`` (or at the end); ``then`` gets its id."""
        block = Block(kind, title, minutes)

        def add(blocks: list[Block]) -> str:
            agenda.add(blocks, block, after_id)
            return block.id

        self.desk.change_blocks(add, then, failed)

    def edit_block(
        self, block_id: str, changes: dict[str, Any], failed: Failed | None = None
    ) -> None:
        """Change only the fields given: another program's change to the rest stays."""
        if changes:
            self.desk.change_blocks(
                lambda blocks: agenda.edit(blocks, block_id, changes), failed=failed
            )

    def remove_block(self, block_id: str) -> None:
        self.desk.change_blocks(lambda blocks: agenda.remove(blocks, block_id))

    # --- the day's own settings -------------------------------------------

    def set_warnings(self, text: str) -> list[int]:
        """Warning times as typed ("5, 1"): checked now (an ``InputError`` if wrong), then saved."""
        minutes = agenda.parse_warn_minutes(text)

        def set_minutes(session: Session) -> None:
            session.warn_minutes = list(minutes)

        self.desk.change_session(set_minutes)
        return minutes

    def toggle_bell(self, then: Callable[[bool], None] | None = None) -> None:
        """The bell at a warning on or off; ``then`` gets whether it is on now."""

        def flip(session: Session) -> bool:
            session.bell = not session.bell
            return session.bell

        self.desk.change_session(flip, then)

    def run_as_today(self, then: Callable[[str], None] | None = None) -> None:
        """Date the session today, from the next quarter hour; ``then`` gets its start."""
        from ..plan import run_as_today

        now = self.desk.clock()

        def ran(session: Session) -> str:
            run_as_today(session, now)
            return session.start

        self.desk.change_session(ran, then)

    def start_if_run_today(self) -> str:
        """The start the session would get if run today (the next quarter hour), as "HH:MM"."""
        from ..plan import run_as_today

        today = Session(title="")
        run_as_today(today, self.desk.clock())
        return today.start
