"""The day's hand-out on the phone pages: the recap the trainer published, its Word file and the next occasion.

Nothing of it exists for a phone until the trainer publishes the recap (the
session's ``handout``, set on the recap screen); from then on both phone pages
(the tables' and the participants') learn of it in their state and offer:

- ``GET <page>/<code>/recap``       the recap as a readable page (the HTML writer's own,
  every text escaped), framed on the phone page
- ``GET <page>/<code>/recap.docx``  the same recap as a Word file
- ``GET <page>/<code>/recap.ics``   the next occasion as a calendar event

Before publishing and after unpublishing each is answered "not found". What is
rendered is kept per style, language and reading of the session, so forty
phones asking at once cost one rendering. Textual-free.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .i18n import t
from .model import PLAIN, RecapOptions, SessionData, in_recap
from .phone import Reader
from .safetext import inert, one_line
from .services import Services

# A note added while the recap is out shows on the phones within this long: each phone's
# look after a save would otherwise render the whole recap again, and anyone at a table
# can save a note. A note hidden or deleted is gone at the next look, rendered at once.
RENDER_SECONDS = 15.0
HOMEWORK_CHARS = 2_000  # the homework as the phone page shows it (the recap has it whole)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The recap's page is framed by the phone pages and runs nothing: its own style only.
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
PHONE_STYLE = (
    "@media (max-width: 40rem) { body { margin: 1rem auto; } h1 { font-size: 1.6rem; }"
    " table { display: block; overflow-x: auto; font-size: .85rem; } }"
)
# The words of the summary's part of a phone page, said in the recap's own language.
WORDS = (
    "handout.title",
    "handout.read",
    "handout.calendar",
    "handout.download",
    "handout.frame",
    "recap.label.homework",
    "recap.label.next_session",
)


@dataclass
class Rendered:
    """One reading of the session, published in one style and language, as the phones get it."""

    style: str
    language: str
    data: SessionData
    options: RecapOptions = PLAIN  # what the trainer's settings added, as published
    made_at: float = 0.0  # when it was rendered (the clock of ``time.monotonic``)
    shown: frozenset[str] = frozenset()  # the ids of the notes it may show
    page: str = ""
    tag: str = ""  # names this rendering: the phones load the recap again when it changes
    summary: dict[str, Any] = field(default_factory=dict)  # what the pages' state says of it
    files: dict[str, bytes | None] = field(default_factory=dict)  # docx, ics: made when asked


class HandoutPages(Reader):
    """The published recap for both phone pages, rendered once a reading and kept."""

    def __init__(
        self, service: Services, language: str, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(service, language)
        self._kept: Rendered | None = None
        self._lock = asyncio.Lock()
        self._clock = clock

    def _still(self, data: SessionData) -> Rendered | None:
        """The rendering kept, if it still stands for ``data``: the same reading, or one that
        only added notes, as published the same way, rendered not long ago."""
        kept, handout = self._kept, data.session.handout
        if kept is None or handout is None:
            return None
        if kept.data is data:
            return kept
        same = (kept.style, kept.language, kept.options) == (
            handout.style,
            handout.language,
            handout.options,
        )
        recent = self._clock() - kept.made_at < RENDER_SECONDS
        return kept if same and recent and kept.shown <= _shown_ids(data) else None

    async def rendered(self) -> Rendered | None:
        """The recap as published now, rendered (once per reading); None if it is not published."""
        data = self._fresh()
        handout = data.session.handout if data is not None else None
        if data is None or handout is None:
            return None
        still = self._still(data)
        if still is not None:
            return still
        async with self._lock:  # a burst of phones waits for the one rendering
            still = self._still(data)
            if still is not None:
                return still
            made = Rendered(
                handout.style,
                handout.language,
                data,
                handout.options,
                made_at=self._clock(),
                shown=_shown_ids(data),
            )
            await asyncio.to_thread(self._render, made)
            if self._data is data:  # not kept over a newer reading made meanwhile
                self._kept = made
            return made

    async def summary(self) -> dict[str, Any] | None:
        """What a phone page's state says of the hand-out: None while it is not published."""
        made = await self.rendered()
        return None if made is None else made.summary

    async def file(self, kind: str) -> tuple[bytes, str] | None:
        """The page ("") as UTF-8, the Word file ("docx") or the event ("ics"), and a file name."""
        if kind == "docx":
            return await self.docx()
        if kind == "ics":
            return await self.calendar()
        made = await self.rendered()
        return None if made is None else (made.page.encode("utf-8"), "")

    async def docx(self) -> tuple[bytes, str] | None:
        """The published recap as a Word file, and its file name; None if it is not published."""
        made = await self.rendered()
        if made is None:
            return None
        if "docx" not in made.files:
            made.files["docx"] = await asyncio.to_thread(self._docx, made)
        body = made.files["docx"]
        assert body is not None
        return body, f"{self._name(made)}.docx"

    async def calendar(self) -> tuple[bytes, str] | None:
        """The next occasion as an iCalendar event; None if unpublished or there is none to add."""
        made = await self.rendered()
        if made is None or not made.summary["calendar"]:
            return None
        if "ics" not in made.files:
            made.files["ics"] = await asyncio.to_thread(self._ics, made)
        body = made.files["ics"]
        return None if body is None else (body, t("mail.calendar_name", made.language))

    # --- rendering, on a thread of its own ----------------------------------------------

    def _render(self, made: Rendered) -> None:
        made.page = self._page(made)
        made.tag = hashlib.sha256(made.page.encode("utf-8")).hexdigest()[:16]
        made.summary = self._summary(made)

    def _page(self, made: Rendered) -> str:
        from .recap import render

        return render(
            made.data,
            "html",
            made.language,
            self.services.desk.clock(),
            style=made.style,
            options=made.options,
        )

    def _docx(self, made: Rendered) -> bytes:
        from .recap import render_docx

        return render_docx(
            made.data, made.language, self.services.desk.clock(), made.style, options=made.options
        )

    def _summary(self, made: Rendered) -> dict[str, Any]:
        session, lang = made.data.session, made.language
        following = session.next_session
        said = ""
        if following is not None and (following.date or following.venue):
            from .recap.sentences import next_session_sentence

            when = following.date
            past = when is not None and when < self.services.desk.clock().astimezone().date()
            said = next_session_sentence(when, following.venue, lang, past)
        return {
            "tag": made.tag,
            "lang": lang,
            "words": {key: t(key, lang) for key in WORDS},
            "homework": inert(session.homework.strip())[:HOMEWORK_CHARS],
            "next": one_line(said, 400),
            "calendar": self._has_calendar(made.data),
        }

    def _ics(self, made: Rendered) -> bytes | None:
        from .recap.calendar import NoOccasion, session_ics

        try:
            return session_ics(made.data, self.services.desk.clock(), made.language)
        except NoOccasion:
            return None

    @staticmethod
    def _has_calendar(data: SessionData) -> bool:
        """Whether the next occasion has a date to put in a calendar (the link is offered then)."""
        from .recap.calendar import next_occasion

        return next_occasion(data) is not None

    @staticmethod
    def _name(made: Rendered) -> str:
        day = made.data.session.date
        return f"recap-{day.isoformat()}-{made.language}" if day else f"recap-{made.language}"


def _shown_ids(data: SessionData) -> frozenset[str]:
    return frozenset(n.id for n in data.notes if in_recap(n))
