"""The recap of a programme: each participant's project across the occasions, then every occasion's recap.

Its own module: only an export with ``--programme`` needs these classes, and a
NamedTuple costs about 0.15 ms to define at every import.
"""

# Without `from __future__ import annotations`, on purpose: see build.py.
from datetime import datetime
from typing import NamedTuple

from ..i18n import long_date, t
from ..model import (
    PLAIN,
    NoteKind,
    PresentationState,
    Programme,
    RecapOptions,
    SessionData,
    in_recap,
)
from .build import Recap, build
from .sentences import capitalised, ended, number, verb_phrase


class ThreadStep(NamedTuple):
    occasion: str
    title: str
    summary: str
    notes: list[str]


class Thread(NamedTuple):
    """One participant's project, occasion by occasion."""

    name: str
    organisation: str
    steps: list[ThreadStep]


class ProgrammeRecap(NamedTuple):
    lang: str
    name: str
    intro: str
    labels: dict[str, str]
    threads: list[Thread]
    occasions: list[Recap]


def build_programme(
    programme: Programme,
    occasions: list[SessionData],
    lang: str,
    now: datetime,
    options: RecapOptions = PLAIN,
) -> ProgrammeRecap:
    """Every occasion's recap in order, and each participant's project across them."""
    threads = []
    for person in programme.participants:
        steps = []
        for data in occasions:
            notes_of: dict[str, list[str]] = {p.id: [] for p in data.presentations}
            for note in filter(in_recap, data.notes):
                if note.presentation_id in notes_of and note.kind in (
                    NoteKind.POINT,
                    NoteKind.QUESTION,
                ):
                    notes_of[note.presentation_id].append(" ".join(note.text.split()))
            for p in data.presentations:
                if p.participant_id == person.id and p.state is not PresentationState.ABSENT:
                    occasion = t("session.occasion", lang, n=data.session.occasion or "?")
                    steps.append(ThreadStep(occasion, p.title, p.summary, notes_of[p.id]))
        if steps:
            threads.append(Thread(person.name, person.organisation, steps))
    days = [d.session.date for d in occasions if d.session.date]
    # "Fyra tillfällen, från …": the count in words, and one occasion is one ("Ett tillfälle").
    one = ".one" if len(occasions) == 1 else ""
    count = capitalised(number(len(occasions), lang))
    if days:
        opening = t(
            "recap.programme.intro_dates" + one,
            lang,
            count=count,
            first=long_date(min(days), lang),
            last=long_date(max(days), lang),
        )
    else:
        opening = t("recap.programme.intro" + one, lang, count=count)
    if programme.purpose:
        opening += " " + ended(
            t("recap.intro.purpose", lang, purpose=verb_phrase(programme.purpose))
        )
    return ProgrammeRecap(
        lang=lang,
        name=programme.name,
        intro=opening,
        labels={"threads": t("recap.programme.threads", lang)},
        threads=threads,
        occasions=[build(d, lang, now, options) for d in occasions],
    )
