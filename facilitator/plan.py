"""Reading a TOML session plan, with a message naming the file and line for every mistake."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from . import limits
from .errors import PlanError
from .i18n import LANGUAGES, ui_language
from .model import (
    Block,
    BlockKind,
    NextSession,
    Participant,
    PreAssignment,
    Presentation,
    Programme,
    Session,
    SessionData,
)
from .records import (
    block_from_record,
    block_to_record,
    presentation_from_record,
    presentation_to_record,
    session_from_record,
    session_to_record,
)

KIND_VALUES = [k.value for k in BlockKind]


def _kind_names() -> dict[str, BlockKind]:
    """A block's kind by any name a plan may use: the file's own or the interface's, in either language."""
    from .i18n import STRINGS

    names = {kind.value: kind for kind in BlockKind}
    for kind in BlockKind:
        for name in STRINGS[f"kind.{kind.value}"]:
            names.setdefault(name.casefold(), kind)
    return names


_KIND_NAMES = _kind_names()
KINDS = (
    ", ".join(KIND_VALUES)
    + " (or in Swedish: "
    + ", ".join(
        name for name, kind in _KIND_NAMES.items() if name not in KIND_VALUES and name.isalpha()
    )
    + ")"
)
Path_ = tuple[str | int, ...]
# A plan is typed by a person: a day of a hundred blocks with long notes is far below this.
PLAN_LIMIT = 16 * 1024 * 1024


def read_plan(path: str | Path, warnings: list[str] | None = None) -> SessionData:
    """The session a plan file describes; raises PlanError listing every mistake.

    What is allowed but likely a slip (two blocks of the same title, a presenter
    twice) is added to ``warnings``, one line each with file and line.
    """
    from .storage import TooLarge, read_limited, unreadable

    path = Path(path)
    try:
        raw = read_limited(path, PLAN_LIMIT)
    except TooLarge as exc:
        raise PlanError(f"{path}: {exc}") from None
    except OSError as exc:
        raise PlanError(f"{path}: {unreadable(exc, 'the plan')}") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PlanError(
            f"{path}: whole file: not UTF-8 text (byte {exc.start}); save it as UTF-8"
        ) from exc
    return parse_plan(text, str(path), warnings)


def parse_plan(text: str, source: str = "<plan>", warnings: list[str] | None = None) -> SessionData:
    text = text.removeprefix("\ufeff")  # the byte-order mark Windows Notepad writes
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PlanError(_toml_message(source, str(exc), text)) from exc
    except RecursionError:
        raise PlanError(f"{source}: whole file: nested too deeply to be a plan") from None
    checker = _Checker(source, _key_lines(text))
    data = checker.session_data(doc)
    if data is not None and not checker.errors:
        checker.storable(data)
    if checker.errors:
        raise PlanError("\n".join(message for _, message in sorted(checker.errors)))
    assert data is not None
    if warnings is not None:
        warnings.extend(message for _, message in sorted(checker.warnings))
    return data


def _toml_message(source: str, message: str, text: str) -> str:
    m = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if m:
        return f"{source}:{m[1]}:{m[2]}: not valid TOML: {message[: m.start()]}"
    m = re.search(r"\s*\(at end of document\)$", message)
    if m:  # an unclosed string or table runs to the end: the last line is where it shows
        last = len(text.rstrip("\n").splitlines()) or 1
        return f"{source}:{last}: not valid TOML: {message[: m.start()]} (at the end of the file)"
    return f"{source}: whole file: not valid TOML: {message}"


def _key_lines(text: str) -> dict[Path_, int]:
    """Where each table and key starts, as (table, [index,] key) -> line number.

    tomllib gives values without positions; this light scan of the text is
    enough to point a message at the right line of an ordinary plan.
    """
    lines: dict[Path_, int] = {}
    counts: dict[str, int] = {}
    current: Path_ = ()
    closing: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if closing is not None:
            if closing in line:
                closing = None
            continue
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if m := re.match(r"\[\[\s*([\w\-]+)\s*\]\]", stripped):
            name = m[1]
            current = (name, counts.get(name, 0))
            counts[name] = counts.get(name, 0) + 1
            lines.setdefault(current, number)
            continue
        if m := re.match(r"\[\s*([\w\-.]+)\s*\]", stripped):
            current = tuple(m[1].split("."))
            lines.setdefault(current, number)
            continue
        if m := re.match(r"([\w\-.]+)\s*=\s*(.*)$", stripped):
            key_path = current + tuple(m[1].split("."))
            lines.setdefault(key_path, number)
            value = m[2]
            for quote in ('"""', "'''"):
                if value.startswith(quote) and value.count(quote) == 1:
                    closing = quote
    return lines


@dataclass
class _Checker:
    source: str
    lines: dict[Path_, int]

    def __post_init__(self) -> None:
        # (line, message): reported in the order of the file
        self.errors: list[tuple[int, str]] = []
        self.warnings: list[tuple[int, str]] = []

    # --- reporting -------------------------------------------------------

    def _line(self, path: Path_) -> int:
        probe = path
        while probe and probe not in self.lines:
            probe = probe[:-1]
        return self.lines.get(probe, 0)

    def _where(self, path: Path_) -> str:
        line = self._line(path)
        return f"{self.source}:{line}" if line else f"{self.source}: whole file"

    def _name(self, path: Path_) -> str:
        if len(path) >= 2 and isinstance(path[1], int):
            rest = ".".join(str(p) for p in path[2:])
            return f"[[{path[0]}]] #{path[1] + 1}" + (f" {rest}" if rest else "")
        return ".".join(str(p) for p in path) or "(top level)"

    def error(self, path: Path_, message: str) -> None:
        self.errors.append(
            (self._line(path), f"{self._where(path)}: {self._name(path)}: {message}")
        )

    def warn(self, path: Path_, message: str) -> None:
        self.warnings.append(
            (self._line(path), f"{self._where(path)}: {self._name(path)}: {message}")
        )

    def storable(self, data: SessionData) -> None:
        """Every part as the store will read it back: the limits of limits.py, checked once.

        What the getters above let through but a stored file may not hold (a
        block of a billion minutes, a date in year 9999…) is refused here, at
        the part's line, so that an accepted plan always opens.
        """
        parts: list[tuple[Path_, Callable[[], object]]] = [
            (("session",), lambda: session_from_record(session_to_record(data.session)))
        ]
        for i, block in enumerate(data.blocks):
            parts.append(
                (("agenda", i), lambda b=block: block_from_record(block_to_record(b)))  # type: ignore[misc]
            )
        for i, talk in enumerate(data.presentations):
            parts.append(
                (
                    ("presentations", i),
                    lambda p=talk: presentation_from_record(presentation_to_record(p)),  # type: ignore[misc]
                )
            )
        for path, check in parts:
            try:
                check()
            except (ValueError, TypeError, KeyError) as exc:
                self.error(path, str(exc))
        self._duplicates(data)

    def _duplicates(self, data: SessionData) -> None:
        """The same block title, or the same presenter, twice: allowed, but said."""
        for table, key, names, says in (
            (
                "agenda",
                "title",
                [b.title for b in data.blocks],
                "the same title as [[agenda]] #{}; two blocks, or one twice?",
            ),
            (
                "presentations",
                "presenter",
                [p.presenter for p in data.presentations],
                "presents already as [[presentations]] #{}",
            ),
        ):
            first: dict[str, int] = {}
            for i, name in enumerate(names):
                if not name.strip():
                    continue  # a project listed without a presenter
                earlier = first.setdefault(name.strip().casefold(), i)
                if earlier != i:
                    self.warn((table, i, key), says.format(earlier + 1))

    # --- typed getters ---------------------------------------------------

    def table(self, doc: dict[str, Any], path: Path_, allowed: set[str]) -> dict[str, Any]:
        for key in doc:
            if key not in allowed:
                self.error(
                    path + (key,), f"unknown key; expected one of {', '.join(sorted(allowed))}"
                )
        return doc

    def text(
        self,
        doc: dict[str, Any],
        path: Path_,
        required: bool = False,
        most: int = limits.NAME_CHARS,
    ) -> str:
        key = path[-1]
        if key not in doc:
            if required:
                self.error(path, "is required (a text)")
            return ""
        value = doc[key]
        if not isinstance(value, str):
            self.error(path, f"must be a text in quotes, got {_show(value)}")
            return ""
        if required and not value.strip():
            self.error(path, "must not be empty")
        if len(value) > most:
            self.error(path, f"may be at most {most:,} characters, got {len(value):,}")
            return ""
        return value

    def minutes(
        self,
        doc: dict[str, Any],
        path: Path_,
        default: int | None = None,
        most: int = limits.BLOCK_MINUTES,
    ) -> int:
        key = path[-1]
        if key not in doc:
            if default is None:
                self.error(path, "is required (whole minutes above 0)")
                return 1
            return default
        value = doc[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(path, f"must be a whole number of minutes, got {_show(value)}")
            return 1
        if value <= 0:
            self.error(path, f"must be above 0 minutes, got {value}")
            return 1
        if value > most:
            self.error(path, f"must be at most {most} minutes, got {value}")
            return 1
        return value

    def day(self, doc: dict[str, Any], path: Path_) -> date | None:
        value = doc.get(str(path[-1]))
        if value is None:
            return None
        if isinstance(value, datetime) or not isinstance(value, date):
            self.error(
                path, f"must be a date written like 2017-11-30 (no quotes), got {_show(value)}"
            )
            return None
        try:
            return limits.day(value)
        except ValueError as exc:
            self.error(path, str(exc))
            return None

    # --- the plan --------------------------------------------------------

    def session_data(self, doc: dict[str, Any]) -> SessionData | None:
        self.table(doc, (), {"programme", "session", "agenda", "presentations", "participants"})
        session_doc = doc.get("session")
        if not isinstance(session_doc, dict):
            self.errors.append(
                (0, f"{self.source}: whole file: a [session] table with a title is required")
            )
            return None
        session = self.session(session_doc)
        programme_doc = doc.get("programme")
        if programme_doc is not None:
            if isinstance(programme_doc, dict):
                session.programme = self.programme(programme_doc)
            else:
                self.error(("programme",), "must be a table: [programme]")
        blocks = [
            self.block(item, ("agenda", i)) for i, item in enumerate(self.array(doc, "agenda"))
        ]
        presentations = [
            self.presentation(item, ("presentations", i))
            for i, item in enumerate(self.array(doc, "presentations"))
        ]
        session.participants = [
            self.participant(item, ("participants", i))
            for i, item in enumerate(self.array(doc, "participants"))
        ]
        link_participants(session, presentations)
        return SessionData(session=session, blocks=blocks, presentations=presentations)

    def participant(self, doc: dict[str, Any], p: Path_) -> Participant:
        self.table(doc, p, {"name", "organisation", "role", "email"})
        return Participant(
            name=self.text(doc, p + ("name",), required=True),
            organisation=self.text(doc, p + ("organisation",)),
            role=self.text(doc, p + ("role",)),
            email=self.checked(doc, p + ("email",), limits.email),
        )

    def checked(self, doc: dict[str, Any], path: Path_, check: Callable[[Any, str], str]) -> str:
        """An optional value kept by one of the rules of limits.py; empty if not given."""
        key = str(path[-1])
        if key not in doc:
            return ""
        try:
            return check(doc[key], "")
        except ValueError as exc:
            self.error(path, str(exc))
            return ""

    def array(self, doc: dict[str, Any], key: str) -> list[dict[str, Any]]:
        value = doc.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.error((key,), f"must be written as [[{key}]] tables")
            return []
        return value

    def programme(self, doc: dict[str, Any]) -> Programme:
        p: Path_ = ("programme",)
        self.table(doc, p, {"name", "organiser", "purpose", "audience", "contact"})
        contact = doc.get("contact", [])
        if not isinstance(contact, list) or not all(isinstance(x, str) for x in contact):
            self.error(
                p + ("contact",), f'must be a list of lines like ["…", "…"], got {_show(contact)}'
            )
            contact = []
        return Programme(
            name=self.text(doc, p + ("name",), required=True),
            organiser=self.text(doc, p + ("organiser",)),
            purpose=self.text(doc, p + ("purpose",), most=limits.LONG_CHARS),
            audience=self.text(doc, p + ("audience",)),
            contact=contact,
        )

    def session(self, doc: dict[str, Any]) -> Session:
        p: Path_ = ("session",)
        self.table(
            doc,
            p,
            {
                "title", "occasion", "theme", "date", "start", "venue", "facilitators",
                "facilitator_organisation", "language", "pre_assignment", "homework", "next_session", "warn_minutes",
                "timezone",
            },
        )  # fmt: skip
        session = Session(
            title=self.text(doc, p + ("title",), required=True),
            theme=self.text(doc, p + ("theme",)),
            date=self.day(doc, p + ("date",)),
            venue=self.text(doc, p + ("venue",)),
            facilitator_organisation=self.text(doc, p + ("facilitator_organisation",)),
            homework=self.text(doc, p + ("homework",), most=limits.LONG_CHARS),
            language=ui_language(),
            timezone=self.checked(doc, p + ("timezone",), limits.time_zone),
        )
        if "occasion" in doc:
            occasion = doc["occasion"]
            if isinstance(occasion, bool) or not isinstance(occasion, int) or occasion <= 0:
                self.error(
                    p + ("occasion",), f"must be a whole number above 0, got {_show(occasion)}"
                )
            else:
                session.occasion = occasion
        if "start" in doc:
            try:
                session.start = limits.clock_time(doc["start"], what="")
            except ValueError as exc:
                self.error(p + ("start",), str(exc))
        if "language" in doc:
            language = doc["language"]
            if language not in LANGUAGES:
                self.error(p + ("language",), f'must be "sv" or "en", got {_show(language)}')
            else:
                session.language = language
        if "facilitators" in doc:
            people = doc["facilitators"]

            # Names, or tables that say where each comes from: { name = "Anna", organisation = "…" }.
            def person(x: Any) -> bool:
                return isinstance(x, str) or (
                    isinstance(x, dict)
                    and set(x) <= {"name", "organisation"}
                    and all(isinstance(v, str) for v in x.values())
                    and bool(str(x.get("name", "")).strip())
                )

            if not isinstance(people, list) or not all(person(x) for x in people):
                self.error(
                    p + ("facilitators",),
                    'must be a list of names like ["Anna", "Peter"], or of tables like '
                    f'{{ name = "Anna", organisation = "…" }}, got {_show(people)}',
                )
            else:
                session.facilitators = [x if isinstance(x, str) else x["name"] for x in people]
                session.facilitator_organisations = {
                    x["name"]: x["organisation"]
                    for x in people
                    if isinstance(x, dict) and x.get("organisation")
                }
        if "pre_assignment" in doc:
            session.pre_assignment = self.pre_assignment(doc["pre_assignment"])
        if "next_session" in doc:
            nxt = doc["next_session"]
            np_ = p + ("next_session",)
            if not isinstance(nxt, dict):
                self.error(np_, 'must be a table like { date = 2018-01-25, venue = "…" }')
            else:
                self.table(nxt, np_, {"date", "venue", "start", "end"})
                session.next_session = NextSession(
                    date=self.day(nxt, np_ + ("date",)),
                    venue=self.text(nxt, np_ + ("venue",)),
                    start=self.checked(nxt, np_ + ("start",), limits.clock_time),
                    end=self.checked(nxt, np_ + ("end",), limits.clock_time),
                )
                following = session.next_session
                if following.end and following.end <= (following.start or session.start):
                    self.error(
                        np_ + ("end",),
                        f"must be after the next occasion's start "
                        f"({following.start or session.start}), got {following.end!r}",
                    )
        if "warn_minutes" in doc:
            try:
                session.warn_minutes = limits.warn_minutes(doc["warn_minutes"])
            except ValueError as exc:
                self.error(p + ("warn_minutes",), str(exc))
        return session

    def pre_assignment(self, value: Any) -> PreAssignment:
        p: Path_ = ("session", "pre_assignment")
        if isinstance(value, str):
            return PreAssignment(task=value)
        if isinstance(value, dict):
            self.table(value, p, {"task", "result"})
            return PreAssignment(
                task=self.text(value, p + ("task",), most=limits.LONG_CHARS),
                result=self.text(value, p + ("result",), most=limits.LONG_CHARS),
            )
        self.error(
            p, f'must be a text or a table {{ task = "…", result = "…" }}, got {_show(value)}'
        )
        return PreAssignment()

    def block(self, doc: dict[str, Any], p: Path_) -> Block:
        self.table(doc, p, {"kind", "title", "minutes", "notes", "pre_assignment"})
        kind_value = doc.get("kind")
        kind = BlockKind.INFO
        if kind_value is None:
            self.error(p + ("kind",), f"is required; one of {KINDS}")
        elif not isinstance(kind_value, str) or kind_value.strip().casefold() not in _KIND_NAMES:
            self.error(p + ("kind",), f"unknown kind {_show(kind_value)}; expected one of {KINDS}")
        else:
            kind = _KIND_NAMES[kind_value.strip().casefold()]
        report = doc.get("pre_assignment", False)
        if not isinstance(report, bool):
            self.error(p + ("pre_assignment",), f"must be true or false, got {_show(report)}")
            report = False
        return Block(
            kind=kind,
            title=self.text(doc, p + ("title",), required=True),
            minutes=self.minutes(doc, p + ("minutes",)),
            notes=self.text(doc, p + ("notes",), most=limits.LONG_CHARS),
            pre_assignment=report,
        )

    def presentation(self, doc: dict[str, Any], p: Path_) -> Presentation:
        self.table(doc, p, {"presenter", "organisation", "title", "summary", "minutes"})
        # A project may be listed without a presenter's name, but not without a title.
        return Presentation(
            presenter=self.text(doc, p + ("presenter",), required="title" not in doc),
            organisation=self.text(doc, p + ("organisation",)),
            title=self.text(doc, p + ("title",)),
            summary=self.text(doc, p + ("summary",), most=limits.LONG_CHARS),
            minutes=self.minutes(doc, p + ("minutes",), default=5, most=limits.SLOT_MINUTES),
        )


def link_participants(session: Session, presentations: list[Presentation]) -> None:
    """Link each presentation to its presenter among the participants, adding who is missing.

    A plan without [[participants]] gets them from its presenters.
    """
    by_name = {p.name.casefold(): p for p in session.participants}
    for presentation in presentations:
        key = presentation.presenter.casefold()
        if not key.strip():
            continue  # a project listed without a presenter
        if key not in by_name:
            by_name[key] = Participant(presentation.presenter, presentation.organisation)
            session.participants.append(by_name[key])
        presentation.participant_id = by_name[key].id


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else repr(value[:37] + "...")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return "a table" if isinstance(value, dict) else "a list"
    return str(value)


def demo_today(now: datetime) -> SessionData:
    """The example session as a day held today, starting at the next quarter hour.

    Opened at any hour, the demo is on time: nothing is late, nothing is due
    yet. (The plan file keeps its own date, for the tests and the docs.)
    """
    data = load_demo()
    run_as_today(data.session, now)
    return data


def run_as_today(session: Session, now: datetime) -> None:
    """Date ``session`` today, starting at the next quarter hour: on time, nothing due yet.

    Its next occasion moves with it, as far after it as planned and at the
    plan's own hours (not years before the day, nor at the hour it was run).
    """
    local = now.astimezone()
    minutes = (local.hour * 60 + local.minute) // 15 * 15 + 15
    if minutes >= 24 * 60:  # past 23:45: now, on the same day (a day not begun is today's)
        minutes = local.hour * 60 + local.minute
    planned, hours = session.date, session.start
    session.date = local.date()
    session.start = f"{minutes // 60:02d}:{minutes % 60:02d}"
    following = session.next_session
    if following is None:
        return
    if not following.start:
        following.start = hours
    if planned and following.date:
        following.date += session.date - planned


def load_demo() -> SessionData:
    """The example session that ships with the program."""
    from .shipped import shipped

    text = shipped("demo.toml").read_text(encoding="utf-8")
    return parse_plan(text, "demo.toml")
