"""What the command line prints and writes for a person: sessions, a programme, the settings, a recap.

Everything printed passes ``out`` or ``err``, which show text from the store or
the user inert; a command line that asks for what this program does not do is a
``UsageError`` (exit 2). Textual-free, as every command here runs without the app.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .safetext import escape_unsafe_json, inert
from .store import SessionSummary, Store

if TYPE_CHECKING:
    from .model import Programme
    from .settings import Settings

RECAP_FORMATS = ("md", "html", "txt")
EXPORT_FORMATS = (*RECAP_FORMATS, "json", "docx", "eml", "ics")  # as exporting.FORMATS, unimported


class UsageError(Exception):
    """A command line that asks for something this program does not do (exit 2)."""


def out(text: object = "") -> None:
    """Everything the command prints for a person goes here or to ``_err``.

    Text from the store or the user (titles, names, notes, paths) may hold
    escape sequences; shown inert, none of them can drive the terminal (set
    its title, write the clipboard).
    """
    print(inert(str(text)), flush=True)


def err(text: object) -> None:
    print(inert(str(text)), file=sys.stderr, flush=True)


def show_settings(settings: Settings) -> int:
    from .settings import NAMES, settings_path

    path = settings_path()
    out(f"settings file: {path}{'' if path.exists() else ' (not made yet)'}")
    for name in NAMES:
        value = getattr(settings, name)
        out(f"  {name} = {'(not set)' if value is None else value}")
    out("The app keeps what F2, F8, t and w change; the file may also be edited by hand.")
    return 0


def list_sessions(store: Store, as_json: bool) -> int:
    summaries, problems = store.list_sessions()
    for problem in problems:
        err(f"facilitator: warning: {problem.message}")
    if as_json:
        rows = [
            {
                "id": s.id,
                "date": s.date.isoformat() if s.date else None,
                "title": s.title,
                "state": s.state,
                "programme": s.programme or None,
                "occasion": s.occasion,
            }
            for s in summaries
        ]
        # Data, not for a person: exact, with every control written as an escape.
        sys.stdout.write(escape_unsafe_json(json.dumps(rows, ensure_ascii=False, indent=2)) + "\n")
        return 0
    if not summaries:
        out(
            "No sessions yet. Try `facilitator demo`, `facilitator new TITLE` or `facilitator import PLAN`."
        )
        return 0
    groups: dict[str, list[SessionSummary]] = {}
    for s in summaries:
        groups.setdefault(s.programme, []).append(s)
    lines = []
    for name in sorted(groups, key=lambda n: (n == "", n.casefold())):
        lines.append(name or "(no programme)")
        for s in sorted(groups[name], key=lambda s: (s.occasion or 0, s.date or date.min)):
            day = s.date.isoformat() if s.date else "----------"
            occasion = f"#{s.occasion}" if s.occasion else ""
            # When each was last saved: what tells two copies of one plan apart.
            # 2026-12-07 09:41, as strftime's "%Y-%m-%d %H:%M" but a fifth of its cost.
            changed = datetime.fromtimestamp(s.changed).isoformat(" ", "minutes")
            lines.append(f"  {s.id}  {day}  {occasion:>3}  {s.state:<8}  {changed}  {s.title}")
    out("\n".join(lines))  # one write: a thousand sessions are not a thousand flushes
    return 0


def show_programme(store: Store, ref: str) -> int:
    programme = store.programme(ref)
    occasions = store.occasions(programme.id)
    out(programme.name)
    for label, value in (("organiser", programme.organiser), ("purpose", programme.purpose)):
        if value:
            out(f"  {label}: {value}")
    if programme.facilitators:
        out(f"  facilitators: {', '.join(programme.facilitators)}")
    out("\noccasions")
    loaded = []
    for summary in occasions:
        day = summary.date.isoformat() if summary.date else "----------"
        out(
            f"  #{summary.occasion or '?'}  {day}  {summary.state:<8}  {summary.title}  ({summary.id})"
        )
        loaded.append(store.load(summary.id))
    out("\nparticipants and their projects")
    for person in programme.participants:
        about = ", ".join(x for x in (person.organisation, person.role) if x)
        out(f"  {person.name}" + (f" ({about})" if about else ""))
        for data in loaded:
            for p in data.presentations:
                if p.participant_id == person.id:
                    out(f"    #{data.session.occasion or '?'}  {p.title or '-'}  [{p.state.value}]")
    return 0


def export_format(given: str | None, output: Path | None) -> str:
    """The format asked for, or the one the output file's extension names; the two must agree."""
    from .exporting import format_of

    named = format_of(output) if output is not None else None
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    if output is not None and suffix and named is None:
        if given is None:
            raise UsageError(
                f"{output.name}: .{suffix} is no format facilitator writes; "
                f"name the file .md, .html, .txt, .json, .docx, .eml or .ics, or give --format"
            )
        return given  # a name of the user's own choosing, with the format said outright
    if output is not None and given is not None and named and named != given:
        raise UsageError(f"--format {given} does not match {output.name} (a .{suffix} file)")
    return given or named or "md"


def export_recap(store: Store, args: argparse.Namespace, settings: Settings) -> int:
    from .model import utc_now

    options = settings.recap_options()  # as the app's preview and export
    args.format = export_format(args.format, args.output)

    if args.format not in RECAP_FORMATS and args.template is not None:
        raise UsageError(f"--template is for the recap formats md, html and txt, not {args.format}")
    if args.programme is not None:
        programme = programme_asked(store, args)
        occasions = [store.load(s.id) for s in store.occasions(programme.id)]
        lang = args.lang or (occasions[0].session.language if occasions else "en")
        if args.format == "ics":
            from .recap.calendar import programme_ics

            write_output(programme_ics(programme, occasions, utc_now(), args.lang), args.output)
            return 0
        if args.format == "docx":
            from .recap import render_programme_docx

            word_needs_a_file(args.output)
            made = render_programme_docx(programme, occasions, lang, utc_now(), options)
            write_output(made, args.output)
            return 0
        from .recap import render_programme

        write_output(
            render_programme(
                programme,
                occasions,
                args.format,
                lang,
                utc_now(),
                template=args.template,
                options=options,
            ),
            args.output,
        )
        return 0
    if not args.session:
        raise UsageError("name a session to export, or --programme")
    session_id = store.resolve(args.session)
    warn_strays(store, session_id)
    data = store.load(session_id)
    if args.format == "docx":
        word_needs_a_file(args.output)
    from .exporting import export, text_of

    lang = args.lang or data.session.language
    now = utc_now()
    if args.output is not None:
        export(data, args.output, args.format, lang, now, args.style, args.template, options)
    else:
        sys.stdout.write(text_of(data, args.format, lang, now, args.style, args.template, options))
    return 0


def programme_asked(store: Store, args: argparse.Namespace) -> Programme:
    """The programme of ``--programme NAME``, or with ``SESSION --programme`` the session's own."""
    if args.format in ("json", "eml"):
        raise UsageError(f"--programme goes without --format {args.format}")
    if args.programme:
        if args.session:
            raise UsageError("--programme NAME goes without a session (or: SESSION --programme)")
        return store.programme(args.programme)
    if not args.session:
        raise UsageError("--programme wants a programme's name, or a session before it")
    session = store.load(store.resolve(args.session)).session
    if session.programme is None:
        from .errors import FacilitatorError

        raise FacilitatorError(f"{session.title}: the session belongs to no programme")
    return store.programme(session.programme.id or session.programme.name)


def word_needs_a_file(output: Path | None) -> None:
    if output is None:
        raise UsageError("a .docx is a file: give -o FILE (recap.docx)")


def write_output(text: str | bytes, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text if isinstance(text, str) else text.decode())
        return
    from .exporting import write

    write(output, text)


def warn_strays(store: Store, session_id: str) -> None:
    from .i18n import t

    for path in store.strays(session_id):
        err(f"facilitator: warning: {t('store.stray', 'en', path=path)}")
