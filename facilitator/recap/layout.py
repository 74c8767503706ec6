"""What every built-in recap format shares: the order of the parts, and when a part is shown.

A format (``as_md``, ``as_html``, ``as_txt``, and ``word`` for the minutes
in .docx) says how each part looks; this module says which parts a recap, an
article and a programme have, in which order, and which are left out. So a new
section, or a new order, is written once and every format follows it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # types only: the article's module is imported when an article is asked for
    import facilitator.recap.build as build  # the module (the package's `build` is a function)

    from .article import Article, Paragraph, Quote, RoundSaid
    from .programme import ProgrammeRecap, Thread

T = TypeVar("T")
# The sections of notes that follow the quotes, by label key, in order.
NOTE_SECTIONS = ("decisions", "actions", "questions", "information", "other_points")
# The facts under the title, by label key, in order.
FACTS = ("date", "venue", "facilitators")
# The agenda table's columns, by label key.
AGENDA_HEADS = ("start", "block", "kind", "planned", "ran", "state")


def facts(recap: build.Recap) -> list[tuple[str, str]]:
    """The facts under the title that the recap has, as (label, value)."""
    return [(recap.labels[key], getattr(recap, key)) for key in FACTS if getattr(recap, key)]


def note_sections(recap: build.Recap) -> list[tuple[str, list[build.RecapNote]]]:
    """The sections of notes after the quotes that have notes, as (label key, notes)."""
    return [(key, getattr(recap, key)) for key in NOTE_SECTIONS if getattr(recap, key)]


def attendance_groups(recap: build.Recap) -> list[tuple[str, list[str]]]:
    """Those late, absent and not marked, each group that has anyone, as (label, people)."""
    labels = recap.labels
    groups = (
        (labels["late"], recap.late),
        (labels["absent"], recap.absent),
        (labels["unmarked"], recap.unmarked),
    )
    return [(label, people) for label, people in groups if people]


def ran(row_start: str, row_minutes: str) -> str:
    """ "09:02, 22 min", "09:02" for one still running, or nothing for one that did not run."""
    if not row_start:
        return ""
    return f"{row_start}, {row_minutes} min" if row_minutes else row_start


def room_points(block: build.BlockPoints) -> list[build.RecapNote]:
    """A block's points outside any group: all of them when nobody worked in groups."""
    return block.room if block.groups else block.notes


def presenter_and_title(presenter: str, title: str) -> list[str]:
    """The parts of a presentation's heading that are there."""
    return [x for x in (presenter, title) if x]


def style_sheet(name: str) -> str:
    """A shipped style sheet's text, put inside each HTML page (the example templates include the same file)."""
    from ..shipped import shipped

    return shipped("recap", name).read_text(encoding="utf-8")


class Layout:
    """One format's look of each part; the parts, their order and their conditions are here.

    A format overrides every part method; ``page`` wraps a whole document
    (HTML makes it a page with its style sheet), and the ``*_end`` and
    ``occasion_rule`` strings close and separate what needs it.
    """

    occasion_end = ""  # after one occasion's recap
    article_end = ""  # after the article's last paragraph
    occasion_rule = ""  # before each occasion in a programme
    section_end = ""  # after a section of the minutes

    # --- the three documents

    def minutes(self, recap: build.Recap) -> str:
        return self.page(recap.lang, recap.title, "recap.css", self.occasion(recap))

    def article(self, article: Article) -> str:
        out = [self.article_head(article)]
        for paragraph in article.paragraphs:
            out.append(self.paragraph(paragraph))
            if paragraph.projects:
                out.append(self.projects(paragraph.projects))
            out.extend(self.round_said(asked) for asked in paragraph.rounds)
            out.extend(self.quote(q, article.quote_marks) for q in paragraph.quotes)
        if article.contact:
            out.append(self.contact(article.contact))
        out.append(self.article_end)
        return self.page(article.lang, article.title, "article.css", "".join(out))

    def programme(self, programme: ProgrammeRecap) -> str:
        out = [self.programme_head(programme)]
        if programme.threads:
            out.append(self.threads(programme.labels["threads"], programme.threads))
        out.extend(self.occasion_rule + self.occasion(recap) for recap in programme.occasions)
        return self.page(programme.lang, programme.name, "recap.css", "".join(out))

    def occasion(self, recap: build.Recap) -> str:
        """One occasion's recap: the minutes' body, alone or in a programme."""
        out = [self.head(recap)]
        if recap.attended or recap.late or recap.absent:
            out.append(self.attendance(recap))
        if recap.agenda:
            out.append(self.agenda(recap))
        if recap.has_pre_assignment:
            out.append(self.pre_assignment(recap))
        if recap.presentations:
            out.append(self.presentations(recap))
        if recap.key_points:
            out.append(self.key_points(recap))
        if recap.rounds:
            out.append(self.rounds(recap))
        if recap.quotes:
            out.append(self.quotes(recap))
        out.extend(self.notes(recap, key, notes) for key, notes in note_sections(recap))
        if recap.homework:
            out.append(self.homework(recap))
        if recap.next_session:
            out.append(self.next_session(recap))
        out.append(self.occasion_end)
        return "".join(out)

    def page(self, lang: str, title: str, sheet: str, body: str) -> str:
        return body

    # --- the minutes' parts, each called only when the recap has something for it

    def opening(self, recap: build.Recap, key: str) -> str:
        """A section's start: its heading and the sentence that leads into it."""
        raise NotImplementedError

    def head(self, recap: build.Recap) -> str:
        raise NotImplementedError

    def attendance(self, recap: build.Recap) -> str:
        raise NotImplementedError

    def agenda(self, recap: build.Recap) -> str:
        raise NotImplementedError

    def pre_assignment(self, recap: build.Recap) -> str:
        raise NotImplementedError

    def presentations(self, recap: build.Recap) -> str:
        return self.listed(recap, "presentations", self.presentation, recap.presentations)

    def key_points(self, recap: build.Recap) -> str:
        return self.listed(recap, "key_points", self.block_points, recap.key_points)

    def rounds(self, recap: build.Recap) -> str:
        return self.listed(recap, "rounds", self.round_points, recap.rounds)

    def listed(self, recap: build.Recap, key: str, part: Callable[[T], str], items: list[T]) -> str:
        """A section: its opening, then each of ``items`` as ``part`` lays it out, in that order."""
        opening = self.opening(recap, key)  # first: Word writes as it goes
        return opening + "".join(map(part, items)) + self.section_end

    def presentation(self, p: build.PresentationItem) -> str:
        """A presentation's heading, then those of its outcome, organisation, summary and notes it has."""
        out = [self.presentation_heading(p)]
        if p.outcome:
            out.append(self.outcome(p.outcome))
        if p.organisation:
            out.append(self.organisation(p.organisation))
        if p.summary:
            out.append(self.summary(p.summary))
        if p.notes:
            out.append(self.note_list(p.notes))
        return "".join(out)

    def presentation_heading(self, p: build.PresentationItem) -> str:
        raise NotImplementedError

    def outcome(self, text: str) -> str:
        raise NotImplementedError

    def organisation(self, text: str) -> str:
        raise NotImplementedError

    def summary(self, text: str) -> str:
        raise NotImplementedError

    def note_list(self, notes: list[build.RecapNote]) -> str:
        raise NotImplementedError

    def block_points(self, block: build.BlockPoints) -> str:
        raise NotImplementedError

    def round_points(self, asked: build.RoundPoints) -> str:
        raise NotImplementedError

    def quotes(self, recap: build.Recap) -> str:
        raise NotImplementedError

    def notes(self, recap: build.Recap, key: str, notes: list[build.RecapNote]) -> str:
        raise NotImplementedError

    def homework(self, recap: build.Recap) -> str:
        raise NotImplementedError

    def next_session(self, recap: build.Recap) -> str:
        raise NotImplementedError

    # --- the article's parts

    def article_head(self, article: Article) -> str:
        raise NotImplementedError

    def paragraph(self, paragraph: Paragraph) -> str:
        raise NotImplementedError

    def projects(self, projects: list[str]) -> str:
        raise NotImplementedError

    def round_said(self, asked: RoundSaid) -> str:
        raise NotImplementedError

    def quote(self, quote: Quote, marks: tuple[str, str]) -> str:
        raise NotImplementedError

    def contact(self, lines: list[str]) -> str:
        raise NotImplementedError

    # --- the programme's parts

    def programme_head(self, programme: ProgrammeRecap) -> str:
        raise NotImplementedError

    def threads(self, label: str, threads: list[Thread]) -> str:
        raise NotImplementedError
