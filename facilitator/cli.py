"""The `facilitator` command. Only `open`, `demo` and a bare call load the interface."""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from . import __version__
from .commands import (
    EXPORT_FORMATS,
    UsageError,
    err,
    export_recap,
    list_sessions,
    out,
    show_programme,
    show_settings,
    warn_strays,
)
from .errors import FacilitatorError, InputError, UnconfirmedSave
from .safetext import inert
from .store import Store, default_store_dir

if TYPE_CHECKING:
    from .app import FacilitatorApp
    from .model import SessionData
    from .settings import Settings


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2017-11-30") from None


def _hhmm(text: str) -> str:
    """A start time as typed (9:00 or 09:00), kept as HH:MM like a plan's."""
    from .limits import clock_time

    try:
        return clock_time(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a time like 09:00 (00:00-23:59)"
        ) from None


def _whole_in(low: int, high: int, what: str) -> Callable[[str], int]:
    """An argument type: a whole number from ``low`` to ``high``."""

    def read(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            number = low - 1
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(f"{text!r} is not {what} ({low}-{high})")
        return number

    return read


def _common_options(parser: argparse.ArgumentParser) -> None:
    """--store and --debug, before or after the command.

    SUPPRESS keeps a value given before the command from being reset by the
    command's own parser.
    """
    parser.add_argument(
        "--store",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="the store folder (default: $FACILITATOR_STORE, else your user data folder)",
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show the full traceback of an unexpected error (also FACILITATOR_DEBUG=1)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="facilitator",
        description="Run a live training day from the terminal: agenda, timers, "
        "presentations, notes and the recap.",
    )
    _common_options(parser)
    parser.add_argument("--version", action="version", version=f"facilitator {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    commands.add_parser("demo", help="open the app on a fresh copy of the example session")

    new = commands.add_parser("new", help="create an empty session")
    new.add_argument("title")
    new.add_argument("--date", type=_iso_date, help="YYYY-MM-DD")
    new.add_argument("--start", type=_hhmm, default="09:00", help="HH:MM (default 09:00)")
    new.add_argument("--venue", default="")
    new.add_argument("--language", choices=("sv", "en"))

    imp = commands.add_parser("import", help="import a .toml plan or a .json export")
    imp.add_argument("file", type=Path)

    lst = commands.add_parser("list", help="list the sessions: id, date, title, state")
    lst.add_argument("--json", action="store_true", help="as JSON, for scripts")

    opn = commands.add_parser("open", help="open the app on one session")
    opn.add_argument("session", help="a session id (or its start) or `latest`")
    opn.add_argument("--notes", action="store_true", help="start on the note-taker's screen")

    room = commands.add_parser("room", help="the big-clock room view, following the live session")
    room.add_argument("session")

    srv = commands.add_parser(
        "serve", help="the room view and the notes screen for browsers, each behind a join code"
    )
    srv.add_argument("session", nargs="?", default="latest", help="default: latest")
    srv.add_argument(
        "--host", default="127.0.0.1", help="where to listen (default: this laptop only)"
    )
    srv.add_argument(
        "--port", type=_whole_in(0, 65535, "a port"), default=8080, help="default 8080"
    )
    srv.add_argument(
        "--max-tabs",
        type=_whole_in(1, 500, "a number of tabs"),
        default=30,
        help="browser tabs served at once (default 30)",
    )

    note = commands.add_parser("note", help="add a note to a session (- reads it from stdin)")
    note.add_argument("session")
    note.add_argument("text")
    note.add_argument("--kind", default="point", help="point, quote, decision, action or question")
    note.add_argument("--speaker", default="", help="who said it (for quotes)")
    note.add_argument("--owner", default="", help="who does it (for actions)")

    nxt = commands.add_parser("next", help="prepare the next occasion of a session's programme")
    nxt.add_argument("session")
    nxt.add_argument(
        "--date", type=_iso_date, help="YYYY-MM-DD (default: the session's next_session)"
    )
    nxt.add_argument("--venue", help="default: the session's next_session")

    programme = commands.add_parser(
        "programme", help="a programme: its occasions, participants, projects"
    )
    programme.add_argument("programme", help="a programme's name (or its start) or id")

    commands.add_parser(
        "settings", help="where the settings file is, and what it says (language, theme, …)"
    )
    export = commands.add_parser("export", help="write a session (or a whole programme) out")
    export.add_argument("session", nargs="?", help="a session; leave out with --programme")
    export.add_argument(
        "--programme",
        metavar="PROGRAMME",
        nargs="?",
        const="",
        help="the recap (or with --format ics the calendar) of every occasion of a programme; "
        "after a SESSION, of its programme",
    )
    export.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        help="default: the extension of -o FILE, else md",
    )
    export.add_argument("--lang", choices=("sv", "en"))
    export.add_argument(
        "--style",
        choices=("minutes", "article"),
        default="minutes",
        help="minutes (sections) or article (prose in the order of the day)",
    )
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="default: stdout")
    export.add_argument(
        "--template",
        type=Path,
        metavar="FILE",
        help="a Jinja2 template of your own for md, html or txt",
    )
    for subcommand in commands.choices.values():
        _common_options(subcommand)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    return run_parsed(parser, parser.parse_args(argv))


def run_parsed(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """Run the command ``args`` asks for; its exit code (every fault one line, as ``main``)."""
    debug = getattr(args, "debug", False) or os.environ.get("FACILITATOR_DEBUG") == "1"
    try:
        return _run(args, debug)
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        err(f"facilitator: error: {exc}")
        return 2
    except UnconfirmedSave as exc:  # saved, as far as anyone can read it: not a failure
        err(f"facilitator: warning: {exc}")
        return 0
    except FacilitatorError as exc:
        # In English, as everything the command line says (its help, argparse's
        # errors, a plan's mistakes): one language a line, whatever the locale.
        # The app speaks the interface's language; the recap, the session's.
        err(f"facilitator: error: {exc}")
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`facilitator note … | true`): what was asked is done.
        _quiet_stdout()
        return 0
    except Exception as exc:  # a bug of ours: one line here, the details in a file
        if debug:
            raise
        _report_crash(exc, None)
        return 1


class _Parser(argparse.ArgumentParser):
    """argparse, whose error lines quote what was typed: shown inert like all the rest."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, inert(f"{self.prog}: error: {message}\n"))


def _report_crash(exc: BaseException, report: Path | None) -> None:
    from .crash import write_report

    report = report or write_report(exc)
    where = f"; details in {report}" if report else ""
    err(
        f"facilitator: internal error: {type(exc).__name__}: {exc}{where} (--debug shows them here)"
    )


def _quiet_stdout() -> None:
    """Point stdout at nothing, so that Python's own flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


# Commands that make a store where there is none; every other one needs one there.
MAKES_STORE = {"new", "import", "demo", None}
# Commands that only read: they tidy nothing away.
READ_ONLY = {"list", "export", "programme", "room"}


def _run(args: argparse.Namespace, debug: bool) -> int:
    from . import settings as settings_file

    command = args.command
    settings = settings_file.load()
    for problem in settings.problems:
        err(f"facilitator: warning: {problem}")
    if command == "settings":
        return show_settings(settings)
    given = getattr(args, "store", None) or os.environ.get("FACILITATOR_STORE") or settings.store
    # Never made here: a store's folders are made by the first session saved in
    # it, so a refused command, or one that only reads, leaves the folder as it was.
    store = Store(Path(given).expanduser() if given else default_store_dir(), create=False)
    if command not in MAKES_STORE and not store.exists() and not _empty_folder(store.root):
        # Named on purpose, so most likely mistyped (or another program's folder):
        # say so rather than make one. An empty folder is a store with no sessions yet.
        raise FacilitatorError(
            f"{store.root}: no facilitator store there (check --store or $FACILITATOR_STORE)"
        )
    if command not in READ_ONLY:
        store.tidy()

    handler = COMMANDS[command]
    return handler(store, args, settings, debug)


# Each command's work, given the store, its arguments, the settings and --debug.
Handler = Callable[[Store, argparse.Namespace, Any, bool], int]


def _import(store: Store, args: argparse.Namespace, settings: Any, debug: bool) -> int:
    from .exchange import read_import

    warnings: list[str] = []
    data = read_import(args.file, warnings)
    for warning in warnings:
        err(f"facilitator: warning: {warning}")
    return _created(store, data)


def _note(store: Store, args: argparse.Namespace, settings: Any, debug: bool) -> int:
    """One note, through the service: checked once, as a note typed in the app is."""
    from .services import Desk, Services

    text = _note_text(args.text)
    session_id = store.resolve(args.session)
    warn_strays(store, session_id)
    service = Services(Desk(store, session_id))
    from .intake import kind_named

    try:
        kind = kind_named(args.kind)  # refused in the words every other door uses
    except InputError as exc:
        raise UsageError(str(exc)) from None
    note = service.notes.note_now(text, kind, args.speaker, args.owner)
    if note.error is not None:
        err(f"facilitator: warning: {note.error}")
    out(note.id)
    return 0


def _next(store: Store, args: argparse.Namespace, settings: Any, debug: bool) -> int:
    from .occasions import next_occasion

    data = store.load(store.resolve(args.session))
    return _created(store, next_occasion(data, args.date, args.venue))


def _demo(store: Store, args: argparse.Namespace, settings: Any, debug: bool) -> int:
    from .model import utc_now
    from .plan import demo_today

    return _open_app(store, _create(store, demo_today(utc_now())), debug=debug)


def _open(store: Store, args: argparse.Namespace, settings: Any, debug: bool) -> int:
    mode = "notes" if args.notes else "agenda"
    return _open_app(store, store.resolve(args.session), mode=mode, debug=debug)


def _serve(store: Store, args: argparse.Namespace, settings: Any, debug: bool) -> int:
    from .addresses import check_host
    from .serve import serve

    session_id = store.resolve(args.session)
    language = store.load(session_id).session.language
    return serve(
        store,
        session_id,
        check_host(args.host),
        args.port,
        language,
        say=out,
        warn=err,
        max_apps=args.max_tabs,
    )


def _room(store: Store, args: argparse.Namespace, settings: Any, debug: bool) -> int:
    return _open_app(store, store.resolve(args.session), mode="room", read_only=True, debug=debug)


def _latest(store: Store, args: argparse.Namespace, settings: Any, debug: bool) -> int:
    """No command: the most recent session, or the app's start screen."""
    summaries, _ = store.list_sessions()
    return _open_app(store, store.resolve("latest") if summaries else None, debug=debug)


COMMANDS: dict[str | None, Handler] = {
    "new": lambda store, args, settings, debug: _new(store, args, settings),
    "import": _import,
    "list": lambda store, args, settings, debug: list_sessions(store, as_json=args.json),
    "note": _note,
    "export": lambda store, args, settings, debug: export_recap(store, args, settings),
    "next": _next,
    "programme": lambda store, args, settings, debug: show_programme(store, args.programme),
    "demo": _demo,
    "open": _open,
    "serve": _serve,
    "room": _room,
    None: _latest,
}


def _empty_folder(path: Path) -> bool:
    try:
        with os.scandir(path) as entries:
            return next(entries, None) is None
    except OSError:
        return False


def _note_text(given: str) -> str:
    """The note's text from the command line, or standard input for ``-`` (UTF-8 only).

    Text given as an argument is checked by the intake, as every note is (bytes
    that were not UTF-8 arrive as lone surrogates, and are refused there). The
    line ends that close standard input (`echo`'s, an editor's last line) are
    not the note's; every other character is kept as it came.
    """
    if given == "-":
        raw = sys.stdin.buffer.read()
        try:
            return raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError as exc:
            raise FacilitatorError(
                f"standard input: not UTF-8 text (byte {exc.start}); nothing was saved"
            ) from None
    return given


def _new(store: Store, args: argparse.Namespace, settings: Settings) -> int:
    from .i18n import ui_language
    from .model import Session, SessionData

    title = args.title.strip()
    if not title:
        raise UsageError("the title must not be empty")
    session = Session(
        title=title,
        date=args.date,
        start=args.start,
        venue=args.venue,
        language=args.language or settings.language or ui_language(),
    )
    settings.apply_to(session)
    return _created(store, SessionData(session))


def _create(store: Store, data: SessionData) -> str:
    """Save a new session; one the disk did not confirm is kept, and said. Returns its id."""
    try:
        return store.create(data)
    except UnconfirmedSave as exc:
        err(f"facilitator: warning: {exc}")
        return str(exc.result)


def _created(store: Store, data: SessionData) -> int:
    out(_create(store, data))
    return 0


def _open_app(
    store: Store,
    session_id: str | None,
    mode: str = "agenda",
    read_only: bool = False,
    debug: bool = False,
) -> int:
    from .app import FacilitatorApp
    from .settings import settings_path

    app = FacilitatorApp(
        store, session_id, mode=mode, read_only=read_only, debug=debug, settings=settings_path()
    )
    # What is loaded once the app is up (Textual, the session's notes) lives as
    # long as the process: kept out of the garbage collector's full passes, they
    # cannot pause a keystroke for a tenth of a second with a long day's notes.
    # Process-wide, so here where the process starts the app, not in the app.
    # Frozen once already before the app starts: the modules just imported live as
    # long, and left in the full passes they made one of 20-40 ms land before the
    # first frame (the empty Textual app, with fewer objects, met none).
    gc.freeze()
    app.when_started = gc.freeze
    try:
        app.run()
    finally:
        gc.unfreeze()
    return _finish(app, debug)


def _finish(app: FacilitatorApp, debug: bool, say: Callable[[str], object] | None = None) -> int:
    """After the app: finish the saves it asked for, print any note still unsaved; the exit code.

    The terminal keeps what could not be saved, so that nothing typed is lost.
    Non-zero when notes were left unsaved or the app ended on an error.
    """
    say = say or err
    app.services.close(timeout=30)
    unsaved = app.services.notes.unsaved()
    if unsaved:
        say(f"facilitator: notes that could not be saved ({len(unsaved)}), as typed:")
        for note in unsaved:
            when = note.created_at.astimezone().strftime("%H:%M")
            say(f"  [{when} {note.kind.value}] {note.line or note.text}")
    if app.return_code:
        if app.crash_report is not None and not debug:
            say(
                f"facilitator: internal error; details in {app.crash_report} "
                "(--debug shows them here)"
            )
        return app.return_code
    return 1 if unsaved else 0


def served_page() -> NoReturn:
    """One browser tab's app, started by `facilitator serve`: page, store folder, session id.

    The room page follows the session and never writes; the notes page writes
    notes, marked with the group the note-taker named (FACILITATOR_GROUP), and
    can do nothing else. Both speak the session's language, which the server
    read once (FACILITATOR_LANGUAGE). Neither reads or keeps the trainer's settings.
    """
    from .app import FacilitatorApp

    page, root, session_id = sys.argv[1:4]
    app = FacilitatorApp(
        Store(root, create=False),
        session_id,
        mode=page,
        read_only=page == "room",
        language=os.environ.get("FACILITATOR_LANGUAGE") or None,
        served=True,
        group=os.environ.get("FACILITATOR_GROUP", ""),
    )
    _end_with_parent(app)
    app.run()
    sys.exit(_finish(app, debug=False))


def _end_with_parent(app: FacilitatorApp) -> None:
    """Quit the app if the server that started it is gone (killed, not stopped): no orphans."""
    import threading
    import time

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        with contextlib.suppress(RuntimeError):  # the app has ended already
            app.call_from_thread(app.exit)

    threading.Thread(target=watch, name="facilitator-parent", daemon=True).start()


# Commands that say or write something and are done; the app's commands and `serve` are not.
ONE_SHOT = {"new", "import", "list", "note", "next", "programme", "settings", "export"}


def entry() -> NoReturn:
    parser = build_parser()
    try:
        args = parser.parse_args()
    except SystemExit as exc:  # --help, --version, a mistake in what was typed: said, and done
        if exc.code is not None and not isinstance(exc.code, int):
            raise
        _end(exc.code or 0, at_once=True)
    one_shot = args.command in ONE_SHOT
    if one_shot:
        # Reading a day makes thousands of objects and hardly a cycle, and the
        # process ends as soon as it is done: the collector's passes (about
        # 1 ms of an export of a thousand notes) would free nothing.
        gc.disable()
    _end(run_parsed(parser, args), at_once=one_shot)


def _end(code: int, at_once: bool) -> NoReturn:
    """End the process with ``code``; after a one-shot command, at once.

    Python's own ending frees every object one by one and runs the handlers
    modules left: after an export of a thousand notes that was 8 ms of its
    100, spent on nothing a user can see. By then what the command wrote is on
    disk (each save is synced before it returns) and what it said is flushed
    here. Should any thread still run (none of these commands leaves one),
    Python's ending waits for it as always.
    """
    threading = sys.modules.get("threading")
    if at_once and (threading is None or threading.active_count() == 1):
        try:
            sys.stdout.flush()
        except BrokenPipeError:  # the reader went away: what was asked is done
            _quiet_stdout()
        except (OSError, ValueError):
            sys.exit(code)  # let Python's ending say what went wrong
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.flush()
        os._exit(code)
    sys.exit(code)
