"""What the room sees and says: the projector's message and blackout, rounds, contributions."""

from __future__ import annotations

from dataclasses import replace

from ..errors import InputError
from ..i18n import Count
from ..model import Note, RoomState, Round, Session
from .desk import Desk, Failed

ROUND_PROMPT_CHARS = 300  # a round's question, as the phones and the projector show it


class RoomService:
    """The room view's message and blackout; the rounds put to the room; its contributions."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    def set_room_message(self, text: str, failed: Failed | None = None) -> None:
        """The words the room view shows big (empty takes them down)."""
        message = text.strip()

        def set_message(session: Session) -> None:
            session.room_message = message

        self.desk.change_session(set_message, failed=failed)

    def clear_room_message(self) -> None:
        self.set_room_message("")

    def toggle_blackout(self) -> None:
        """Blank the room view, or bring it back."""

        def flip(session: Session) -> None:
            session.room_blackout = not session.room_blackout

        self.desk.change_session(flip)

    def start_round(self, prompt: str, block_id: str | None) -> None:
        """Put ``prompt`` to the room (an ``InputError`` if empty or too long); one round at a time.

        The round belongs to ``block_id`` (the block that runs); a round still
        open is closed as this one opens.
        """
        text = " ".join(prompt.split())
        if not text:
            raise InputError.of("error.round_empty")
        if len(text) > ROUND_PROMPT_CHARS:
            raise InputError.of("error.round_long", max=Count(ROUND_PROMPT_CHARS))
        now = self.desk.clock()

        def start(session: Session) -> None:
            session.rounds = [
                r if r.closed_at is not None else replace(r, closed_at=now) for r in session.rounds
            ]
            session.rounds.append(Round(text, block_id=block_id, opened_at=now))

        self.desk.change_session(start)

    def close_round(self) -> None:
        """Close the open round: the phones no longer offer it; answers already sent are kept."""
        now = self.desk.clock()

        def close(session: Session) -> None:
            session.rounds = [
                r if r.closed_at is not None else replace(r, closed_at=now) for r in session.rounds
            ]

        self.desk.change_session(close)

    def moderate(self, note_ids: list[str], state: RoomState) -> None:
        """Keep or hide contributions from the room (notes of the trainer's own are left be)."""
        for note_id in note_ids:
            self.desk.change_note(
                note_id, lambda n: n if n.room is None else replace(n, room=state)
            )

    def show_in_room(self, note: Note) -> None:
        """A contribution on the projector, big (as the room message), and so kept."""
        said = f"{note.text} — {note.speaker}" if note.speaker else note.text
        self.set_room_message(said)
        self.moderate([note.id], RoomState.KEPT)
