"""The limits every value keeps, wherever it comes from: a plan, a JSON import, a form, a stored file.

Each check returns the value or raises ``ValueError`` with a short English
message (what is expected, and what was found); callers add where (a file and
line, a record) and turn it into their own error.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime
from typing import Any

BLOCK_MINUTES = 24 * 60  # a block fits in a day
SLOT_MINUTES = 240  # a presentation slot
WARNINGS = 10  # warning times a session may have, each within a block's length
FIRST_YEAR, LAST_YEAR = 1900, 2200
NAME_CHARS = 1_000  # titles, names, organisations, venues
LONG_CHARS = 100_000  # summaries, facilitator notes, pre-assignment, homework
NOTE_CHARS = 1_000_000
GROUP_CHARS = 40  # a table's name in a group discussion: "Grupp 2", "Bord vid fönstret"
DAY_SECONDS = 24 * 3600
_CLOCK = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


def whole(value: Any, low: int, high: int, what: str = "minutes") -> int:
    """A whole number from ``low`` to ``high``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{what} must be a whole number, got {_show(value)}")
    if not low <= value <= high:
        raise ValueError(f"{what} must be from {low} to {high}, got {value}")
    return value


def block_minutes(value: Any) -> int:
    return whole(value, 1, BLOCK_MINUTES)


def slot_minutes(value: Any) -> int:
    return whole(value, 1, SLOT_MINUTES)


def warn_minutes(value: Any) -> list[int]:
    """Warning times: a list of 1 to 10 whole minutes within a day, largest first."""
    if not isinstance(value, list) or not 1 <= len(value) <= WARNINGS:
        raise ValueError(
            f"warning times must be a list of 1 to {WARNINGS} whole minutes like [5, 1], "
            f"got {_show(value)}"
        )
    return sorted({whole(m, 1, BLOCK_MINUTES, "a warning time") for m in value}, reverse=True)


def seconds(value: Any, low: float, high: float, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{what} must be a number of seconds, got {_show(value)}")
    if not low <= value <= high:
        raise ValueError(f"{what} must be from {low:g} to {high:g} seconds, got {value:g}")
    return float(value)


def moment(value: datetime) -> datetime:
    """A time with its zone (as ``fromisoformat`` reads one), in the years the program can show and count with.

    Such a time always has its moment in UTC (``timestamp`` is sums, not the
    system's clock functions): its zone and its year are all there is to check,
    for each note of a day as it is read.
    """
    if value.tzinfo is None:
        raise ValueError(f"time without a time zone: {value.isoformat()}")
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        day(value.date())  # says which date, and the years allowed
    return value


def day(value: date) -> date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(
            f"dates must be from the years {FIRST_YEAR} to {LAST_YEAR}, got {value.isoformat()}"
        )
    return value


def clock_time(value: Any, what: str = "start") -> str:
    """A time of day typed as H:MM or HH:MM (00:00-23:59), written back as HH:MM."""
    match = _CLOCK.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        said = f"{what} must" if what else "must"
        raise ValueError(f'{said} be a time like "09:00" (00:00-23:59), got {_show(value)}')
    return f"{int(match[1]):02d}:{match[2]}"


def time_zone(value: Any, what: str = "timezone") -> str:
    """A time zone's IANA name ("Europe/Stockholm"), one this machine's zone database knows."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    said = f"{what} must" if what else "must"
    try:
        if not isinstance(value, str) or not value.strip():
            raise ValueError
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(
            f'{said} name a time zone like "Europe/Stockholm", got {_show(value)}'
        ) from None
    return value


# One address, as a mail program takes it in To: no spaces, commas, brackets or quotes.
_ADDRESS = re.compile(r"[^\s@,;:<>()\[\]\"\\]+@[^\s@,;:<>()\[\]\"\\.]+(\.[^\s@,;:<>()\[\]\"\\.]+)+")
ADDRESS_CHARS = 254  # the longest address a mail server takes (RFC 5321's path, less its brackets)


def email(value: Any, what: str = "email") -> str:
    """An e-mail address written plainly, like anna.lind@example.se (no name, no brackets)."""
    said = f"{what} must" if what else "must"
    address = value.strip() if isinstance(value, str) else ""
    if address and not address.isascii():
        raise ValueError(
            f"{said} be written in plain letters (a-z, no å, ä, ö), got {_show(value)}"
        )
    if len(address) > ADDRESS_CHARS or _ADDRESS.fullmatch(address) is None:
        raise ValueError(f"{said} be an address like anna@example.se, got {_show(value)}")
    return address


def text(value: Any, most: int, what: str = "text") -> str:
    if not isinstance(value, str):
        raise ValueError(f"{what} must be a text, got {_show(value)}")
    if len(value) > most:
        raise ValueError(f"{what} may be at most {most:,} characters, got {len(value):,}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate: bytes that were never text
        raise ValueError(f"{what} is not valid text (at character {exc.start})") from None
    return value


def group(value: Any) -> str:
    """A group's name as typed: one line, its spaces made single, at most GROUP_CHARS."""
    name = " ".join(text(value, NOTE_CHARS, "a group").split())
    if len(name) > GROUP_CHARS:
        raise ValueError(f"a group's name may be at most {GROUP_CHARS} characters, got {len(name)}")
    if any(not ch.isprintable() for ch in name):
        raise ValueError("a group's name must be plain text on one line")
    return name


def group_key(name: str) -> str:
    """What makes two groups' names the same to a reader: composed alike (NFKC, so a
    full-width "２" is a "2"), case folded, spaces single. The name shown stays as typed."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _show(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "…"
