"""The next occasion, or a programme's every dated occasion, as an iCalendar file (RFC 5545)."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..errors import FacilitatorError
from ..i18n import t
from ..model import Programme, Session, SessionData
from ..safetext import inert

PRODID = "-//facilitator//recap//EN"
MEDIA_TYPE = "text/calendar"


class NoOccasion(FacilitatorError):
    """Nothing to put in a calendar: no next occasion, or none with a date."""


@dataclass(frozen=True)
class Occasion:
    """One occasion as a calendar shows it: when and where, what it is, what to bring."""

    number: int
    day: date
    start: str  # HH:MM, on the session's wall clock
    minutes: int  # its length; 0: not known (the event is a moment)
    venue: str
    summary: str
    description: str
    uid: str
    zone: tzinfo | None  # the session's time zone; None: the machine's, which has no name


def next_occasion(data: SessionData, lang: str | None = None) -> Occasion | None:
    """The session's next occasion, if it has one with a date; None if not.

    It starts at ``next_session.start``, else at this session's start, and ends
    at ``next_session.end``, else as long after its start as this day's agenda.
    """
    s = data.session
    following = s.next_session
    if following is None or following.date is None:
        return None
    lang = lang or s.language
    number = (s.occasion or 1) + 1
    start = following.start or s.start
    if following.end:
        minutes = _minutes_between(start, following.end)
    else:
        minutes = sum(b.minutes for b in data.blocks)
    return Occasion(
        number=number,
        day=following.date,
        start=start,
        minutes=minutes,
        venue=following.venue,
        summary=_summary(s, number, lang),
        description=_labelled("recap.label.homework", s.homework, lang),
        uid=_uid(s, number),
        zone=zone_of(s),
    )


def programme_occasions(
    programme: Programme, occasions: list[SessionData], lang: str | None = None
) -> list[Occasion]:
    """Every dated occasion of a programme, in order: those in the store, then the last one's next.

    The next occasion of the last one is there only when it is not in the store
    yet (prepared with `facilitator next`): one event per occasion, never two.
    """
    found: dict[int, Occasion] = {}
    for data in occasions:
        s = data.session
        language = lang or s.language
        if s.date is None or s.occasion is None or s.occasion in found:
            continue
        found[s.occasion] = Occasion(
            number=s.occasion,
            day=s.date,
            start=s.start,
            minutes=sum(b.minutes for b in data.blocks),
            venue=s.venue,
            summary=_summary(s, s.occasion, language, programme.name),
            description=_labelled("recap.label.pre_assignment", s.pre_assignment.task, language),
            uid=_uid(s, s.occasion, programme.name),
            zone=zone_of(s),
        )
    if occasions:
        following = next_occasion(occasions[-1], lang)
        if following is not None and following.number not in found:
            found[following.number] = following
    return [found[number] for number in sorted(found)]


def session_ics(data: SessionData, now: datetime, lang: str | None = None) -> bytes:
    """The session's next occasion as a calendar of one event; ``NoOccasion`` if it has none.

    Its UID follows from the programme (or the session) and the occasion's
    number, so an export made again, or sent again, updates the same event.
    """
    occasion = next_occasion(data, lang)
    if occasion is None:
        raise NoOccasion.of("calendar.no_next")
    return calendar_of([occasion], now)


def programme_ics(
    programme: Programme, occasions: list[SessionData], now: datetime, lang: str | None = None
) -> bytes:
    """A programme's dated occasions as one calendar, an event each; ``NoOccasion`` if none."""
    found = programme_occasions(programme, occasions, lang)
    if not found:
        raise NoOccasion.of("calendar.no_dated", programme=programme.name)
    return calendar_of(found, now)


def calendar_of(occasions: list[Occasion], now: datetime) -> bytes:
    """The occasions as an iCalendar file; times in each one's zone (with its VTIMEZONE), else UTC.

    The library folds long lines, escapes commas and semicolons, and builds the
    VTIMEZONE from the zone database: the parts of RFC 5545 easy to get wrong.
    """
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    for occasion in occasions:
        zone = occasion.zone
        start = _wall_clock(occasion.day, occasion.start, zone)
        event = Event()
        event.add("uid", occasion.uid)
        event.add("dtstamp", now.astimezone(UTC))
        event.add("dtstart", start)
        if occasion.minutes:
            event.add("dtend", _wall_clock_after(start, occasion.minutes, zone))
        event.add("summary", inert(occasion.summary))
        if occasion.venue:
            event.add("location", inert(occasion.venue))
        if occasion.description:
            event.add("description", inert(occasion.description))
        calendar.add_component(event)
    if any(o.zone is not None for o in occasions):
        days = [o.day for o in occasions]
        # The zone's rules over the years the events fall in, not fifty years of them.
        calendar.add_missing_timezones(
            first_date=date(min(days).year, 1, 1), last_date=date(max(days).year + 1, 12, 31)
        )
    return bytes(calendar.to_ical())


def zone_of(session: Session) -> tzinfo | None:
    """The session's time zone: its own, else the machine's; None if the machine's has no name."""
    if session.timezone:
        return ZoneInfo(session.timezone)  # checked when it was read
    return machine_zone()


def machine_zone() -> ZoneInfo | None:
    """This machine's time zone by its IANA name, where the system says it; else None.

    Looked for where Linux and macOS keep it: $TZ, /etc/timezone, and the zone
    file /etc/localtime links to. Windows has no such name at hand: None, and
    the times go out in UTC, the same moments.
    """
    candidates = [os.environ.get("TZ", "").removeprefix(":")]
    try:
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    except (OSError, UnicodeDecodeError):
        pass
    try:
        target = str(Path("/etc/localtime").resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except (OSError, RuntimeError):
        pass
    for name in candidates:
        if name and not name.startswith("/"):
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError, OSError):
                continue
    return None


def _wall_clock(day: date, hhmm: str, zone: tzinfo | None) -> datetime:
    hours, minutes = (int(part) for part in hhmm.split(":"))
    local = datetime.combine(day, time(hours, minutes))
    if zone is None:  # the machine's own zone, unnamed: the same moment in UTC
        return local.astimezone().astimezone(UTC)
    return local.replace(tzinfo=zone)


def _wall_clock_after(start: datetime, minutes: int, zone: tzinfo | None) -> datetime:
    """``minutes`` of real time after ``start``, on the same zone's clock (a DST night counts right)."""
    moment = start.astimezone(UTC) + timedelta(minutes=minutes)
    return moment if zone is None else moment.astimezone(zone)


def _minutes_between(start: str, end: str) -> int:
    def minutes(hhmm: str) -> int:
        hours, mins = hhmm.split(":")
        return int(hours) * 60 + int(mins)

    return max(0, minutes(end) - minutes(start))


def _summary(s: Session, number: int, lang: str, programme: str = "") -> str:
    """ "Innovationsledarskap för enhetschefer, tillfälle 3": the programme (or session) and occasion."""
    name = programme or (s.programme.name if s.programme else s.title)
    return f"{name}, {t('session.occasion', lang, n=number)}"


def _labelled(key: str, text: str, lang: str) -> str:
    return f"{t(key, lang)}: {text.strip()}" if text.strip() else ""


def _uid(s: Session, number: int, programme: str = "") -> str:
    """The same UID for the same occasion, whichever store or export it comes from.

    Named by the programme's name (the store joins occasions by it too), or for a
    session without one by its title and date; never by a store's random ids, so
    a plan imported again on another laptop still updates the same event.
    """
    programme = programme or (s.programme.name if s.programme else "")
    if programme:
        identity = f"programme\0{programme.casefold()}\0{number}"
    else:
        day = s.date.isoformat() if s.date else ""
        identity = f"session\0{s.title.casefold()}\0{day}\0{number}"
    digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32]
    return f"{digest}@facilitator"
