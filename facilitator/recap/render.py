"""Rendering a recap: by the built-in writers (no Jinja2), through a user's Jinja2 template, or as Word."""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import FacilitatorError
from ..model import PLAIN, Programme, RecapOptions, SessionData
from ..safetext import inert
from .build import build

if TYPE_CHECKING:
    from jinja2 import BytecodeCache

STYLES = ("minutes", "article")
FORMATS = ("md", "html", "txt")
# The two patterns are compiled when first used (``_compiled``): most recaps
# have no line that needs them, and compiling both cost 0.35 ms of every export.
_MD_INLINE = r"([\\`*_\[\]<>|~]|&(?=#?\w+;))"
# The same escapes but the ampersand's: a line without "&" (nearly every note)
# is escaped by plain replacing, several times quicker than the pattern's call
# per mark (the backslash first, so the escapes added are not escaped again).
_MD_MARKS = "`*_[]<>|~"
_MD_LINE_START = r"^(\s*)(?:([#>+=-])|(\d+)([.)]))"
# What a line may begin with (after spaces) to be read as markup: only such lines are searched.
_MD_STARTS = frozenset("#>+=-")


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _may_start_markup(line: str) -> bool:
    """Whether the line may begin as ``_MD_LINE_START`` says (after spaces): a mark, or digits and . or ).

    Never False where the pattern would match (a test holds every start): str.isspace
    and the pattern's \\s are the same set, and isdigit is true for every \\d (and a
    few more). A note that starts with a number ("3 groups met") is not searched.
    """
    stripped = line.lstrip()
    first = stripped[:1]
    if first in _MD_STARTS:
        return True
    if not first.isdigit():
        return False
    after = stripped.lstrip("0123456789")[:1]
    return after in (".", ")") or after.isdigit()  # a digit of another script: the pattern decides


def _escape_line_start(match: re.Match[str]) -> str:
    space, mark, digits, dot = match.groups()
    return f"{space}\\{mark}" if mark else f"{space}{digits}\\{dot}"


def _escaped(match: re.Match[str]) -> str:
    return "\\" + match[1]


def _marks_escaped(line: str) -> str:
    line = line.replace("\\", "\\\\")
    for mark in _MD_MARKS:
        if mark in line:
            line = line.replace(mark, "\\" + mark)
    return line


def md(text: str, inline: bool = False) -> str:
    """Text made safe to place in Markdown: it shows as typed and adds no markup.

    Characters that mean something anywhere (emphasis, links, code, HTML) are
    escaped everywhere; those that only mean something at the start of a line
    (headings, lists, quotes) only there. Line breaks become hard breaks, or
    with ``inline`` (table cells, headings) spaces.
    """
    source = " ".join(str(text).split()) if inline else str(text)
    lines = []
    for line in source.splitlines() or [""]:
        line = _compiled(_MD_INLINE).sub(_escaped, line) if "&" in line else _marks_escaped(line)
        if _may_start_markup(line):
            line = _compiled(_MD_LINE_START).sub(_escape_line_start, line)
        lines.append(line)
    return "  \n  ".join(lines)


def wrap(text: str, width: int = 78, indent: str = "", first: str | None = None) -> str:
    """Plain text wrapped to ``width``, each paragraph of ``text`` kept apart."""
    start = indent if first is None else first
    paragraphs = str(text).splitlines() or [""]
    out = []
    for i, paragraph in enumerate(paragraphs):
        lead = start if i == 0 else indent
        if not paragraph:
            out.append(lead.rstrip())
            continue
        # Words and single plain spaces, none before or after, the quick way:
        # isprintable() is False for every space but the plain one (and for
        # other marks textwrap may treat otherwise: those go to textwrap).
        if (
            paragraph.isprintable()
            and "  " not in paragraph
            and paragraph[0] != " "
            and paragraph[-1] != " "
        ):
            filled = _fill(paragraph, width, lead, indent)
            if filled is not None:
                out.append(filled)
                continue
        out.append(_textwrap(paragraph, width, lead, indent))
    return "\n".join(out)


def _textwrap(paragraph: str, width: int, lead: str, indent: str) -> str:
    import textwrap  # only here: most notes take the quick way

    return (
        textwrap.fill(
            paragraph,
            width=width,
            initial_indent=lead,
            subsequent_indent=indent,
            break_long_words=True,
            break_on_hyphens=False,
        )
        or lead.rstrip()
    )


def _fill(paragraph: str, width: int, first: str, indent: str) -> str | None:
    """Words apart by single spaces, filled as textwrap fills them; None for a word too long.

    Most notes are plain sentences: for them each line is cut at the last
    space that fits, in C, at a fraction of textwrap's cost. A word longer
    than its line is left to textwrap, which breaks it by its own rules.
    """
    lines = []
    lead = first
    while len(lead) + len(paragraph) > width:
        room = width - len(lead)
        cut = paragraph.rfind(" ", 0, room + 1) if room > 0 else -1
        if cut < 0:
            return None
        lines.append(lead + paragraph[:cut])
        paragraph = paragraph[cut + 1 :]
        lead = indent
    lines.append(lead + paragraph)
    return "\n".join(lines)


# The filters a user's template can use besides Jinja2's own (documented in data/recap/README.md).
FILTERS = {"md": md, "wrap": wrap}


def _bytecode_cache() -> BytecodeCache | None:
    """Compiled templates kept between runs: compiling costs more than the rest of an export.

    Jinja2 keys each entry by the template's source, so an edited template is
    compiled afresh. Where the cache folder cannot be made, templates are
    simply compiled each time.
    """
    from jinja2 import FileSystemBytecodeCache

    from ..places import user_folder

    folder = user_folder("cache") / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


def _environment(folder: str, autoescape: bool) -> object:
    """Templates found beside the user's, then among the shipped ones (the style sheets)."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

    from ..shipped import shipped

    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(folder), FileSystemLoader(shipped("recap"))]),
        bytecode_cache=_bytecode_cache(),
        autoescape=autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    env.filters.update(FILTERS)
    return env


def render(
    data: SessionData,
    fmt: str,
    lang: str,
    now: datetime,
    template: str | Path | None = None,
    style: str = "minutes",
    options: RecapOptions = PLAIN,
) -> str:
    """The recap of ``data`` as ``fmt`` ("md", "html" or "txt") in ``lang``.

    ``style`` is "minutes" (sections: agenda, presentations, key points…) or
    "article" (prose in the order of the day); ``options`` are what the
    trainer's settings add (``Settings.recap_options``).

    Without ``template`` the recap is written by ``writers``, and Jinja2 is not
    even imported. ``template`` is a user's Jinja2 template file; the minutes
    give it ``recap`` (a ``build.Recap``), the article ``article`` (an
    ``article.Article``), with the filters ``md`` and ``wrap``; the context is
    documented in ``data/recap/README.md``. HTML templates escape every value
    unless told otherwise.
    """
    _check(fmt, FORMATS, "format")
    _check(style, STYLES, "style")
    value: object
    if style == "article":
        from .article import build_article

        name, value = "article", build_article(data, lang, now, options)
    else:
        name, value = "recap", build(data, lang, now, options)
    if template is None:
        from .writers import writer

        return _finish(writer(style, fmt)(value), fmt)
    return _render_template(template, {name: value}, fmt)


def _check(value: str, allowed: tuple[str, ...], what: str) -> None:
    if value not in allowed:
        raise FacilitatorError(f"unknown recap {what} {value!r}; one of {', '.join(allowed)}")


def _finish(text: str, fmt: str) -> str:
    """Any recap's text made ready to print: Markdown tidied, control characters inert."""
    return inert(_tidy(text) if fmt == "md" else text)


def _tidy(text: str) -> str:
    """Markdown with the blank lines that sections left out leave behind taken away.

    Three line ends in a row become two until none is left: a few quick
    passes over the text, cheaper than compiling a pattern for one use.
    """
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text


def _render_template(template: str | Path, values: dict[str, object], fmt: str) -> str:
    """``values`` through the user's Jinja2 template file; its faults named by file and line."""
    from jinja2 import TemplateError

    path = Path(template)
    if not path.is_file():
        raise FacilitatorError(f"{path}: no such template file")
    env = _environment(str(path.parent.resolve()), autoescape=fmt == "html")
    try:
        text: str = env.get_template(path.name).render(**values)  # type: ignore[attr-defined]
    except TemplateError as exc:
        raise FacilitatorError(f"{_where(exc, template)}: template error: {exc}") from exc
    except OSError as exc:
        raise FacilitatorError(f"{template}: cannot read the template ({exc})") from exc
    return _finish(text, fmt)  # every value of every template


def _where(exc: Exception, template: str | Path) -> str:
    """The file and line a Jinja2 error points at: "mine.md.j2:12" ("?" for a line it names none).

    A syntax error carries its file and line; an error while rendering (a field
    that is not there) shows them only in the traceback, where Jinja2 puts one
    frame per template line it ran: the last one is where it failed. Either may
    be in a file the template includes.
    """
    file, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if line is None:
        import traceback

        for frame, number in traceback.walk_tb(exc.__traceback__):
            if "__jinja_exception__" in frame.f_globals:
                file, line = frame.f_globals.get("__file__"), number
    mine = not file or Path(file).resolve() == Path(template).resolve()
    return f"{template if mine else file}:{line or '?'}"


def render_programme(
    programme: Programme,
    occasions: list[SessionData],
    fmt: str,
    lang: str,
    now: datetime,
    template: str | Path | None = None,
    options: RecapOptions = PLAIN,
) -> str:
    """A whole programme as ``fmt``: the project threads, then each occasion's recap in order.

    ``template`` is a user's Jinja2 template file, given ``programme`` (a
    ``programme.ProgrammeRecap``); see ``render``.
    """
    _check(fmt, FORMATS, "format")
    from .programme import build_programme

    summary = build_programme(programme, occasions, lang, now, options)
    if template is None:
        from .writers import programme_writer

        return _finish(programme_writer(fmt)(summary), fmt)
    return _render_template(template, {"programme": summary}, fmt)


def render_docx(
    data: SessionData,
    lang: str,
    now: datetime,
    style: str = "minutes",
    options: RecapOptions = PLAIN,
) -> bytes:
    """The recap of ``data`` as a Word document, from the same recap as every other format."""
    _check(style, STYLES, "style")
    from . import word

    authors = ", ".join(data.session.facilitators)
    if style == "article":
        from .article import build_article

        return word.article_docx(build_article(data, lang, now, options), authors, now)
    return word.recap_docx(build(data, lang, now, options), authors, now)


def render_programme_docx(
    programme: Programme,
    occasions: list[SessionData],
    lang: str,
    now: datetime,
    options: RecapOptions = PLAIN,
) -> bytes:
    """A whole programme as a Word document: the project threads, then each occasion's recap."""
    from . import word
    from .programme import build_programme

    authors = ", ".join(programme.facilitators)
    return word.programme_docx(
        build_programme(programme, occasions, lang, now, options), authors, now
    )
