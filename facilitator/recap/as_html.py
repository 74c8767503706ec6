"""The built-in recaps' HTML: standalone pages, every value escaped, the style sheet inside."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import layout

if TYPE_CHECKING:
    import facilitator.recap.build as build  # the module (the package's `build` is a function)

    from .article import Article, Paragraph, Quote, RoundSaid
    from .programme import ProgrammeRecap, Thread, ThreadStep


def e(value: object) -> str:
    """Text made inert in HTML, escaped as a template's autoescape escapes it.

    Replaced mark by mark, the ampersand first: on text beyond ASCII (any
    Swedish note) ``str.translate`` takes its slow way, several times the cost.
    """
    return (
        str(value)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&#34;")
        .replace("'", "&#39;")
    )


def notes_list(notes: list[build.RecapNote]) -> str:
    return "<ul>\n" + "".join(f'<li class="note">{e(n.text)}</li>\n' for n in notes) + "</ul>\n"


def plain_list(lines: list[str]) -> str:
    return "<ul>\n" + "".join(f"<li>{e(x)}</li>\n" for x in lines) + "</ul>\n"


_END = "</section>\n"


class Html(layout.Layout):
    occasion_end = "</article>\n"
    article_end = "</article>\n"
    occasion_rule = "<hr>\n"
    section_end = _END

    def opening(self, recap: build.Recap, key: str) -> str:
        return f"<section>\n<h2>{e(recap.labels[key])}</h2>\n<p>{e(recap.leads[key])}</p>\n"

    def page(self, lang: str, title: str, sheet: str, body: str) -> str:
        return (
            f'<!doctype html>\n<html lang="{e(lang)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{e(title)}</title>\n<style>\n{layout.style_sheet(sheet)}</style>\n</head>\n"
            f"<body>\n{body}</body>\n</html>\n"
        )

    def head(self, recap: build.Recap) -> str:
        out = [f"<article>\n<header>\n<h1>{e(recap.title)}</h1>\n"]
        if recap.subtitle:
            out.append(f'<p class="subtitle">{e(recap.subtitle)}</p>\n')
        out.append(f'</header>\n<p class="intro">{e(recap.intro)}</p>\n<dl class="facts">\n')
        out.extend(
            f"<dt>{e(label)}</dt><dd>{e(value)}</dd>" for label, value in layout.facts(recap)
        )
        out.append("</dl>\n")
        return "".join(out)

    def attendance(self, recap: build.Recap) -> str:
        out = [self.opening(recap, "attendance")]
        if recap.attended:
            out.append(plain_list(recap.attended))
        for label, people in layout.attendance_groups(recap):
            out.append(f"<p>{e(label)}: {', '.join(e(p) for p in people)}</p>\n")
        return "".join(out) + _END

    def agenda(self, recap: build.Recap) -> str:
        heads = "".join(f"<th>{e(recap.labels[h])}</th>" for h in layout.AGENDA_HEADS)
        out = [
            self.opening(recap, "agenda"),
            f"<table>\n<thead><tr>{heads}</tr></thead>\n<tbody>\n",
        ]
        for row in recap.agenda:
            skipped = ' class="skipped"' if row.skipped else ""
            out.append(
                f"<tr{skipped}><td>{e(row.planned_start)}</td><td>{e(row.title)}</td>"
                f'<td>{e(row.kind)}</td><td class="number">{e(row.planned_minutes)} min</td>'
                f'<td class="number">{e(layout.ran(row.actual_start, row.actual_minutes))}</td>'
                f"<td>{e(row.state)}</td></tr>\n"
            )
        return "".join(out) + "</tbody>\n</table>\n" + _END

    def pre_assignment(self, recap: build.Recap) -> str:
        out = [f"<section>\n<h2>{e(recap.labels['pre_assignment'])}</h2>\n"]
        if recap.leads["pre_assignment"]:
            out.append(f"<p>{e(recap.leads['pre_assignment'])}</p>\n")
        if recap.pre_assignment_result:
            out.append(f'<p class="note">{e(recap.pre_assignment_result)}</p>\n')
        if recap.pre_assignment_notes:
            out.append(notes_list(recap.pre_assignment_notes))
        return "".join(out) + _END

    def presentation_heading(self, p: build.PresentationItem) -> str:
        return f"<h3>{e(': '.join(layout.presenter_and_title(p.presenter, p.title)))}</h3>\n"

    def outcome(self, text: str) -> str:
        return f'<p class="outcome"><strong>{e(text)}</strong></p>\n'

    def organisation(self, text: str) -> str:
        return f'<p class="organisation">{e(text)}</p>\n'

    def summary(self, text: str) -> str:
        return f'<p class="note">{e(text)}</p>\n'

    def note_list(self, notes: list[build.RecapNote]) -> str:
        return notes_list(notes)

    def block_points(self, block: build.BlockPoints) -> str:
        # A list of the room's points unless all of them were written in groups.
        room = notes_list(layout.room_points(block)) if not block.groups or block.room else ""
        groups = (f"<h4>{e(g.name)}</h4>\n{notes_list(g.notes)}" for g in block.groups)
        return f"<h3>{e(block.title)}</h3>\n{room}" + "".join(groups)

    def round_points(self, asked: build.RoundPoints) -> str:
        return f"<h3>{e(asked.prompt)}</h3>\n{notes_list(asked.answers)}"

    def quotes(self, recap: build.Recap) -> str:
        out = [self.opening(recap, "quotes")]
        for note in recap.quotes:
            cite = f"<cite>— {e(note.speaker)}</cite>" if note.speaker else ""
            out.append(
                f'<blockquote><span class="note">”{e(note.text)}”</span>{cite}</blockquote>\n'
            )
        return "".join(out) + _END

    def notes(self, recap: build.Recap, key: str, notes: list[build.RecapNote]) -> str:
        out = [self.opening(recap, key), "<ul>\n"]
        for note in notes:
            owner = f" — {e(note.owner)}" if note.owner else ""
            out.append(f'<li class="note">{e(note.text)}{owner}</li>\n')
        return "".join(out) + "</ul>\n" + _END

    def homework(self, recap: build.Recap) -> str:
        said = f"{e(recap.leads['homework'])} {e(recap.homework)}"
        return f"<section>\n<h2>{e(recap.labels['homework'])}</h2>\n<p>{said}</p>\n{_END}"

    def next_session(self, recap: build.Recap) -> str:
        label = e(recap.labels["next_session"])
        return f"<section>\n<h2>{label}</h2>\n<p>{e(recap.next_session)}</p>\n{_END}"

    def article_head(self, article: Article) -> str:
        subtitle = f'<p class="subtitle">{e(article.subtitle)}</p>\n' if article.subtitle else ""
        return f"<article>\n<h1>{e(article.title)}</h1>\n{subtitle}"

    def paragraph(self, paragraph: Paragraph) -> str:
        return f"<p>{e(' '.join(s for s in paragraph.sentences if s))}</p>\n"

    def projects(self, projects: list[str]) -> str:
        return plain_list(projects)

    def round_said(self, asked: RoundSaid) -> str:
        said = (
            f"<p>{e(asked.said)}</p>\n" if asked.said else ""
        )  # else the paragraph's last sentence
        return said + plain_list(asked.answers)

    def quote(self, quote: Quote, marks: tuple[str, str]) -> str:
        cite = f"<cite>— {e(quote.speaker)}</cite>" if quote.speaker else ""
        return f"<blockquote>{e(marks[0])}{e(quote.text)}{e(marks[1])}{cite}</blockquote>\n"

    def contact(self, lines: list[str]) -> str:
        return '<p class="contact">' + "<br>".join(e(c) for c in lines) + "</p>\n"

    def programme_head(self, programme: ProgrammeRecap) -> str:
        return (
            f"<header>\n<h1>{e(programme.name)}</h1>\n"
            f'<p class="intro">{e(programme.intro)}</p>\n</header>\n'
        )

    def threads(self, label: str, threads: list[Thread]) -> str:
        out = [f"<section>\n<h2>{e(label)}</h2>\n"]
        for thread in threads:
            where = (
                f' <span class="organisation">({e(thread.organisation)})</span>'
                if thread.organisation
                else ""
            )
            out.append(f"<h3>{e(thread.name)}{where}</h3>\n<ul>\n")
            out.extend(map(_step, thread.steps))
            out.append("</ul>\n")
        return "".join(out) + _END


def _step(step: ThreadStep) -> str:
    summary = f' — <span class="note">{e(step.summary)}</span>' if step.summary else ""
    notes = f" <em>({'; '.join(e(n) for n in step.notes)})</em>" if step.notes else ""
    return f"<li><strong>{e(step.occasion)}</strong>: {e(step.title)}{summary}{notes}</li>\n"
