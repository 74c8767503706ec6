"""The note-taker's capture line: Enter takes the line exactly as typed up to that key."""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.message import Message
from textual.widgets import Input


class CaptureLine(Input):
    """An input whose Enter is handled in order with the characters typed before it.

    A plain ``Input`` submits through a binding that runs only after the Enter
    key has travelled up to the app and back, while the keys typed after it are
    already being inserted: a fast typist or a paste saw "A", "B" merged into
    "AB" and saved twice. Here the key handler itself takes the line and clears
    it, so each Enter ends exactly the characters before it.

    ``receive(text)`` takes the line (the service reads and checks it once)
    and returns None, or why it cannot be a note: then it stays in the line.
    """

    class Captured(Message):
        """A line the user ended with Enter (or a pasted line ending in a newline), taken."""

        def __init__(self, line: CaptureLine, text: str) -> None:
            super().__init__()
            self.line = line
            self.text = text

        @property
        def control(self) -> CaptureLine:
            return self.line

    class Refused(Message):
        """A line that cannot be a note; it stays in the line."""

        def __init__(self, line: CaptureLine, reason: str) -> None:
            super().__init__()
            self.line = line
            self.reason = reason

        @property
        def control(self) -> CaptureLine:
            return self.line

    def __init__(
        self, receive: Callable[[str], str | None] | None = None, **kwargs: object
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.receive = receive

    # Public handlers: Textual calls them before Input's own, and prevent_default()
    # keeps Input's from running.
    async def on_key(self, event: events.Key) -> None:
        # ctrl+j is a line feed: Enter as the terminal hands it over when it was typed
        # before the app took the keyboard (the line discipline turns it into "\n").
        if event.key in ("enter", "ctrl+j"):
            event.stop()
            event.prevent_default()  # Input's own Enter (a late submit) must not run
            self.take()

    def on_paste(self, event: events.Paste) -> None:
        if "\n" not in event.text and "\r" not in event.text:
            return  # one line: Input inserts it
        # Pasting is typing: every line that ends in a newline is a note, and
        # what follows the last newline stays in the line.
        event.stop()
        event.prevent_default()
        for line in event.text.splitlines(keepends=True):
            body = line.rstrip("\r\n")
            if body:
                self.insert_text_at_cursor(body)
            if body != line and not self.take():
                self.value = ""  # refused (too long): said so, and the next lines are their own

    def take(self) -> bool:
        """End the line: hand it over and clear the line; False (and the line kept) if it was refused."""
        text = self.value
        if not text.strip():
            return True
        reason = self.receive(text) if self.receive is not None else None
        if reason is not None:
            self.post_message(self.Refused(self, reason))
            return False
        self.value = ""
        self.post_message(self.Captured(self, text))
        return True
