"""The Textual app: modes for each area, global keys, the command palette, live reload."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from functools import partial
from importlib import import_module
from pathlib import Path

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import Notification, SeverityLevel
from textual.screen import Screen

import screens
from screens.base import SessionApp
from screens.localize import declared_bindings, translated
from screens.notices import NoticeHolding
from screens.outcomes import NotesSaved, PendingChanged, SaveFailed, SessionSaved, ToMessages
from screens.themes import PROJECTOR_THEMES

from .alerts import TimeWatch
from .errors import FacilitatorError, UnconfirmedSave
from .i18n import STRINGS, t, ui_language
from .model import Note, RecapOptions, Session, SessionData
from .services import Desk, NoteState, Services, describe
from .settings import Settings
from .settings import load as load_settings
from .store import Store
from .timing import (
    Clock,
    from_another_day,
    system_clock,
)

# The module and class of each area's screen (see FacilitatorApp.MODES).
SCREENS = {
    "agenda": ("agenda", "AgendaScreen"),
    "presentations": ("presentations", "PresentationsScreen"),
    "notes": ("notes", "NotesScreen"),
    "recap": ("recap", "RecapScreen"),
    "attendance": ("attendance", "AttendanceScreen"),
    "room": ("room", "RoomScreen"),
    "start": ("start", "StartScreen"),
}


def screen_class(mode: str) -> type[Screen[None]]:
    """The screen class of an area, imported now if it was not yet."""
    module, name = SCREENS[mode]
    cls: type[Screen[None]] = getattr(import_module(f"screens.{module}"), name)
    return cls


def _make_screen(mode: str) -> Screen[None]:
    return screen_class(mode)()


# Another program's save shows here within this, plus one redraw.
POLL_SECONDS = 0.5
# Notes files read before the first paint (a hundred notes each); the rest follows in a thread.
FIRST_NOTE_FILES = 2
WHOLE_AFTER = 0.3  # seconds after the first paint before the rest is read


class FacilitatorApp(NoticeHolding, SessionApp):
    """One session on screen; every mode reads it from ``self.data``."""

    TITLE = "facilitator"
    CSS_PATH = str(Path(screens.__file__).with_name("common.tcss"))
    # Each area's screen is imported when first shown: start-up pays for one, not seven.
    MODES = {mode: partial(_make_screen, mode) for mode in SCREENS}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True, show=False),
        Binding("f1,question_mark", "help", "Help", id="help"),
        Binding("f2", "toggle_language", "Language", id="language", show=False),
        # Each screen shows the key to the other in its footer.
        Binding("f3", "switch_mode('agenda')", "Agenda", id="agenda", show=False),
        Binding("f4", "switch_mode('room')", "Room view", id="room", show=False),
        Binding(
            "f5", "switch_mode('presentations')", "Presentations", id="presentations", show=False
        ),
        Binding("f6", "switch_mode('notes')", "Notes", id="notes", show=False),
        Binding("f7", "switch_mode('recap')", "Recap", id="recap", show=False),
        Binding("f8", "toggle_theme", "Light/dark", id="theme", show=False),
        Binding("f9", "switch_mode('attendance')", "Attendance", id="attendance", show=False),
        Binding("ctrl+n", "next_occasion", "Next occasion", id="next_occasion", show=False),
        Binding("ctrl+d", "run_today", "Run as today", id="run_today", show=False),
        Binding("f12", "addresses", "Browser addresses", id="addresses", show=False),
        # Textual's own palette key, declared here so that it has a name in both languages.
        Binding(
            "ctrl+p", "command_palette", "Commands", id="command_palette", show=False, priority=True
        ),
    ]

    def __init__(
        self,
        store: Store,
        session_id: str | None,
        clock: Clock = system_clock,
        language: str | None = None,
        mode: str = "agenda",
        read_only: bool = False,
        debug: bool = False,
        settings: Path | None = None,
        served: bool = False,
        group: str = "",
    ) -> None:
        self.start_mode = mode if session_id is not None or read_only else "start"
        # The first screen is the start mode's own, made as the app composes: no switch
        # from an empty default screen, which held the first frame back for Textual's
        # update delay and made it apply the stylesheet again.
        self.DEFAULT_MODE = self.start_mode  # type: ignore[misc]  # read as the App is made
        # The first screen's style sheet is read with the app's own: read as the screen
        # is made, it made Textual parse every style sheet again before the first frame.
        first = screen_class(self.start_mode)
        sheets = [self.CSS_PATH]
        if isinstance(first.CSS_PATH, str):
            sheets.append(str(Path(inspect.getfile(first)).with_name(first.CSS_PATH)))
        super().__init__(css_path=sheets)
        # A browser tab's app (`facilitator serve`): it stays on its one page, and a
        # note-taker there changes only the notes typed in that tab.
        self.served = served
        # The user's settings file: the language and theme to start in, the bell and
        # warning times for new sessions; what F2, F8, t and w change is written back.
        # None (the tests' default) reads and keeps nothing.
        self.settings_file = settings
        self.settings = load_settings(settings) if settings is not None else Settings()
        self.store = store
        self.clock = clock
        self.read_only = read_only
        self.show_tracebacks = debug
        # Every change the screens ask for goes through here, to one ordered writer;
        # its outcomes come back to this loop as callbacks (call_later is thread-safe).
        self.services = Services(
            Desk(
                store,
                session_id,
                clock,
                read_only=read_only,
                deliver=self.call_later,
                outcomes=ToMessages(self),
                group=group,
            )
        )
        self.crash_report: Path | None = None
        # Called once the first screen is drawn: the command line freezes the
        # garbage collector's view of what is loaded then (see cli._open_app).
        self.when_started: Callable[[], object] | None = None
        self._failed_shown = False
        self._strays_told: set[str] = set()
        self._dates_told: set[str] = set()
        self._warned: dict[str, list[Notification]] = {}  # the time warnings shown, by key
        self.time_watch = TimeWatch()  # what was said of each block's and slot's time
        # Sessions read whole once (later reloads read only changed files), and those being read.
        self._whole_read: set[str] = set()
        self._whole_reading: set[str] = set()
        self._opened: bool | None = None  # the first read, in on_load (see _read_session)
        self._mounted = False  # a screen is there to tell things on
        self.set_reactive(
            FacilitatorApp.language, language or self.settings.language or ui_language()
        )
        # The theme is chosen before the first stylesheet pass: set in on_mount, it
        # made Textual parse every stylesheet again.
        for theme in PROJECTOR_THEMES:
            self.register_theme(theme)
        self.set_reactive(
            App.theme, "facilitator-light" if self.settings.theme == "light" else "facilitator-dark"
        )

    def on_load(self) -> None:
        # The session is read before the first screen is made: its first frame is the
        # day (its rows, its cursor, its keys), not an empty screen drawn again after.
        # What is told of it waits for a screen to tell it on (on_mount).
        self._opened = self._read_session()

    def on_mount(self) -> None:
        self._mounted = True
        # Textual lays out and draws the first screen while the app is still starting,
        # and throws that drawing away (updates wait for the start to end); what it
        # draws next is only what changed since. So every widget of the first screen
        # asks to be drawn again: the first layout once the start is over (at the
        # terminal's size) then draws them all, the whole first frame. And should the
        # screen be drawn only after this, it is drawn whole on its next update.
        for widget in self.screen.children:
            widget.refresh()
        self.call_later(self.screen.refresh)
        # What is told on opening (a stray file, a day dated another day) comes just
        # after the first frame: its notice is a widget of its own to style and lay out,
        # and the day on screen comes first.
        self.call_after_refresh(self._after_read, self._opened)
        self.watch_data()
        self.set_interval(POLL_SECONDS, self._poll_store)
        if self.keeps_time:
            self.set_interval(1.0, self.watch_time)
        if self.when_started is not None:
            self.call_after_refresh(self.when_started)

    @property
    def session_id(self) -> str | None:
        return self.services.desk.session_id

    def action_help_quit(self) -> None:
        """ctrl+c, which copies in a text field, says how to quit: in the interface's language."""
        self.notify(t("quit.hint", self.language), title=t("quit.hint.title", self.language))

    async def action_quit(self) -> None:
        """Quit; with notes typed and not yet on disk, ask first (they are printed on the way out)."""
        unsaved = self.services.notes.unsaved()
        if not unsaved or self.read_only:
            self.exit()
            return
        from screens.forms import Confirm

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit(return_code=1)

        question = t("quit.unsaved", self.language, count=len(unsaved))
        self.push_screen(Confirm(self.language, question), answered)

    @on(SessionSaved)
    def _saved(self) -> None:
        self.reload()

    @on(SaveFailed)
    def _save_failed_said(self, message: SaveFailed) -> None:
        self._save_failed(message.what, message.error)

    @on(NotesSaved)
    def _notes_saved_said(self, message: NotesSaved) -> None:
        self._notes_saved(message.notes)

    def _save_failed(self, what: str, error: Exception) -> None:
        unconfirmed = isinstance(error, UnconfirmedSave)
        self.notify(
            describe(what, error, self.language),
            severity="warning" if unconfirmed else "error",
            timeout=10,
        )

    @on(PendingChanged)
    def _pending_changed(self) -> None:
        self.pending += 1
        failed = any(n.state is NoteState.FAILED for n in self.services.notes.pending)
        if failed != self._failed_shown:
            self._failed_shown = failed
            self.refresh_bindings()  # "Retry unsaved" shows while a note has failed

    def _handle_exception(self, error: Exception) -> None:
        # The one private API of Textual we use, on purpose and only here: Textual
        # has no public hook for an unhandled error (Textualize/textual#2818 asks for
        # one). It ends the app with a non-zero code, as Textual does, but the
        # traceback goes to a file that the command line names (``--debug`` prints
        # it instead), so ``_exit_renderables`` (what Textual prints at exit) is
        # emptied. Textual is pinned below its next major version (pyproject.toml);
        # tests/tui/test_app.py checks the report and fails if either name goes.
        from .crash import write_report

        self.crash_report = write_report(error)
        super()._handle_exception(error)
        if not self.show_tracebacks:
            self._exit_renderables.clear()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "switch_mode" and self.served:
            return parameters == (self.start_mode,)
        if action == "switch_mode" and self.read_only:
            return parameters == ("room",)
        if action in ("next_occasion", "addresses", "run_today") and (
            self.served or self.read_only
        ):
            return False
        return True

    @property
    def keeps_time(self) -> bool:
        """Whether this app warns of a block's end and reminds of a late start: the trainer's only."""
        return not self.read_only and not self.served

    def may_change(self, note: Note) -> bool:
        """Whether this app may edit, pin or delete ``note``: in a browser, only what it typed.

        A browser tab's group is whatever its visitor typed in the address, so a
        group alone would let anyone with the tables' code delete any table's notes
        (phones' too). A note-taker there fixes what they typed in that tab; the
        rest is the trainer's, in the app itself.
        """
        if self.read_only:
            return False
        if not self.served:
            return True
        return note.group == self.services.desk.group and self.services.notes.typed_here(note.id)

    # --- the session ------------------------------------------------------

    def reload(self) -> None:
        """Read the session afresh from the store; a problem is shown, never raised."""
        self._after_read(self._read_session())

    def _read_session(self) -> bool | None:
        """The session read into ``data``: whether older notes are left to read; None if not read."""
        if self.session_id is None:
            self.data = None
            return None
        session_id = self.session_id
        try:
            if session_id in self._whole_read:
                data = self.services.desk.load()
                older_left = False
            else:
                # The newest notes first, for the first paint; the rest in a thread.
                data, older_left = self.services.desk.load_newest(FIRST_NOTE_FILES)
            assert data is not None
            self.services.notes.forget_saved({note.id for note in data.notes})
            self.notes_partial = older_left
            self.data = data
            self.problem = ""
        except FacilitatorError as exc:
            self.problem = exc.localized(self.language)
            return None
        return older_left

    def _after_read(self, older_left: bool | None) -> None:
        """What follows a read: the notices of an opening, the older notes in a thread."""
        session_id = self.session_id
        if session_id is None:
            return
        if session_id not in self._strays_told:
            self._strays_told.add(session_id)  # once a session: it is not news after that
            for path in self.services.desk.strays():
                self.notify(t("store.stray", self.language, path=path), severity="warning")
        data = self.data
        if older_left is None or data is None:
            return
        if older_left and session_id not in self._whole_reading:
            self._whole_reading.add(session_id)
            # After the first paint has settled: a thread reading fifty thousand notes
            # holds the interpreter in bursts, and the trainer should see the screen first.
            read = partial(self._read_whole, session_id)
            self.call_after_refresh(
                self.set_timer,
                WHOLE_AFTER,
                partial(self.run_worker, read, thread=True, group="whole", exit_on_error=False),
            )
        elif not older_left:
            self._whole_read.add(session_id)
        if session_id not in self._dates_told:
            self._dates_told.add(session_id)  # said once, on opening
            if self.keeps_time and from_another_day(data.session, data.blocks, self.clock()):
                self.notify(self._other_day_message(data), severity="warning", timeout=20)

    def _read_whole(self, session_id: str) -> None:
        """In a thread: the whole session, every record checked; handed to the loop when read."""
        try:
            data, stamp = self.services.desk.load_whole()
        except FacilitatorError as exc:
            self.call_from_thread(self._whole_failed, session_id, exc)
            return
        self.call_from_thread(self._whole_arrived, session_id, data, stamp)

    def _whole_arrived(
        self, session_id: str, data: SessionData | None, stamp: tuple[object, ...] | None
    ) -> None:
        self._whole_reading.discard(session_id)
        self._whole_read.add(session_id)
        if session_id != self.session_id or data is None:
            return  # another session is open now: this one is read whole next time, from cache
        self.services.desk.shown(stamp)
        self.services.notes.forget_saved({note.id for note in data.notes})
        self.notes_partial = False
        self.data = data
        if self.services.desk.changed_elsewhere():
            self.reload()  # saved meanwhile: read again (the files read already come from cache)

    def _whole_failed(self, session_id: str, error: FacilitatorError) -> None:
        self._whole_reading.discard(session_id)
        if session_id == self.session_id:
            self.problem = error.localized(self.language)

    def _other_day_message(self, data: SessionData) -> str:
        from .i18n import long_date

        assert data.session.date is not None
        return t(
            "day.other",
            self.language,
            date=long_date(data.session.date, self.language),
            start=self.services.agenda.start_if_run_today(),
        )

    def action_run_today(self) -> None:
        """Date the session today, from the next quarter hour, as the demo is: then it runs on time."""
        data = self.data
        if data is None or not self.check_action("run_today", ()):
            return
        if not from_another_day(data.session, data.blocks, self.clock()):
            # Dated today, or begun already: its times are its own.
            self.notify(t("day.is_today", self.language))
            return
        self.services.agenda.run_as_today(
            then=lambda start: self.notify(t("day.today", self.language, start=start))
        )

    def _notes_saved(self, notes: list[Note]) -> None:
        """Notes just saved, and nothing else changed since the session was read: they join it.

        No reading of the whole session again; a change by another program is
        still read afresh (``_poll_store``).
        """
        data = self.data
        if data is None:
            self.reload()
            return
        # A note the session already holds (read in after its save landed) is not
        # added twice: the list holds each note once, by its id.
        held = {note.id for note in data.notes}
        merged = [*data.notes, *(note for note in notes if note.id not in held)]
        merged.sort(key=lambda n: n.created_at)  # as a load orders them
        self.services.notes.forget_saved({note.id for note in notes})
        self.data = replace(data, notes=merged)

    def _poll_store(self) -> None:
        # Another program (the note-taker, the trainer's app) may have saved: a few stats tell.
        if self.services.desk.changed_elsewhere():
            self.reload()

    def watch_data(self) -> None:
        # A key, an edit or another program's save can move a block into its
        # warning time: check now, not at the next tick. (Not while the first
        # read is made, before any screen could show a notice: on_mount checks.)
        if self.keeps_time and self._mounted:
            self.watch_time()

    def watch_time(self) -> None:
        """Once a second: a notice (and the bell, if on) as a block or a slot crosses a warning.

        What to say is decided by ``facilitator.alerts``; here it is only shown.
        """
        data = self.data
        if data is None:
            return
        said = self.time_watch.look(
            data, self.clock(), self.language, may_remind=not self.services.desk.writer.busy
        )
        for key in said.withdrawn:
            self._withdraw(self._warned.pop(key, []))
        for alert in said.raised:
            severity: SeverityLevel = "error" if alert.severity == "error" else "warning"
            if not alert.may_withdraw:
                self.notify(alert.message, severity=severity)
                continue
            notice = Notification(alert.message, "", severity, self.NOTIFICATION_TIMEOUT, True)
            self._warned.setdefault(alert.key, []).append(self._raise(notice))
            if alert.bell:
                self.bell()

    def action_next_occasion(self) -> None:
        """Prepare the next occasion from this one, after asking for its date."""
        data = self.data
        if data is None or self.read_only or self.served:
            return
        from screens.forms import TextPrompt

        planned = data.session.next_session.date if data.session.next_session else None

        def chosen(text: str | None) -> None:
            if text is None:
                return
            try:
                day = date.fromisoformat(text.strip()) if text.strip() else planned
            except ValueError:
                self.notify(t("next.bad_date", self.language, text=text), severity="error")
                return

            def made(session_id: str) -> None:
                self.notify(t("next.made", self.language))
                self.open_session(session_id, "agenda")

            self.services.sessions.create_next_occasion(data, day, made)

        heading = t("next.heading", self.language)
        self.push_screen(
            TextPrompt(self.language, heading, planned.isoformat() if planned else ""), chosen
        )

    # --- language ---------------------------------------------------------

    def watch_language(self) -> None:
        self._apply_language()

    def _apply_language(self) -> None:
        # Every screen names its keys in the language of the moment (in_language);
        # a screen not on show redraws its key bar when it comes back.
        self.refresh_bindings()

    def action_toggle_theme(self) -> None:
        """Dark for a dim room, light for a bright one; both with strong contrast for a projector."""
        self.theme = "facilitator-light" if self.theme == "facilitator-dark" else "facilitator-dark"
        self.remember(theme="light" if self.theme == "facilitator-light" else "dark")

    def recap_options(self) -> RecapOptions:
        """What the settings add to a recap: as the command line's export reads them."""
        return self.settings.recap_options()

    def remember(self, **values: object) -> None:
        """Keep a setting for the next start (see facilitator.settings); a notice if it cannot be.

        Written by the service's writer, never on the event loop: a slow disk
        does not stop the screen.
        """
        if self.settings_file is None:
            return
        self.settings = self.settings.changed(**values)  # for the sessions made from now on

        def kept(problem: str | None) -> None:
            if problem:
                self.notify(problem, severity="warning")

        self.services.sessions.remember(self.settings_file, self.language, kept, **values)

    def action_help(self) -> None:
        from screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        below = self.screen
        if getattr(below, "FOR_THE_ROOM", False) and not self.read_only:
            # The room sees the room view: its keys are listed on the trainer's own screen.
            self.switch_mode("agenda")
        self.push_screen(HelpScreen(below, self.language))

    def action_addresses(self) -> None:
        """The addresses `facilitator serve` gives the room and the tables, with a QR code."""
        from screens.join import AddressesDialog

        if isinstance(self.screen, AddressesDialog) or self.session_id is None:
            return
        found = self.services.sessions.addresses()
        if found is None:
            self.notify(t("join.none", self.language), severity="warning")
            return
        self.push_screen(AddressesDialog(self.language, found))

    def action_toggle_language(self) -> None:
        self.language = "en" if self.language == "sv" else "sv"
        self.notify(t("toast.language", self.language))
        self.remember(language=self.language)

    # --- command palette --------------------------------------------------

    def action_command_palette(self) -> None:
        """Textual's command palette, its search line in the interface language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            placeholder = t("palette.placeholder", self.language)
            self.push_screen(CommandPalette(placeholder=placeholder))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every key of every area by its plain name, the sessions to switch to, then Textual's own."""
        lang = self.language
        seen: set[str] = set()
        for node in (screen, self):
            for binding in declared_bindings(node):
                if binding.id in seen:
                    continue
                seen.add(binding.id or "")
                if (
                    node.check_action(binding.action.split("(")[0], _parameters(binding.action))
                    is False
                ):
                    continue
                yield SystemCommand(
                    translated(binding, lang).description,
                    _help(binding.id, lang),
                    partial(node.run_action, binding.action),
                )
        if not self.read_only and not self.served:
            for mode in self.MODES:
                if mode == "start":
                    continue
                for binding in getattr(screen_class(mode), "BINDINGS", []):
                    if not isinstance(binding, Binding) or not binding.id or binding.id in seen:
                        continue
                    seen.add(binding.id)
                    # Named with its area: "Absent" is a presenter's in one and a participant's in another.
                    area = t(f"key.{mode}", lang) if f"key.{mode}" in STRINGS else mode
                    yield SystemCommand(
                        f"{t(f'key.{binding.id}', lang)} ({area})",
                        _help(binding.id, lang),
                        partial(self._run_in_mode, mode, binding.action),
                    )
            summaries, _ = self.services.sessions.sessions()
            for summary in summaries:
                if summary.id != self.session_id:
                    day = summary.date.isoformat() if summary.date else ""
                    yield SystemCommand(
                        t("palette.open_session", lang, title=summary.title, date=day),
                        t("palette.open_session.help", lang),
                        partial(self.open_session, summary.id),
                    )
        # Textual's own (theme, keys, screenshot…), less the quit we already offer.
        for command in super().get_system_commands(screen):
            if command.callback != self.action_quit:
                yield command

    def _run_in_mode(self, mode: str, action: str) -> None:
        """A command of another area: go there, then do it."""
        self.switch_mode(mode)
        self.call_after_refresh(self.screen.run_action, action)

    def open_session(self, session_id: str, mode: str | None = None) -> None:
        """Switch every area to another session of the store (and to ``mode``, if given)."""
        self.services.desk.open(session_id)
        self.time_watch.forget()
        self.reload()
        if mode is not None:
            self.switch_mode(mode)

    def new_session_data(self, title: str) -> SessionData:
        """An empty session made in the app: today, in the interface's language."""
        session = Session(
            title=title, date=self.clock().astimezone().date(), language=self.language
        )
        self.settings.apply_to(session)
        return SessionData(session)


def _help(binding_id: str | None, lang: str) -> str:
    key = f"help.{binding_id}"
    return t(key, lang) if key in STRINGS else ""


def _parameters(action: str) -> tuple[object, ...]:
    if "(" not in action:
        return ()
    inside = action[action.index("(") + 1 : action.rindex(")")]
    return tuple(part.strip().strip("'\"") for part in inside.split(",") if part.strip())
