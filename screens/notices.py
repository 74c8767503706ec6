"""The trainer's notices: held back while the room sees the screen or a dialog is open.

A mixin for the app: Textual shows notices above every screen, so one raised
while the room view is on the projector would be shown to the room, and one
over a dialog would cover what the dialog asks. Held notices come back when the
trainer's own screen does.
"""

from __future__ import annotations

import time

from textual.app import App
from textual.notifications import Notification, Notify, SeverityLevel
from textual.screen import ModalScreen, Screen


class NoticeHolding(App[None]):
    """``notify`` that holds notices back while the screen is not the trainer's; ``notices`` shows what is up."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # While the room view is on the projector, notices wait for the trainer's screens.
        self.hold_notices = False
        self._held: list[Notification] = []  # to show once the trainer's own screen is back
        # Held notices (by id) that had been showing: their time runs on while held.
        self._running_on: set[int] = set()
        self._notices: list[Notification] = []  # shown by us, so that one can be taken down

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """A notice for the trainer; held back while the room sees the screen or a dialog is open."""
        length = self.NOTIFICATION_TIMEOUT if timeout is None else timeout
        self._raise(Notification(message, title, severity, length, markup))

    def _raise(self, notice: Notification) -> Notification:
        if self.hold_notices or isinstance(self.screen, ModalScreen):
            self._held.append(notice)
        else:
            self._notices = [*self.notices, notice]
            self.post_message(Notify(notice))
        return notice

    @property
    def notices(self) -> list[Notification]:
        """The notices on show now (not those held back): for the tests, and to take one down."""
        return [n for n in self._notices if not n.has_expired]

    def _withdraw(self, gone: list[Notification]) -> None:
        """Take notices down, shown or held: what they said is no longer true."""
        self._held = [n for n in self._held if n not in gone]
        if not any(n in gone for n in self.notices):
            return
        # Textual clears all notices or none: clear, then show the others again for their time left.
        keep = [n for n in self.notices if n not in gone]
        self._notices = []
        self.clear_notifications()
        for n in keep:
            self._raise(n)

    def screen_resumed(self, screen: Screen[None]) -> None:
        """A screen of the app came up: the room view and dialogs hold notices back, the others show them.

        A notice over a dialog would cover what the dialog asks (Textual draws
        its notices above every screen), so the ones showing wait for the
        screen under it. Their time runs on meanwhile, and they come back only
        for what is left of it: they were read already, and an old one (a
        refusal the dialog then asks about again) must not outlive the answer.
        Notices the trainer has not seen (raised meanwhile, or hidden by the
        room view) come back whole.
        """
        dialog = isinstance(screen, ModalScreen)
        hold = getattr(screen, "FOR_THE_ROOM", False) or dialog
        self.hold_notices = hold
        if hold:
            if dialog:
                self._running_on.update(id(n) for n in self.notices)
            self._held = self.notices + self._held
            self._notices = []
            self.clear_notifications()
            return
        held, self._held = self._held, []
        for n in held:
            if id(n) in self._running_on:
                self._running_on.discard(id(n))
                if n.has_expired:
                    continue
            else:
                n.raised_at = time.time()  # its whole time, from when the trainer can see it
            self._raise(n)
