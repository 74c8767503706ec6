"""The room view for the projector: a clock as big as the window, the block, who or what is next."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from rich.cells import cell_len
from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Resize
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from facilitator import bigtext
from facilitator.i18n import t
from facilitator.model import BlockKind, BlockState, SessionData, presenting_now, up_next
from facilitator.safetext import one_line
from facilitator.statuslines import next_line
from facilitator.timing import (
    Level,
    clock_text,
    day_schedule,
    level,
    level_of,
    overtime_text,
    planned_seconds,
    queue_progress,
    remaining,
    slot_remaining,
)

from .base import SessionScreen
from .join import QrCode, local_host
from .status import set_level_class

SEPARATOR = " · "  # between the parts of a line, the most important first
# From this many rows and columns the title and the next line are drawn in large letters too.
LARGE_ROWS, LARGE_COLUMNS = 40, 120


class Lettering(Widget):
    """Text drawn as large as the widget's space allows; ordinary text where it cannot be.

    ``kind`` is "clock" (one line, as large as fits), "message" (wrapped to be
    largest), "line" (large letters at the smallest scale when the widget is
    four rows tall, cut with "..." to fit across) or "words" (the same, but
    dropping whole parts from the end of the line, the least important first).
    Where large letters cannot be drawn, the text is one ordinary line cut
    with an ellipsis (a message wraps).
    """

    text: reactive[str] = reactive("", layout=False)

    def __init__(self, kind: str, *, id: str) -> None:
        super().__init__(id=id)
        self.kind = kind

    def render(self) -> RenderableType:
        width, height = self.content_size
        drawn = self.lettering(width, height)
        if drawn is not None:
            # Centred here, cell by cell: centring line by line would trim the
            # blank ends of each row and shear the letters apart.
            left = " " * max(0, (width - drawn.width) // 2)
            top = max(0, (height - drawn.height) // 2)
            rows = [""] * top + [left + row for row in drawn.rows]
            return Text("\n".join(row.ljust(width) for row in rows), no_wrap=True, overflow="crop")
        text = self.text
        if self.kind == "words":
            text = _leading_parts(text, lambda part: part if cell_len(part) <= width else None)
        plain = Text(text, justify="center")
        if self.kind != "message":
            plain.no_wrap = True
            plain.truncate(max(1, width), overflow="ellipsis")
        top = max(0, (height - len(plain.wrap(self.app.console, max(1, width)))) // 2)
        shown = Text("\n" * top, justify="center")
        shown.append_text(plain)
        return shown

    def lettering(self, width: int, height: int) -> bigtext.Lettering | None:
        if not self.text:
            return None
        # A little air around: letters touching the lines next to them read worse.
        air = 2 if height >= 10 else 0
        if self.kind == "clock":
            return bigtext.clock(self.text, max(1, width - 4), height - air)
        if self.kind == "message":
            return bigtext.message(self.text, max(1, width - 4), height - air)
        if height < 4:
            return None
        if self.kind == "line":
            return bigtext.line(self.text, width, height=height)
        return bigtext.line(
            _leading_parts(self.text, lambda part: bigtext.line(part, width, height=height)),
            width,
            height=height,
        )


def _leading_parts(text: str, fits: Callable[[str], object | None]) -> str:
    """As many of the " · "-separated parts of ``text`` as fit, from the first (the most important)."""
    parts = text.split(SEPARATOR)
    for count in range(len(parts), 1, -1):
        shorter = SEPARATOR.join(parts[:count])
        if fits(shorter) is not None:
            return shorter
    return parts[0]


class RoomBar(Widget):
    """A thin bar: how much of the block or the slot has gone."""

    fraction: reactive[float | None] = reactive(None, layout=False)

    def render(self) -> RenderableType:
        width = self.content_size.width
        if self.fraction is None or width < 1:
            return Text("")
        done = round(min(1.0, max(0.0, self.fraction)) * width)
        bar = Text("━" * done, style="bold")
        bar.append("━" * (width - done), style="dim")
        return bar


class RoomScreen(SessionScreen):
    """Read-only: it shows the session as the store has it, whoever changes it."""

    CSS_PATH = "room.tcss"
    FOR_THE_ROOM = True
    BINDINGS = [
        Binding("f3", "app.switch_mode('agenda')", "Agenda", id="agenda"),
        Binding("b", "blackout", "Blackout", id="blackout"),
        Binding("c", "clear_message", "Clear message", id="clear_message"),
        Binding("j", "join", "QR for phones", id="join"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="room"):
            yield Lettering("line", id="room-title")
            yield Lettering("clock", id="room-clock")
            yield Lettering("message", id="room-message")
            yield RoomBar(id="room-bar")
            yield Lettering("words", id="room-state")
            yield Lettering("line", id="room-next")
        # On request (j): the notes page's QR code, for the tables to scan off the wall.
        with Vertical(id="room-join"):
            yield QrCode("", id="room-qr")
            yield Static(id="room-join-words", markup=False)
        # No key bar: the room sees this screen. Its keys still work; F1 lists them.

    def on_screen_resume(self) -> None:
        self.tick()

    def on_mount(self) -> None:
        self.watch(self.app, "data", self.tick)
        self.watch(self.app, "language", self.tick, init=False)
        self.set_interval(1.0, self.tick)

    def on_resize(self, event: Resize) -> None:
        width, height = event.size
        self.set_class(height >= LARGE_ROWS and width >= LARGE_COLUMNS, "-large")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("blackout", "clear_message", "join"):
            # The room view in its own terminal only follows; the trainer's app steers.
            return not self.app.read_only and self.app.data is not None
        return True

    def action_blackout(self) -> None:
        self.services.room.toggle_blackout()

    def action_join(self) -> None:
        """The tables' QR code on the projector; again, the participants' (questions,
        rounds) if it is served; again, off."""
        found = self.app.services.sessions.addresses() or {}
        shown = self.query_one("#room-qr", QrCode).address if self.has_class("-join") else ""
        pages = [page for page in ("notes", "ask") if page in found]
        current = _page_of(shown, found)
        after = pages[pages.index(current) + 1 :] if current in pages else pages
        if not after:
            self.remove_class("-join")
            if not pages:
                self.app.notify(t("join.none", self.app.language), severity="warning")
            return
        page, address = after[0], found[after[0]]
        self.query_one("#room-qr", QrCode).address = address
        local = local_host(address)
        words = (
            t("join.local_only", self.app.language, host=local)
            if local
            else t(
                f"join.scan{'_ask' if page == 'ask' else ''}", self.app.language, address=address
            )
        )
        self.query_one("#room-join-words", Static).update(words)
        self.add_class("-join")

    def action_clear_message(self) -> None:
        self.services.room.clear_room_message()

    def tick(self) -> None:
        if not self.is_current:
            return
        data, lang = self.app.data, self.app.language
        now = self.app.clock()
        self.set_class(bool(data and data.session.room_blackout), "-blackout")
        if data is None:
            view = RoomView(t("app.no_session", lang), now.astimezone().strftime("%H:%M"))
        else:
            view = room_view(data, now, lang)
        said = " ".join(data.session.room_message.split()) if data else ""
        self.set_class(bool(said), "-message")
        self.query_one("#room-title", Lettering).text = view.title
        self.query_one("#room-clock", Lettering).text = view.clock
        self.query_one("#room-message", Lettering).text = one_line(said, 300)
        # With a message up, the time moves onto the words line under it.
        state = view.state
        if said and view.clock and view.clock not in state:
            state = f"{view.clock} {state}".strip()
        self.query_one("#room-state", Lettering).text = state
        self.query_one("#room-next", Lettering).text = view.upcoming
        self.query_one("#room-bar", RoomBar).fraction = view.gone
        set_level_class(self, view.level)


@dataclass(frozen=True)
class RoomView:
    """What the room sees, in words: the top line, the big clock, the words under it, what next."""

    title: str
    clock: str
    state: str = ""
    upcoming: str = ""
    level: Level = Level.CALM
    gone: float | None = None  # the part of the block or slot used, for the bar


def room_view(data: SessionData, now: datetime, lang: str) -> RoomView:
    """A presenter's slot while one presents, else the running block, else the time of day."""
    warn = data.session.warn_minutes
    plan = day_schedule(data.session, data.blocks, now)
    block = plan.current
    later = plan.upcoming
    block_next = next_line(later, lang) if later else ""
    people = data.presentations
    speaker = presenting_now(people)
    following = up_next(people)
    round_of = queue_progress(people, now)
    presenter_next = (
        t("room.presenter_next", lang, name=_who(following.presenter, following.title))
        if following
        else ""
    )
    if speaker is not None:
        left = slot_remaining(speaker, now)
        length: float = speaker.minutes * 60
        lvl = level_of(left, warn, length)
        clock, words = _clock_and_words(left, lvl, warn, lang, t("room.left", lang))
        place = t("room.round_now", lang, n=round_of.done + 1, total=round_of.total)
        return RoomView(
            t("room.presenter_now", lang, name=_who(speaker.presenter, speaker.title)),
            clock,
            words + SEPARATOR + place,
            presenter_next or block_next,
            lvl,
            _gone(length - left, length),
        )
    if block is not None:
        lvl = level(block, now, warn)
        left = remaining(block, now)
        paused = block.state is BlockState.PAUSED
        until = plan.slot_of(block).end.astimezone().strftime("%H:%M")
        calm = t("room.paused", lang) if paused else t("room.left_until", lang, time=until)
        clock, words = _clock_and_words(left, lvl, warn, lang, calm)
        upcoming = block_next
        if block.kind is BlockKind.PRESENTATIONS and people:
            # Between presenters: who comes up, and how far the round has come.
            words += SEPARATOR + t(
                "room.round_done", lang, done=round_of.done, total=round_of.total
            )
            upcoming = presenter_next or block_next
        length = planned_seconds(block)
        return RoomView(
            one_line(block.title, 200), clock, words, upcoming, lvl, _gone(length - left, length)
        )
    return RoomView(
        one_line(data.session.title, 200), now.astimezone().strftime("%H:%M"), "", block_next
    )


def _who(name: str, title: str) -> str:
    who = one_line(name, 80)
    return f"{who} — {one_line(title, 120)}" if title.strip() else who


def _gone(used: float, length: float) -> float | None:
    return used / length if length > 0 else None


def _clock_and_words(
    left: float, lvl: Level, warn: list[int], lang: str, calm: str
) -> tuple[str, str]:
    if lvl is Level.OVERTIME:
        over = overtime_text(-left)
        return over, t("room.overtime", lang, over=over)
    words = {
        Level.CALM: calm,
        Level.WARN: t("room.warn", lang, minutes=max(warn)),
        Level.FINAL: t("room.warn", lang, minutes=min(warn)),
    }[lvl]
    return clock_text(left), words


def _page_of(address: str, found: dict[str, str]) -> str:
    """Which page's address ``address`` is (empty if none shown)."""
    return next((page for page, said in found.items() if address and said == address), "")
