"""English and Swedish words for everything the program shows, and dates in each."""

from __future__ import annotations

import os
from datetime import date

LANGUAGES = ("en", "sv")

# key -> (English, Swedish). Every label the interface shows comes from here.
STRINGS: dict[str, tuple[str, str]] = {
    "app.title": ("facilitator", "facilitator"),
    "app.no_session": (
        "No session open. Run `facilitator demo`, `facilitator new TITLE` or "
        "`facilitator import PLAN` in a shell, then open it.",
        "Ingen session öppen. Kör `facilitator demo`, `facilitator new TITEL` eller "
        "`facilitator import PLAN` i ett skal och öppna den sedan.",
    ),
    "key.quit": ("Quit", "Avsluta"),
    "key.language": ("Svenska", "English"),
    "agenda.mode": ("Agenda", "Agenda"),
    "agenda.heading": ("Agenda", "Agenda"),
    "agenda.col.start": ("Start", "Start"),
    "agenda.col.minutes": ("Min", "Min"),
    "agenda.col.kind": ("Kind", "Typ"),
    "agenda.col.title": ("Block", "Pass"),
    "agenda.col.state": ("State", "Läge"),
    "agenda.empty": ("No blocks on the agenda yet.", "Inga pass på agendan än."),
    "agenda.ends": ("ends {time}", "slutar {time}"),
    "session.occasion": ("occasion {n}", "tillfälle {n}"),
    "session.no_date": ("no date set", "inget datum satt"),
    "session.facilitators": ("Led by {names}", "Leds av {names}"),
    "action.language": ("Language", "Språk"),
    "action.language.help": (
        "Switch the interface between English and Swedish",
        "Växla gränssnittet mellan engelska och svenska",
    ),
    "action.agenda.help": ("Show the agenda", "Visa agendan"),
    "toast.language": ("Interface in English", "Gränssnittet på svenska"),
    "kind.recap": ("recap", "återblick"),
    "kind.theory": ("theory", "teori"),
    "kind.discussion": ("discussion", "diskussion"),
    "kind.presentations": ("presentations", "presentationer"),
    "kind.break": ("break", "paus"),
    "kind.exercise": ("exercise", "övning"),
    "kind.info": ("info", "information"),
    "kind.wrapup": ("wrap-up", "avslutning"),
    "state.planned": ("planned", "planerad"),
    "state.running": ("running", "pågår"),
    "state.paused": ("paused", "pausad"),
    "state.done": ("done", "klar"),
    "state.skipped": ("skipped", "hoppad över"),
}

_MONTHS = {
    "en": (
        "January February March April May June July August September October November December"
    ).split(),
    "sv": "januari februari mars april maj juni juli augusti september oktober november december".split(),
}


def ui_language(environ: dict[str, str] | None = None) -> str:
    """Swedish when the locale says so (LC_ALL, LC_MESSAGES, LANG), else English."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return "sv" if value.lower().startswith("sv") else "en"
    return "en"


def t(key: str, lang: str, **values: object) -> str:
    english, swedish = STRINGS[key]
    text = swedish if lang == "sv" else english
    return text.format(**values) if values else text


def long_date(day: date, lang: str) -> str:
    """30 November 2017 / 30 november 2017."""
    return f"{day.day} {_MONTHS['sv' if lang == 'sv' else 'en'][day.month - 1]} {day.year}"
