"""The built-in recaps' plain text: how each part looks, wrapped to 78 columns for e-mail."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import layout
from .render import wrap

if TYPE_CHECKING:
    import facilitator.recap.build as build  # the module (the package's `build` is a function)

    from .article import Article, Paragraph, Quote, RoundSaid
    from .programme import ProgrammeRecap, Thread

# Where an agenda row's second line starts: under the block's title.
INDENT = " " * 11


def item(text: str, depth: int = 1) -> str:
    """A list item at ``depth`` (1: "  - ", 2: "    - "), its further lines under its text."""
    lead = "  " * depth
    return wrap(text, indent=lead + "  ", first=lead + "- ") + "\n"


def items(notes: list[build.RecapNote], depth: int = 1) -> str:
    return "".join(item(note.text, depth) for note in notes)


def heading(recap: build.Recap, key: str) -> str:
    return f"\n\n{recap.labels[key].upper()}\n\n"


class PlainText(layout.Layout):
    occasion_rule = "\n\n\n"

    def opening(self, recap: build.Recap, key: str) -> str:
        return heading(recap, key) + wrap(recap.leads[key]) + "\n"

    def head(self, recap: build.Recap) -> str:
        out = [f"{recap.title}\n{'=' * len(recap.title)}\n"]
        if recap.subtitle:
            out.append(wrap(recap.subtitle) + "\n")
        out.append(f"\n{wrap(recap.intro)}\n\n")
        out.extend(
            wrap(f"{label}: {value}", indent="    ") + "\n" for label, value in layout.facts(recap)
        )
        return "".join(out)

    def attendance(self, recap: build.Recap) -> str:
        out = [self.opening(recap, "attendance"), "\n"]
        out.extend(item(who) for who in recap.attended)
        for label, people in layout.attendance_groups(recap):
            out.append("\n" + wrap(f"{label}: {', '.join(people)}") + "\n")
        return "".join(out)

    def agenda(self, recap: build.Recap) -> str:
        ran = recap.labels["ran"]
        return (
            self.opening(recap, "agenda") + "\n" + "".join(_row(row, ran) for row in recap.agenda)
        )

    def pre_assignment(self, recap: build.Recap) -> str:
        out = [heading(recap, "pre_assignment")]
        if recap.leads["pre_assignment"]:
            out.append(wrap(recap.leads["pre_assignment"]) + "\n\n")
        if recap.pre_assignment_result:
            out.append(wrap(recap.pre_assignment_result) + "\n\n")
        out.extend(
            wrap(note.text, indent="  ", first="- ") + "\n" for note in recap.pre_assignment_notes
        )
        return "".join(out)

    def presentation_heading(self, p: build.PresentationItem) -> str:
        return "\n" + wrap(": ".join(layout.presenter_and_title(p.presenter, p.title))) + "\n"

    def outcome(self, text: str) -> str:
        return wrap(f"[{text}]") + "\n"

    def organisation(self, text: str) -> str:
        return wrap(text) + "\n"

    def summary(self, text: str) -> str:
        return wrap(text, indent="  ") + "\n"

    def note_list(self, notes: list[build.RecapNote]) -> str:
        return items(notes)

    def block_points(self, block: build.BlockPoints) -> str:
        groups = (f"  {group.name}:\n" + items(group.notes, 2) for group in block.groups)
        return "\n" + wrap(block.title) + "\n" + items(layout.room_points(block)) + "".join(groups)

    def round_points(self, asked: build.RoundPoints) -> str:
        return "\n" + wrap(asked.prompt) + "\n" + items(asked.answers)

    def quotes(self, recap: build.Recap) -> str:
        out = [self.opening(recap, "quotes"), "\n"]
        for note in recap.quotes:
            said = f" — {note.speaker}" if note.speaker else ""
            out.append(wrap(f"”{note.text}”{said}", indent="  ", first="  ") + "\n")
        return "".join(out)

    def notes(self, recap: build.Recap, key: str, notes: list[build.RecapNote]) -> str:
        out = [self.opening(recap, key), "\n"]
        for note in notes:
            owner = f" — {note.owner}" if note.owner else ""
            out.append(wrap(f"{note.text}{owner}", indent="  ", first="- ") + "\n")
        return "".join(out)

    def homework(self, recap: build.Recap) -> str:
        return (
            heading(recap, "homework") + wrap(f"{recap.leads['homework']} {recap.homework}") + "\n"
        )

    def next_session(self, recap: build.Recap) -> str:
        return heading(recap, "next_session") + wrap(recap.next_session) + "\n"

    def article_head(self, article: Article) -> str:
        subtitle = wrap(article.subtitle) + "\n" if article.subtitle else ""
        return wrap(article.title) + "\n" + subtitle

    def paragraph(self, paragraph: Paragraph) -> str:
        return "\n" + wrap(" ".join(s for s in paragraph.sentences if s)) + "\n"

    def projects(self, projects: list[str]) -> str:
        return "".join(item(project) for project in projects)

    def round_said(self, asked: RoundSaid) -> str:
        said = "\n" + wrap(asked.said) + "\n" if asked.said else ""  # else the paragraph's own
        return said + "".join(item(a) for a in asked.answers)

    def quote(self, quote: Quote, marks: tuple[str, str]) -> str:
        said = f" — {quote.speaker}" if quote.speaker else ""
        return "\n" + wrap(f"{marks[0]}{quote.text}{marks[1]}{said}", indent="    ") + "\n"

    def contact(self, lines: list[str]) -> str:
        return "\n" + "".join(f"{line}\n" for line in lines)

    def programme_head(self, programme: ProgrammeRecap) -> str:
        name = programme.name
        return f"{name}\n{'#' * len(name)}\n\n{wrap(programme.intro)}\n"

    def threads(self, label: str, threads: list[Thread]) -> str:
        out = [f"\n\n{label.upper()}\n"]
        for thread in threads:
            where = f" ({thread.organisation})" if thread.organisation else ""
            out.append("\n" + wrap(thread.name + where) + "\n")
            for step in thread.steps:
                summary = f" — {step.summary}" if step.summary else ""
                notes = f" ({'; '.join(step.notes)})" if step.notes else ""
                out.append(item(f"{step.occasion}: {step.title}{summary}{notes}"))
        return "".join(out)


def _row(row: build.AgendaRow, ran: str) -> str:
    """An agenda row: the plan on one line, what happened on the next."""
    planned = "%s  %-4s %s" % (  # noqa: UP031  (the layout reads best as a format)
        row.planned_start,
        row.planned_minutes,
        f"{row.title} ({row.kind})",
    )
    out = wrap(planned, indent=INDENT, first="") + "\n"
    if row.actual_start:
        took = f", {row.actual_minutes} min" if row.actual_minutes else f" ({row.state})"
        out += f"{INDENT}{ran}: {row.actual_start}{took}\n"
    elif row.skipped:
        out += f"{INDENT}{row.state}\n"
    return out
