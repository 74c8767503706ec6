"""What the services tell of their saves, as Textual messages to the app.

The services are Textual-free: they tell an ``Outcomes`` (facilitator.services.desk)
on the app's loop. ``ToMessages`` is the app's: it posts each as a message, which
the app handles like any other (``@on(SessionSaved)``…).
"""

from __future__ import annotations

from textual.app import App
from textual.message import Message

from facilitator.model import Note


class SessionSaved(Message):
    """Changes are on disk: the session is read afresh."""


class NotesSaved(Message):
    """Notes are on disk, and nothing else changed since the session was read."""

    def __init__(self, notes: list[Note]) -> None:
        super().__init__()
        self.notes = notes


class SaveFailed(Message):
    """``what`` (a string-table key) could not be saved, or only without the disk's word."""

    def __init__(self, what: str, error: Exception) -> None:
        super().__init__()
        self.what = what
        self.error = error


class PendingChanged(Message):
    """The notes typed and not yet on disk changed."""


class ToMessages:
    """The services' outcomes (told on the app's loop) as messages to the app."""

    def __init__(self, app: App[None]) -> None:
        self.app = app

    def saved(self) -> None:
        self.app.post_message(SessionSaved())

    def notes_saved(self, notes: list[Note]) -> None:
        self.app.post_message(NotesSaved(notes))

    def failed(self, what: str, error: Exception) -> None:
        self.app.post_message(SaveFailed(what, error))

    def pending_changed(self) -> None:
        self.app.post_message(PendingChanged())
