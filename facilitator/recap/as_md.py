"""The built-in recaps' Markdown: how each part of the minutes, the article and a programme looks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import layout
from .render import md

if TYPE_CHECKING:
    import facilitator.recap.build as build  # the module (the package's `build` is a function)

    from .article import Article, Paragraph, Quote, RoundSaid
    from .programme import ProgrammeRecap, Thread


def line(text: str) -> str:
    """Text for one line of Markdown: a heading, a table cell, a list item's name."""
    return md(text, inline=True)


def bullets(notes: list[build.RecapNote]) -> str:
    return "".join(f"- {md(note.text)}\n" for note in notes)


class Markdown(layout.Layout):
    occasion_rule = "\n---\n\n"

    def opening(self, recap: build.Recap, key: str) -> str:
        return f"\n## {recap.labels[key]}\n\n{md(recap.leads[key])}\n"

    def head(self, recap: build.Recap) -> str:
        out = [f"# {line(recap.title)}\n\n"]
        if recap.subtitle:
            out.append(f"*{line(recap.subtitle)}*\n\n")
        out.append(f"{md(recap.intro)}\n\n")
        out.extend(f"- **{label}:** {line(value)}\n" for label, value in layout.facts(recap))
        return "".join(out)

    def attendance(self, recap: build.Recap) -> str:
        out = [self.opening(recap, "attendance"), "\n"]
        out.extend(f"- {line(who)}\n" for who in recap.attended)
        for label, people in layout.attendance_groups(recap):
            out.append(f"\n{label}: {', '.join(line(p) for p in people)}\n")
        return "".join(out)

    def agenda(self, recap: build.Recap) -> str:
        heads = " | ".join(recap.labels[h] for h in layout.AGENDA_HEADS)
        out = [self.opening(recap, "agenda"), f"\n| {heads} |\n|---|---|---|---:|---:|---|\n"]
        for row in recap.agenda:
            out.append(
                f"| {row.planned_start} | {line(row.title)} | {row.kind} "
                f"| {row.planned_minutes} min | {layout.ran(row.actual_start, row.actual_minutes)} "
                f"| {row.state} |\n"
            )
        return "".join(out)

    def pre_assignment(self, recap: build.Recap) -> str:
        out = [f"\n## {recap.labels['pre_assignment']}\n\n"]
        if recap.leads["pre_assignment"]:
            out.append(f"{md(recap.leads['pre_assignment'])}\n\n")
        if recap.pre_assignment_result:
            out.append(f"{md(recap.pre_assignment_result)}\n\n")
        out.append(bullets(recap.pre_assignment_notes))
        return "".join(out)

    def presentation_heading(self, p: build.PresentationItem) -> str:
        return f"\n### {': '.join(line(x) for x in layout.presenter_and_title(p.presenter, p.title))}\n\n"

    def outcome(self, text: str) -> str:
        return f"**{line(text)}**\n\n"

    def organisation(self, text: str) -> str:
        return f"*{line(text)}*\n\n"

    def summary(self, text: str) -> str:
        return f"{md(text)}\n\n"

    def note_list(self, notes: list[build.RecapNote]) -> str:
        return bullets(notes)

    def block_points(self, block: build.BlockPoints) -> str:
        out = [f"\n### {line(block.title)}\n\n{bullets(layout.room_points(block))}"]
        out.extend(f"\n#### {line(g.name)}\n\n{bullets(g.notes)}" for g in block.groups)
        return "".join(out)

    def round_points(self, asked: build.RoundPoints) -> str:
        return f"\n### {line(asked.prompt)}\n\n{bullets(asked.answers)}"

    def quotes(self, recap: build.Recap) -> str:
        out = [self.opening(recap, "quotes"), "\n"]
        for note in recap.quotes:
            said = f" — {line(note.speaker)}" if note.speaker else ""
            out.append(f"> ”{md(note.text)}”{said}\n\n")
        return "".join(out)

    def notes(self, recap: build.Recap, key: str, notes: list[build.RecapNote]) -> str:
        out = [self.opening(recap, key), "\n"]
        for note in notes:
            owner = f" — {line(note.owner)}" if note.owner else ""
            out.append(f"- {md(note.text)}{owner}\n")
        return "".join(out)

    def homework(self, recap: build.Recap) -> str:
        lead = md(recap.leads["homework"])
        return f"\n## {recap.labels['homework']}\n\n{lead} {md(recap.homework)}\n"

    def next_session(self, recap: build.Recap) -> str:
        return f"\n## {recap.labels['next_session']}\n\n{md(recap.next_session)}\n"

    def article_head(self, article: Article) -> str:
        subtitle = f"\n*{line(article.subtitle)}*\n" if article.subtitle else ""
        return f"# {line(article.title)}\n{subtitle}"

    def paragraph(self, paragraph: Paragraph) -> str:
        return "\n" + " ".join(line(s) for s in paragraph.sentences if s) + "\n"

    def projects(self, projects: list[str]) -> str:
        return "\n" + "".join(f"- {line(project)}\n" for project in projects)

    def round_said(self, asked: RoundSaid) -> str:
        said = f"\n{line(asked.said)}\n" if asked.said else ""  # else the paragraph's last sentence
        return said + "\n" + "".join(f"- {line(a)}\n" for a in asked.answers)

    def quote(self, quote: Quote, marks: tuple[str, str]) -> str:
        said = f" — {line(quote.speaker)}" if quote.speaker else ""
        return f"\n> {marks[0]}{line(quote.text)}{marks[1]}{said}\n"

    def contact(self, lines: list[str]) -> str:
        return "\n" + "  \n".join(line(c) for c in lines) + "\n"

    def programme_head(self, programme: ProgrammeRecap) -> str:
        return f"# {line(programme.name)}\n\n{md(programme.intro)}\n"

    def threads(self, label: str, threads: list[Thread]) -> str:
        out = [f"\n## {label}\n"]
        for thread in threads:
            where = f" ({line(thread.organisation)})" if thread.organisation else ""
            out.append(f"\n### {line(thread.name)}{where}\n\n")
            for step in thread.steps:
                summary = f" — {line(step.summary)}" if step.summary else ""
                notes = f" ({'; '.join(line(n) for n in step.notes)})" if step.notes else ""
                out.append(f"- **{line(step.occasion)}:** {line(step.title)}{summary}{notes}\n")
        return "".join(out)
