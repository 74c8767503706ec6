"""The built-in recaps written in plain Python: Markdown, HTML and plain text.

These are the layouts every export uses when no ``--template`` is given, so an
export never pays for importing Jinja2. The sentences come from ``build`` and
``article`` (and the words from ``i18n``); this module only lays them out.

The Jinja2 templates in ``data/recap/`` lay them out the same way, byte for
byte (a test holds them to it), for people who start a template of their own
from one. The style sheets are one file each, read by both.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .build import ProgrammeRecap, Recap, RecapNote

if TYPE_CHECKING:  # the minutes need none of it: imported by render for the article only
    from .article import Article

# The sections of notes that follow the quotes, by label key, in order.
NOTE_SECTIONS = ("decisions", "actions", "questions", "information", "other_points")


def _sections(recap: Recap) -> list[tuple[str, list[RecapNote]]]:
    return [(key, getattr(recap, key)) for key in NOTE_SECTIONS if getattr(recap, key)]


def _groups(recap: Recap) -> list[tuple[str, list[str]]]:
    labels = recap.labels
    return [
        (label, people)
        for label, people in (
            (labels["late"], recap.late),
            (labels["absent"], recap.absent),
            (labels["unmarked"], recap.unmarked),
        )
        if people
    ]


def _ran(row_start: str, row_minutes: str) -> str:
    """ "09:02, 22 min", "09:02" for one still running, or nothing for one that did not run."""
    if not row_start:
        return ""
    return f"{row_start}, {row_minutes} min" if row_minutes else row_start


def _style(name: str) -> str:
    from ..shipped import shipped

    return shipped("recap", name).read_text(encoding="utf-8")


# --- Markdown -------------------------------------------------------------------------


def recap_md(recap: Recap) -> str:
    from .render import md

    def line(text: str) -> str:
        return md(text, inline=True)

    labels, leads = recap.labels, recap.leads
    out = [f"# {line(recap.title)}\n\n"]
    if recap.subtitle:
        out.append(f"*{line(recap.subtitle)}*\n\n")
    out.append(f"{md(recap.intro)}\n\n")
    for key in ("date", "venue", "facilitators"):
        if getattr(recap, key):
            out.append(f"- **{labels[key]}:** {line(getattr(recap, key))}\n")
    if recap.attended or recap.late or recap.absent:
        out.append(f"\n## {labels['attendance']}\n\n{md(leads['attendance'])}\n\n")
        out.extend(f"- {line(who)}\n" for who in recap.attended)
        for label, people in _groups(recap):
            out.append(f"\n{label}: {', '.join(line(p) for p in people)}\n")
    if recap.agenda:
        out.append(f"\n## {labels['agenda']}\n\n{md(leads['agenda'])}\n\n")
        heads = ("start", "block", "kind", "planned", "ran", "state")
        out.append(
            "| " + " | ".join(labels[h] for h in heads) + " |\n|---|---|---|---:|---:|---|\n"
        )
        for row in recap.agenda:
            ran = _ran(row.actual_start, row.actual_minutes)
            out.append(
                f"| {row.planned_start} | {line(row.title)} | {row.kind} "
                f"| {row.planned_minutes} min | {ran} | {row.state} |\n"
            )
    if recap.has_pre_assignment:
        out.append(f"\n## {labels['pre_assignment']}\n\n")
        if leads["pre_assignment"]:
            out.append(f"{md(leads['pre_assignment'])}\n\n")
        if recap.pre_assignment_result:
            out.append(f"{md(recap.pre_assignment_result)}\n\n")
        out.extend(f"- {md(note.text)}\n" for note in recap.pre_assignment_notes)
    if recap.presentations:
        out.append(f"\n## {labels['presentations']}\n\n{md(leads['presentations'])}\n")
        for p in recap.presentations:
            out.append(f"\n### {': '.join(line(x) for x in (p.presenter, p.title) if x)}\n\n")
            if p.outcome:
                out.append(f"**{line(p.outcome)}**\n\n")
            if p.organisation:
                out.append(f"*{line(p.organisation)}*\n\n")
            if p.summary:
                out.append(f"{md(p.summary)}\n\n")
            out.extend(f"- {md(note.text)}\n" for note in p.notes)
    if recap.key_points:
        out.append(f"\n## {labels['key_points']}\n\n{md(leads['key_points'])}\n")
        for block in recap.key_points:
            out.append(f"\n### {line(block.title)}\n\n")
            out.extend(
                f"- {md(note.text)}\n" for note in (block.room if block.groups else block.notes)
            )
            for group in block.groups:
                out.append(f"\n#### {line(group.name)}\n\n")
                out.extend(f"- {md(note.text)}\n" for note in group.notes)
    if recap.rounds:
        out.append(f"\n## {labels['rounds']}\n\n{md(leads['rounds'])}\n")
        for asked in recap.rounds:
            out.append(f"\n### {line(asked.prompt)}\n\n")
            out.extend(f"- {md(note.text)}\n" for note in asked.answers)
    if recap.quotes:
        out.append(f"\n## {labels['quotes']}\n\n{md(leads['quotes'])}\n\n")
        for note in recap.quotes:
            said = f" — {line(note.speaker)}" if note.speaker else ""
            out.append(f"> ”{md(note.text)}”{said}\n\n")
    for key, notes in _sections(recap):
        out.append(f"\n## {labels[key]}\n\n{md(leads[key])}\n\n")
        for note in notes:
            owner = f" — {line(note.owner)}" if note.owner else ""
            out.append(f"- {md(note.text)}{owner}\n")
    if recap.homework:
        out.append(f"\n## {labels['homework']}\n\n{md(leads['homework'])} {md(recap.homework)}\n")
    if recap.next_session:
        out.append(f"\n## {labels['next_session']}\n\n{md(recap.next_session)}\n")
    return "".join(out)


def article_md(article: Article) -> str:
    from .render import md

    open_mark, close_mark = article.quote_marks
    out = [f"# {md(article.title, inline=True)}\n"]
    if article.subtitle:
        out.append(f"\n*{md(article.subtitle, inline=True)}*\n")
    for p in article.paragraphs:
        out.append("\n" + " ".join(md(s, inline=True) for s in p.sentences if s) + "\n")
        if p.projects:
            out.append("\n")
            out.extend(f"- {md(project, inline=True)}\n" for project in p.projects)
        for asked in p.rounds:
            out.append(f"\n{md(asked.said, inline=True)}\n\n")
            out.extend(f"- {md(answer, inline=True)}\n" for answer in asked.answers)
        for q in p.quotes:
            said = f" — {md(q.speaker, inline=True)}" if q.speaker else ""
            out.append(f"\n> {open_mark}{md(q.text, inline=True)}{close_mark}{said}\n")
    if article.contact:
        out.append("\n" + "  \n".join(md(c, inline=True) for c in article.contact) + "\n")
    return "".join(out)


def programme_md(programme: ProgrammeRecap) -> str:
    from .render import md

    def line(text: str) -> str:
        return md(text, inline=True)

    out = [f"# {line(programme.name)}\n\n{md(programme.intro)}\n"]
    if programme.threads:
        out.append(f"\n## {programme.labels['threads']}\n")
        for thread in programme.threads:
            where = f" ({line(thread.organisation)})" if thread.organisation else ""
            out.append(f"\n### {line(thread.name)}{where}\n\n")
            for step in thread.steps:
                summary = f" — {line(step.summary)}" if step.summary else ""
                notes = f" ({'; '.join(line(n) for n in step.notes)})" if step.notes else ""
                out.append(f"- **{line(step.occasion)}:** {line(step.title)}{summary}{notes}\n")
    for recap in programme.occasions:
        out.append("\n---\n\n" + recap_md(recap))
    return "".join(out)


# --- plain text -----------------------------------------------------------------------


def recap_txt(recap: Recap) -> str:
    from .render import wrap

    labels, leads = recap.labels, recap.leads
    indent = " " * 11

    def heading(key: str) -> str:
        return f"\n\n{labels[key].upper()}\n\n"

    out = [f"{recap.title}\n{'=' * len(recap.title)}\n"]
    if recap.subtitle:
        out.append(wrap(recap.subtitle) + "\n")
    out.append(f"\n{wrap(recap.intro)}\n\n")
    for key in ("date", "venue", "facilitators"):
        if getattr(recap, key):
            out.append(wrap(f"{labels[key]}: {getattr(recap, key)}", indent="    ") + "\n")
    if recap.attended or recap.late or recap.absent:
        out.append(heading("attendance") + wrap(leads["attendance"]) + "\n\n")
        out.extend(wrap(who, indent="    ", first="  - ") + "\n" for who in recap.attended)
        for label, people in _groups(recap):
            out.append("\n" + wrap(f"{label}: {', '.join(people)}") + "\n")
    if recap.agenda:
        out.append(heading("agenda") + wrap(leads["agenda"]) + "\n\n")
        for row in recap.agenda:
            planned = "%s  %-4s %s" % (  # noqa: UP031  (the layout reads best as a format)
                row.planned_start,
                row.planned_minutes,
                f"{row.title} ({row.kind})",
            )
            out.append(wrap(planned, indent=indent, first="") + "\n")
            if row.actual_start:
                took = f", {row.actual_minutes} min" if row.actual_minutes else f" ({row.state})"
                out.append(f"{indent}{labels['ran']}: {row.actual_start}{took}\n")
            elif row.skipped:
                out.append(f"{indent}{row.state}\n")
    if recap.has_pre_assignment:
        out.append(heading("pre_assignment"))
        if leads["pre_assignment"]:
            out.append(wrap(leads["pre_assignment"]) + "\n\n")
        if recap.pre_assignment_result:
            out.append(wrap(recap.pre_assignment_result) + "\n\n")
        out.extend(
            wrap(note.text, indent="  ", first="- ") + "\n" for note in recap.pre_assignment_notes
        )
    if recap.presentations:
        out.append(heading("presentations") + wrap(leads["presentations"]) + "\n")
        for p in recap.presentations:
            out.append("\n" + wrap(": ".join(x for x in (p.presenter, p.title) if x)) + "\n")
            if p.outcome:
                out.append(wrap(f"[{p.outcome}]") + "\n")
            if p.organisation:
                out.append(wrap(p.organisation) + "\n")
            if p.summary:
                out.append(wrap(p.summary, indent="  ") + "\n")
            out.extend(wrap(n.text, indent="    ", first="  - ") + "\n" for n in p.notes)
    if recap.key_points:
        out.append(heading("key_points") + wrap(leads["key_points"]) + "\n")
        for block in recap.key_points:
            out.append("\n" + wrap(block.title) + "\n")
            out.extend(
                wrap(n.text, indent="    ", first="  - ") + "\n"
                for n in (block.room if block.groups else block.notes)
            )
            for group in block.groups:
                out.append(f"  {group.name}:\n")
                out.extend(
                    wrap(n.text, indent="      ", first="    - ") + "\n" for n in group.notes
                )
    if recap.rounds:
        out.append(heading("rounds") + wrap(leads["rounds"]) + "\n")
        for asked in recap.rounds:
            out.append("\n" + wrap(asked.prompt) + "\n")
            out.extend(wrap(n.text, indent="    ", first="  - ") + "\n" for n in asked.answers)
    if recap.quotes:
        out.append(heading("quotes") + wrap(leads["quotes"]) + "\n\n")
        for note in recap.quotes:
            said = f" — {note.speaker}" if note.speaker else ""
            out.append(wrap(f"”{note.text}”{said}", indent="  ", first="  ") + "\n")
    for key, notes in _sections(recap):
        out.append(heading(key) + wrap(leads[key]) + "\n\n")
        for note in notes:
            owner = f" — {note.owner}" if note.owner else ""
            out.append(wrap(f"{note.text}{owner}", indent="  ", first="- ") + "\n")
    if recap.homework:
        out.append(heading("homework") + wrap(f"{leads['homework']} {recap.homework}") + "\n")
    if recap.next_session:
        out.append(heading("next_session") + wrap(recap.next_session) + "\n")
    return "".join(out)


def article_txt(article: Article) -> str:
    from .render import wrap

    open_mark, close_mark = article.quote_marks
    out = [wrap(article.title) + "\n"]
    if article.subtitle:
        out.append(wrap(article.subtitle) + "\n")
    for p in article.paragraphs:
        out.append("\n" + wrap(" ".join(s for s in p.sentences if s)) + "\n")
        out.extend(wrap(project, indent="    ", first="  - ") + "\n" for project in p.projects)
        for asked in p.rounds:
            out.append("\n" + wrap(asked.said) + "\n")
            out.extend(wrap(answer, indent="    ", first="  - ") + "\n" for answer in asked.answers)
        for q in p.quotes:
            said = f" — {q.speaker}" if q.speaker else ""
            out.append("\n" + wrap(f"{open_mark}{q.text}{close_mark}{said}", indent="    ") + "\n")
    if article.contact:
        out.append("\n" + "".join(f"{line}\n" for line in article.contact))
    return "".join(out)


def programme_txt(programme: ProgrammeRecap) -> str:
    from .render import wrap

    out = [f"{programme.name}\n{'#' * len(programme.name)}\n\n{wrap(programme.intro)}\n"]
    if programme.threads:
        out.append(f"\n\n{programme.labels['threads'].upper()}\n")
        for thread in programme.threads:
            where = f" ({thread.organisation})" if thread.organisation else ""
            out.append("\n" + wrap(thread.name + where) + "\n")
            for step in thread.steps:
                summary = f" — {step.summary}" if step.summary else ""
                notes = f" ({'; '.join(step.notes)})" if step.notes else ""
                said = f"{step.occasion}: {step.title}{summary}{notes}"
                out.append(wrap(said, indent="    ", first="  - ") + "\n")
    for recap in programme.occasions:
        out.append("\n\n\n" + recap_txt(recap))
    return "".join(out)


# --- HTML -----------------------------------------------------------------------------

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"})


def escape(value: object) -> str:
    """Text made inert in HTML, escaped as the templates' autoescape does it."""
    return str(value).translate(_ESCAPES)


def _head(lang: str, title: str, style: str) -> str:
    return (
        f'<!doctype html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>\n{_style(style)}</style>\n</head>\n<body>\n"
    )


_END = "</body>\n</html>\n"


def _notes_html(notes: list[RecapNote]) -> str:
    return "".join(f'<li class="note">{escape(n.text)}</li>\n' for n in notes)


def recap_article_html(recap: Recap) -> str:
    """One occasion's recap as an ``<article>``: the page of one, or one of a programme's."""
    e = escape
    labels, leads = recap.labels, recap.leads
    out = [f"<article>\n<header>\n<h1>{e(recap.title)}</h1>\n"]
    if recap.subtitle:
        out.append(f'<p class="subtitle">{e(recap.subtitle)}</p>\n')
    out.append(f'</header>\n<p class="intro">{e(recap.intro)}</p>\n<dl class="facts">\n')
    for key in ("date", "venue", "facilitators"):
        if getattr(recap, key):
            out.append(f"<dt>{e(labels[key])}</dt><dd>{e(getattr(recap, key))}</dd>")
    out.append("</dl>\n")
    if recap.attended or recap.late or recap.absent:
        out.append(
            f"<section>\n<h2>{e(labels['attendance'])}</h2>\n<p>{e(leads['attendance'])}</p>\n"
        )
        if recap.attended:
            out.append(
                "<ul>\n" + "".join(f"<li>{e(who)}</li>\n" for who in recap.attended) + "</ul>\n"
            )
        for label, people in _groups(recap):
            out.append(f"<p>{e(label)}: {', '.join(e(p) for p in people)}</p>\n")
        out.append("</section>\n")
    if recap.agenda:
        heads = ("start", "block", "kind", "planned", "ran", "state")
        out.append(
            f"<section>\n<h2>{e(labels['agenda'])}</h2>\n<p>{e(leads['agenda'])}</p>\n<table>\n"
            "<thead><tr>"
            + "".join(f"<th>{e(labels[h])}</th>" for h in heads)
            + "</tr></thead>\n<tbody>\n"
        )
        for row in recap.agenda:
            skipped = ' class="skipped"' if row.skipped else ""
            ran = e(_ran(row.actual_start, row.actual_minutes))
            out.append(
                f"<tr{skipped}><td>{e(row.planned_start)}</td><td>{e(row.title)}</td>"
                f'<td>{e(row.kind)}</td><td class="number">{e(row.planned_minutes)} min</td>'
                f'<td class="number">{ran}</td><td>{e(row.state)}</td></tr>\n'
            )
        out.append("</tbody>\n</table>\n</section>\n")
    if recap.has_pre_assignment:
        out.append(f"<section>\n<h2>{e(labels['pre_assignment'])}</h2>\n")
        if leads["pre_assignment"]:
            out.append(f"<p>{e(leads['pre_assignment'])}</p>\n")
        if recap.pre_assignment_result:
            out.append(f'<p class="note">{e(recap.pre_assignment_result)}</p>\n')
        if recap.pre_assignment_notes:
            out.append(f"<ul>\n{_notes_html(recap.pre_assignment_notes)}</ul>\n")
        out.append("</section>\n")
    if recap.presentations:
        out.append(
            f"<section>\n<h2>{e(labels['presentations'])}</h2>\n<p>{e(leads['presentations'])}</p>\n"
        )
        for p in recap.presentations:
            out.append(f"<h3>{e(': '.join(x for x in (p.presenter, p.title) if x))}</h3>\n")
            if p.outcome:
                out.append(f'<p class="outcome"><strong>{e(p.outcome)}</strong></p>\n')
            if p.organisation:
                out.append(f'<p class="organisation">{e(p.organisation)}</p>\n')
            if p.summary:
                out.append(f'<p class="note">{e(p.summary)}</p>\n')
            if p.notes:
                out.append(f"<ul>\n{_notes_html(p.notes)}</ul>\n")
        out.append("</section>\n")
    if recap.key_points:
        out.append(
            f"<section>\n<h2>{e(labels['key_points'])}</h2>\n<p>{e(leads['key_points'])}</p>\n"
        )
        for block in recap.key_points:
            out.append(f"<h3>{e(block.title)}</h3>\n")
            if not block.groups or block.room:
                out.append(
                    f"<ul>\n{_notes_html(block.room if block.groups else block.notes)}</ul>\n"
                )
            for group in block.groups:
                out.append(f"<h4>{e(group.name)}</h4>\n<ul>\n{_notes_html(group.notes)}</ul>\n")
        out.append("</section>\n")
    if recap.rounds:
        out.append(f"<section>\n<h2>{e(labels['rounds'])}</h2>\n<p>{e(leads['rounds'])}</p>\n")
        for asked in recap.rounds:
            out.append(f"<h3>{e(asked.prompt)}</h3>\n<ul>\n{_notes_html(asked.answers)}</ul>\n")
        out.append("</section>\n")
    if recap.quotes:
        out.append(f"<section>\n<h2>{e(labels['quotes'])}</h2>\n<p>{e(leads['quotes'])}</p>\n")
        for note in recap.quotes:
            cite = f"<cite>— {e(note.speaker)}</cite>" if note.speaker else ""
            out.append(
                f'<blockquote><span class="note">”{e(note.text)}”</span>{cite}</blockquote>\n'
            )
        out.append("</section>\n")
    for key, notes in _sections(recap):
        out.append(f"<section>\n<h2>{e(labels[key])}</h2>\n<p>{e(leads[key])}</p>\n<ul>\n")
        for note in notes:
            owner = f" — {e(note.owner)}" if note.owner else ""
            out.append(f'<li class="note">{e(note.text)}{owner}</li>\n')
        out.append("</ul>\n</section>\n")
    if recap.homework:
        out.append(
            f"<section>\n<h2>{e(labels['homework'])}</h2>\n"
            f"<p>{e(leads['homework'])} {e(recap.homework)}</p>\n</section>\n"
        )
    if recap.next_session:
        out.append(
            f"<section>\n<h2>{e(labels['next_session'])}</h2>\n<p>{e(recap.next_session)}</p>\n</section>\n"
        )
    out.append("</article>\n")
    return "".join(out)


def recap_html(recap: Recap) -> str:
    return _head(recap.lang, recap.title, "recap.css") + recap_article_html(recap) + _END


def article_html(article: Article) -> str:
    e = escape
    open_mark, close_mark = (e(mark) for mark in article.quote_marks)
    out = [
        _head(article.lang, article.title, "article.css"),
        f"<article>\n<h1>{e(article.title)}</h1>\n",
    ]
    if article.subtitle:
        out.append(f'<p class="subtitle">{e(article.subtitle)}</p>\n')
    for p in article.paragraphs:
        out.append(f"<p>{e(' '.join(s for s in p.sentences if s))}</p>\n")
        if p.projects:
            out.append("<ul>\n" + "".join(f"<li>{e(x)}</li>\n" for x in p.projects) + "</ul>\n")
        for asked in p.rounds:
            answers = "".join(f"<li>{e(answer)}</li>\n" for answer in asked.answers)
            out.append(f"<p>{e(asked.said)}</p>\n<ul>\n{answers}</ul>\n")
        for q in p.quotes:
            cite = f"<cite>— {e(q.speaker)}</cite>" if q.speaker else ""
            out.append(f"<blockquote>{open_mark}{e(q.text)}{close_mark}{cite}</blockquote>\n")
    if article.contact:
        out.append('<p class="contact">' + "<br>".join(e(c) for c in article.contact) + "</p>\n")
    out.append("</article>\n" + _END)
    return "".join(out)


def programme_html(programme: ProgrammeRecap) -> str:
    e = escape
    out = [
        _head(programme.lang, programme.name, "recap.css"),
        f'<header>\n<h1>{e(programme.name)}</h1>\n<p class="intro">{e(programme.intro)}</p>\n</header>\n',
    ]
    if programme.threads:
        out.append(f"<section>\n<h2>{e(programme.labels['threads'])}</h2>\n")
        for thread in programme.threads:
            where = (
                f' <span class="organisation">({e(thread.organisation)})</span>'
                if thread.organisation
                else ""
            )
            out.append(f"<h3>{e(thread.name)}{where}</h3>\n<ul>\n")
            for step in thread.steps:
                summary = f' — <span class="note">{e(step.summary)}</span>' if step.summary else ""
                notes = f" <em>({'; '.join(e(n) for n in step.notes)})</em>" if step.notes else ""
                out.append(
                    f"<li><strong>{e(step.occasion)}</strong>: {e(step.title)}{summary}{notes}</li>\n"
                )
            out.append("</ul>\n")
        out.append("</section>\n")
    for recap in programme.occasions:
        out.append("<hr>\n" + recap_article_html(recap))
    out.append(_END)
    return "".join(out)


WRITERS: dict[tuple[str, str], Callable[[Any], str]] = {
    ("minutes", "md"): recap_md,
    ("minutes", "txt"): recap_txt,
    ("minutes", "html"): recap_html,
    ("article", "md"): article_md,
    ("article", "txt"): article_txt,
    ("article", "html"): article_html,
}
PROGRAMME_WRITERS: dict[str, Callable[[ProgrammeRecap], str]] = {
    "md": programme_md,
    "txt": programme_txt,
    "html": programme_html,
}
