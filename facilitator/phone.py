"""The notes page for phones at the tables: plain HTML, a small script, and two JSON calls.

No app process per visitor: every phone is served by the one server, which
reaches the core through a ``Services`` like every screen does.

- ``GET  /notes/<code>``           the page (data/web/notes.html, with its words and limits)
- ``GET  /notes/<code>/web/<file>`` its script and style
- ``GET  /notes/<code>/api/state``  the session's title, the running block, the presenter
  now, and the notes of one group, newest first (the page asks every few seconds)
- ``POST /notes/<code>/api/notes``  one note typed on a phone, with the id the phone
  gave it; answered only once the note is on disk (then the phone lets it go)

The notes are read and checked by the one intake every note passes
(``intake.from_phone``: a typed line's prefixes, speaker and owner, the same refusals).

Textual-free.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from . import intake, limits
from .budget import Budget, Refusal
from .capture import PREFIXES
from .errors import FacilitatorError, InputError, UnconfirmedSave
from .i18n import t
from .model import Note, SessionData, in_recap, presenting_now, running_block
from .rates import phone_of
from .safetext import inert, one_line
from .services import Services, reason
from .services.desk import Stamp
from .store.notes import stored_bytes

FILES = {
    "notes.js": "text/javascript",
    "notes.css": "text/css",
    "page.js": "text/javascript",
    "handout.js": "text/javascript",
}
# Notes one phone may send in a minute: a fast secretary types one in ten seconds, and
# a phone back from a long outage sends what it kept all at once.
PER_MINUTE = 60
MOST_PHONES = 10_000  # phones whose last note's time is kept, for the order of their next
MOST_GROUPS = 256  # groups' lists kept between reads: a room has a dozen tables, not thousands
MOST_SHOWN = 200  # a group's notes the page lists (the recap has them all)
# Every phone of a group asks for its list every few seconds: a note is listed with its
# first lines only, and the list stops at a size a phone on a room's Wi-Fi fetches at once.
SHOWN_CHARS = 600
LIST_CHARS = 60_000
# The words the page shows, by key; handed to the page in the session's language.
WORDS = (
    "phone.title",
    "phone.group.ask",
    "phone.group.example",
    "phone.group.go",
    "phone.group.change",
    "phone.group.none",
    "phone.placeholder",
    "phone.send",
    "phone.speaker",
    "phone.owner",
    "phone.now",
    "phone.nothing_runs",
    "phone.presenting",
    "phone.yours",
    "phone.none_yet",
    "phone.sending",
    "phone.waiting",
    "phone.saved",
    "phone.not_saved",
    "phone.retrying",
    "phone.offline",
    "phone.kept",
    "phone.old_address",
    "phone.edit",
    "phone.terminal",
    "phone.everyone",
    "note.point",
    "note.quote",
    "note.decision",
    "note.action",
    "note.question",
)


def web_folder() -> Path:
    """Where the page's files are: the installed package data (facilitator_data/web)."""
    from .shipped import shipped

    return shipped("web")


@dataclass
class Reply:
    """What a call answers: an HTTP status and a JSON body."""

    status: int
    body: dict[str, Any]


class Reader:
    """A phone page's reading of the session: read again only when its files changed."""

    def __init__(self, service: Services, language: str, budget: Budget | None = None) -> None:
        self.services = service
        self.language = language
        self.budget = budget  # the store's room for phones' notes (None: unbounded, in tests)
        self._data: SessionData | None = None
        self._stamp: Stamp = None  # the files' stamp when this reader last read them
        self._problem = ""
        self._by_id: dict[str, Note] | None = None  # the notes read, by id, made when first asked

    def stored(self, note_id: str) -> Note | None:
        """The note saved under ``note_id`` as last read, if there is one."""
        data = self._fresh()
        if data is None:
            return None
        if self._by_id is None:
            self._by_id = {n.id: n for n in data.notes}
        return self._by_id.get(note_id)

    def known(self, note: Note) -> Reply | None:
        """The answer to a note sent again: what is stored under its id, or 409 if it says otherwise.

        A resend is answered by what the store holds (200, whatever has closed
        since); a different text under an id already used is not saved.
        """
        stored = self.stored(note.id)
        if stored is None:
            return None
        if stored.text != note.text:
            return Reply(409, {"id": note.id, "error": t("phone.different", self.language)})
        return Reply(200, {"id": note.id, "saved": True, "note": _shown(stored)})

    def no_room(self, note: Note, address: str) -> Reply | None:
        """The refusal of a note the store has no room for from ``address`` (the phone keeps it)."""
        if self.budget is None:
            return None
        refused = self.budget.refusal(address, stored_bytes(note))
        if refused is None:
            return None
        if refused is Refusal.SHARE:
            return Reply(429, {"id": note.id, "error": t("phone.share_used", self.language)})
        return Reply(503, {"id": note.id, "error": t("phone.disk_low", self.language)})

    def counted(self, note: Note, saved: list[Note], address: str) -> None:
        """A note just saved (not one the store had already) counted against its address's share."""
        if self.budget is not None and any(n.id == note.id for n in saved):
            self.budget.count(address, stored_bytes(note))

    def _fresh(self) -> SessionData | None:
        """The session as on disk (None, with the reason kept, if it cannot be read).

        Read again when the files' stamp differs from this reader's own: the
        desk's is shared by every page's reader (whichever read first would take
        a change as seen for all) and moves on with the server's own saves.
        """
        desk = self.services.desk
        if self._data is None or self._stamp is None or desk.stamp() != self._stamp:
            try:
                self._data, self._stamp = desk.load_whole()
                self._by_id = None
                self._read_again()
                self._problem = ""
            except FacilitatorError as exc:
                self._problem = exc.localized(self.language)
        return self._data

    def _read_again(self) -> None:
        """What a page worked out from the last reading, to forget when the session is read anew."""


async def saved_from_afar(service: Services, note: Note) -> tuple[list[Note], Exception | None]:
    """``note`` handed to the service's writer; returns once it is on disk, or why not.

    An ``InputError`` before anything is queued if a rule refuses it.
    """
    loop = asyncio.get_running_loop()
    outcome: asyncio.Future[tuple[list[Note], Exception | None]] = loop.create_future()

    def settle(saved: list[Note], error: Exception | None) -> None:
        if not outcome.done():
            outcome.set_result((saved, error))

    def done(saved: list[Note], error: Exception | None) -> None:
        loop.call_soon_threadsafe(settle, saved, error)  # from whichever thread delivers

    service.notes.save_from_afar([note], done)
    return await outcome


class PhoneNotes(Reader):
    """The phone page's side of the server: its state, and notes saved once each."""

    def __init__(self, service: Services, language: str, budget: Budget | None = None) -> None:
        super().__init__(service, language, budget)
        self._groups: dict[str, list[dict[str, Any]]] = {}  # each group's notes as shown, per read
        self._names: dict[str, str] | None = None  # each group's name as first typed, per read
        self._last_from: dict[str, datetime] = {}  # each phone's last note's time, newest last

    # --- the page ------------------------------------------------------------

    def page(self, base: str, terminal: str) -> str:
        """The page, with what its script needs to know (never a user's text unescaped)."""
        config = {
            "base": base,
            "terminal": terminal,
            "session": self.services.desk.session_id,
            "lang": self.language,
            "words": {key: t(key, self.language) for key in WORDS},
            "groupMax": limits.GROUP_CHARS,
            "noteMax": intake.PHONE_CHARS,
            "nameMax": intake.PHONE_NAME_CHARS,
            # The app's own prefixes (capture.PREFIXES), curly quotes and all: one list.
            "prefixes": {mark: kind.value for mark, kind in PREFIXES.items()},
        }
        # Inside <script>: "<" written as \u003c, so that no text can end the script.
        blob = json.dumps(config, ensure_ascii=False).replace("<", "\\u003c")
        template = (web_folder() / "notes.html").read_text(encoding="utf-8")
        return (
            template.replace("{lang}", self.language)
            .replace("{title}", _html(t("phone.title", self.language)))
            .replace("{base}", base)
            .replace("{config}", blob)
        )

    # --- reading -------------------------------------------------------------

    @property
    def groups_kept(self) -> int:
        """How many groups' lists are kept between reads (bounded by MOST_GROUPS)."""
        return len(self._groups)

    def _read_again(self) -> None:
        self._groups = {}
        self._names = None

    def state(self, group_text: str) -> Reply:
        """What the page shows besides its own notes in flight: kept live by asking again."""
        try:
            group = intake.group(group_text)
        except InputError as exc:
            return Reply(400, {"error": exc.localized(self.language)})
        data = self._fresh()
        if data is None:
            return Reply(503, {"error": self._problem})
        block = running_block(data.blocks)
        speaker = presenting_now(data.presentations)
        key = limits.group_key(group)
        mine = self._groups.get(key)
        if mine is None:  # worked out once a read, not at every phone's question
            # The room's contributions are the trainer's to go through: a phone sees
            # one only once it is kept (it is in the recap then).
            chosen = [n for n in data.notes if limits.group_key(n.group) == key and in_recap(n)][
                ::-1
            ][:MOST_SHOWN]
            mine, size = [], 0
            for n in chosen:
                mine.append(_shown(n, SHOWN_CHARS))
                size += len(mine[-1]["text"]) + len(mine[-1]["speaker"]) + len(mine[-1]["owner"])
                if size >= LIST_CHARS:
                    break
            if len(self._groups) >= MOST_GROUPS:  # made-up groups: the oldest list goes
                self._groups.pop(next(iter(self._groups)))
            self._groups[key] = mine
        return Reply(
            200,
            {
                "title": one_line(data.session.title, 120),
                "block": one_line(block.title, 120) if block else "",
                "presenter": one_line(speaker.presenter, 80) if speaker else "",
                "notes": mine,
                "problem": self._problem,
            },
        )

    # --- a note --------------------------------------------------------------

    async def receive(
        self, body: Any, may_send: Callable[[Note], bool] = lambda note: True, address: str = ""
    ) -> Reply:
        """One note from a phone: read and checked as a typed line is, answered once on disk.

        A note sent again is answered by what is stored under its id (the store
        keeps it once); ``may_send`` says whether its sender may write one more
        now, and the budget whether the store has room for it from ``address``.
        """
        try:
            note = self._after_the_last(self._note_of(body), phone_of(body))
        except InputError as exc:
            said = exc.localized(self.language)
            return Reply(422, {"id": _id_of(body), "error": said})
        if not may_send(note):
            said = t("phone.too_many", self.language, count=PER_MINUTE)
            return self.known(note) or Reply(429, {"id": note.id, "error": said})
        full = self.no_room(note, address)
        if full is not None:
            return self.known(note) or full  # a resend of what is stored still lets the phone go
        try:
            saved, error = await saved_from_afar(self.services, note)
        except InputError as exc:
            return Reply(422, {"id": note.id, "error": exc.localized(self.language)})
        if error is not None and not isinstance(error, UnconfirmedSave):
            # The disk refused: the phone keeps the note and sends it again later.
            return Reply(503, {"id": note.id, "error": reason(error, self.language)})
        self.counted(note, saved, address)
        # A resend (its id saved already, so nothing saved now) is answered by the note
        # as stored; another text under its id is not saved.
        stored = next((n for n in saved if n.id == note.id), None) or self.stored(note.id) or note
        if stored.text != note.text:
            return Reply(409, {"id": note.id, "error": t("phone.different", self.language)})
        if stored.group and self._names is not None:
            self._names.setdefault(limits.group_key(stored.group), stored.group)
        return Reply(200, {"id": note.id, "saved": True, "note": _shown(stored)})

    def _after_the_last(self, note: Note, phone: str) -> Note:
        """``note`` timed no earlier than the note its phone sent before it.

        A phone sends its notes one at a time in the order typed, and says how
        long ago each was typed; counted back from when it arrived, a note held
        up on the way (a slow or failing network, a busy laptop) would be timed
        later than the next one and sort after it in the day.
        """
        if not phone:
            return note
        last = self._last_from.pop(phone, None)
        if last is not None and note.created_at <= last:
            note = replace(note, created_at=last + timedelta(microseconds=1))
        self._last_from[phone] = note.created_at
        if len(self._last_from) > MOST_PHONES:  # made-up phones: the longest quiet goes
            self._last_from.pop(next(iter(self._last_from)))
        return note

    def _note_of(self, body: Any) -> Note:
        """The note a phone sent, read by the same rules as a line typed in the app.

        Its group as first typed in this session, if one like it is there already
        ("Gruppé 2" composed or not, "grupp ２"): one group in the recap, under one name.
        """
        note = intake.from_phone(body, self.services.desk.clock())
        if not note.group:
            return note
        # The session as last read (the pages' polls keep it fresh), and the groups this
        # server saved since: no read of the whole day in a note's way to the disk.
        data = self._data if self._data is not None else self._fresh()
        if self._names is None:
            self._names = {}
            for earlier in data.notes if data is not None else ():
                if earlier.group:
                    self._names.setdefault(limits.group_key(earlier.group), earlier.group)
        first = self._names.get(limits.group_key(note.group))
        return replace(note, group=first) if first else note


def _id_of(body: Any) -> str:
    return str(body.get("id", ""))[:40] if isinstance(body, dict) else ""


def _html(text: str) -> str:
    import html

    return html.escape(text)


def _shown(note: Note, most: int | None = None) -> dict[str, Any]:
    """A note as the page lists it: its text made inert (controls shown as symbols), its first ``most`` characters.

    A name a room sender gave is not shown to the tables: the recap shows it only
    if the trainer's settings say so, and the tables' page has no such setting.
    """
    return {
        "id": note.id,
        "kind": note.kind.value,
        "text": inert(_cut(note.text, most)),
        "speaker": "" if note.room is not None else inert(note.speaker),
        "owner": inert(note.owner),
        "at": note.created_at.isoformat(),
    }


def _cut(text: str, most: int | None) -> str:
    """``text``, or its first ``most`` characters and an ellipsis."""
    return text if most is None or len(text) <= most else text[: most - 1].rstrip() + "…"
