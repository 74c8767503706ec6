"""The room's page for phones: questions and thoughts for the trainer, and answers to a round.

Anyone in the room with the page's address sends a question or a short
reflection, anonymously or under a name they choose, and answers the round the
trainer has opened. What they send is saved as a note "from the room", marked
new: nothing of it reaches the projector or the recap until the trainer keeps it.

- ``GET  /ask/<code>``            the page (data/web/ask.html)
- ``GET  /ask/<code>/web/<file>`` its script and style
- ``GET  /ask/<code>/api/state``  the session's title, and the open round's question
- ``POST /ask/<code>/api/notes``  one contribution, with the id the phone gave it;
  answered once it is on disk (then the phone lets it go)

A phone may send a few a minute and each may be a few sentences; more is
refused with a message saying so and the text stays on the phone. Textual-free.
"""

from __future__ import annotations

import json
import time
from dataclasses import replace
from typing import Any

from . import intake
from .budget import Budget
from .errors import InputError, UnconfirmedSave
from .i18n import t
from .model import Note, open_round
from .phone import Reader, Reply, saved_from_afar, web_folder
from .rates import Limits, Rate
from .safetext import one_line
from .services import Services, reason

FILES = {
    "ask.js": "text/javascript",
    "ask.css": "text/css",
    "notes.css": "text/css",
    "page.js": "text/javascript",
    "handout.js": "text/javascript",
}
PER_MINUTE = 6  # contributions a phone may send in a minute (a round's answer included)
PER_ADDRESS = 12  # from one address: two phones behind one, or one phone with a fresh id each time
WORDS = (
    "ask.title",
    "ask.intro",
    "ask.round",
    "ask.answer",
    "ask.placeholder",
    "ask.answer_placeholder",
    "ask.question",
    "ask.thought",
    "ask.name",
    "ask.send",
    "ask.yours",
    "ask.none_yet",
    "ask.received",
    "ask.closed",
    "phone.sending",
    "phone.waiting",
    "phone.not_saved",
    "phone.retrying",
    "phone.offline",
    "phone.kept",
    "phone.old_address",
    "phone.edit",
)


class RoomVoice(Reader):
    """The room page's side of the server: the open round, and contributions saved once each."""

    def __init__(
        self,
        service: Services,
        language: str,
        clock: Any = time.monotonic,
        budget: Budget | None = None,
    ) -> None:
        super().__init__(service, language, budget)
        # Per phone (the server makes its key from the address and the page's own id)
        # and per address, whatever ids a sender makes up.
        self._limits = Limits(
            Rate(PER_MINUTE, PER_MINUTE * intake.ROOM_CHARS),
            Rate(PER_ADDRESS, PER_ADDRESS * intake.ROOM_CHARS),
            clock=clock,
        )

    def page(self, base: str) -> str:
        """The page, with what its script needs to know (never a user's text unescaped)."""
        config = {
            "base": base,
            "session": self.services.desk.session_id,
            "lang": self.language,
            "words": {key: t(key, self.language) for key in WORDS},
            "most": intake.ROOM_CHARS,
            "nameMax": intake.PHONE_NAME_CHARS,
        }
        blob = json.dumps(config, ensure_ascii=False).replace("<", "\\u003c")
        template = (web_folder() / "ask.html").read_text(encoding="utf-8")
        import html

        return (
            template.replace("{lang}", self.language)
            .replace("{title}", html.escape(t("ask.title", self.language)))
            .replace("{base}", base)
            .replace("{config}", blob)
        )

    def state(self) -> Reply:
        """The title and the open round: all a phone needs to know besides its own contributions."""
        data = self._fresh()
        if data is None:
            return Reply(503, {"error": self._problem})
        asked = open_round(data.session)
        return Reply(
            200,
            {
                "title": one_line(data.session.title, 120),
                "round": {"id": asked.id, "prompt": one_line(asked.prompt, 400)} if asked else None,
            },
        )

    async def receive(self, body: Any, phone: str, address: str = "") -> Reply:
        """One contribution: checked, limited per phone and per address, answered once on disk.

        One sent again is answered by what is stored under its id, whether its
        round has closed since or not. ``address`` is "" for a sender the rates
        per address do not apply to (the laptop's own).
        """
        try:
            sent = intake.from_room(body, self.services.desk.clock())
        except InputError as exc:
            return Reply(422, {"id": _id_of(body), "error": exc.localized(self.language)})
        try:
            note = self._in_round(sent)
        except InputError as exc:
            # An answer sent again after its round closed is answered by what is stored.
            again = self.known(sent)
            if again is not None:
                return again
            return Reply(422, {"id": sent.id, "error": exc.localized(self.language)})
        if not self._limits.take(address, phone, intake.chars_of(note)):
            said = t("ask.too_many", self.language, count=PER_MINUTE)
            return self.known(note) or Reply(429, {"id": note.id, "error": said})
        full = self.no_room(note, address)
        if full is not None:
            return self.known(note) or full  # a resend of what is stored still lets the phone go
        try:
            saved, error = await saved_from_afar(self.services, note)
        except InputError as exc:
            return Reply(422, {"id": note.id, "error": exc.localized(self.language)})
        if error is not None and not isinstance(error, UnconfirmedSave):
            return Reply(503, {"id": note.id, "error": reason(error, self.language)})
        self.counted(note, saved, address)
        stored = next((n for n in saved if n.id == note.id), None) or self.stored(note.id) or note
        if stored.text != note.text:
            return Reply(409, {"id": note.id, "error": t("phone.different", self.language)})
        return Reply(200, {"id": note.id, "saved": True})

    def _in_round(self, note: Note) -> Note:
        """A contribution (``intake.from_room``) put to the round it answers, if that is still open."""
        if note.round_id is None:
            return note
        data = self._fresh()
        asked = open_round(data.session) if data is not None else None
        if asked is None or asked.id != note.round_id:
            raise InputError.of("ask.closed")
        return replace(note, block_id=asked.block_id)


def _id_of(body: Any) -> str:
    return str(body.get("id", ""))[:40] if isinstance(body, dict) else ""
