"""Rendering a recap: by the built-in writers (no Jinja2), through a user's Jinja2 template, or as Word."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import FacilitatorError
from ..model import Programme, SessionData
from ..safetext import inert
from .build import build, build_programme

if TYPE_CHECKING:
    from jinja2 import BytecodeCache

STYLES = ("minutes", "article")
FORMATS = ("md", "html", "txt")
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~]|&(?=#?\w+;))")
_MD_LINE_START = re.compile(r"^(\s*)(?:([#>+=-])|(\d+)([.)]))")


def _escape_line_start(match: re.Match[str]) -> str:
    space, mark, digits, dot = match.groups()
    return f"{space}\\{mark}" if mark else f"{space}{digits}\\{dot}"


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
        line = _MD_INLINE.sub(r"\\\1", line)
        lines.append(_MD_LINE_START.sub(_escape_line_start, line))
    return "  \n  ".join(lines)


def wrap(text: str, width: int = 78, indent: str = "", first: str | None = None) -> str:
    """Plain text wrapped to ``width``, each paragraph of ``text`` kept apart."""
    start = indent if first is None else first
    paragraphs = str(text).splitlines() or [""]
    out = []
    for i, paragraph in enumerate(paragraphs):
        lead = start if i == 0 else indent
        if not _ODD_SPACE.search(paragraph):  # words and single spaces: the quick way
            if len(lead) + len(paragraph) <= width:
                out.append(lead + paragraph if paragraph else lead.rstrip())
            else:
                filled = _fill_words(paragraph, width, lead, indent)
                out.append(filled or _textwrap(paragraph, width, lead, indent))
            continue
        out.append(_textwrap(paragraph, width, lead, indent))
    return "\n".join(out)


def _textwrap(paragraph: str, width: int, lead: str, indent: str) -> str:
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


# Any space but a single plain one between words: left to textwrap, which has its own rules.
_ODD_SPACE = re.compile(r"[^\S ]|  |^ | $")


def _fill_words(paragraph: str, width: int, first: str, indent: str) -> str | None:
    """Words split by single spaces, filled as textwrap fills them; None for a word too long.

    Most notes are plain sentences: for them this greedy fill gives textwrap's
    lines at a fraction of its cost.
    """
    words = paragraph.split(" ")
    if max(map(len, words)) > width - max(len(first), len(indent)):
        return None
    lines = []
    line = first + words[0]
    for word in words[1:]:
        if len(line) + 1 + len(word) <= width:
            line = f"{line} {word}"
        else:
            lines.append(line)
            line = indent + word
    lines.append(line)
    return "\n".join(lines)


def _bytecode_cache() -> BytecodeCache | None:
    """Compiled templates kept between runs: compiling costs more than the rest of an export.

    Jinja2 keys each entry by the template's source, so an edited template is
    compiled afresh. Where the cache folder cannot be made, templates are
    simply compiled each time.
    """
    from jinja2 import FileSystemBytecodeCache
    from platformdirs import user_cache_dir

    folder = Path(user_cache_dir("facilitator", appauthor=False)) / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


def _environment(template_dir: str | None, autoescape: bool) -> object:
    from jinja2 import (
        BaseLoader,
        ChoiceLoader,
        Environment,
        FileSystemLoader,
        StrictUndefined,
    )

    loaders: list[BaseLoader] = [FileSystemLoader(template_dir)] if template_dir else []
    from ..shipped import shipped

    loaders.append(FileSystemLoader(shipped("recap")))
    env = Environment(
        loader=ChoiceLoader(loaders),
        bytecode_cache=_bytecode_cache(),
        autoescape=autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    env.filters["md"] = md
    env.filters["wrap"] = wrap
    return env


def render(
    data: SessionData,
    fmt: str,
    lang: str,
    now: datetime,
    template: str | Path | None = None,
    style: str = "minutes",
    jinja: bool = False,
) -> str:
    """The recap of ``data`` as ``fmt`` ("md", "html" or "txt") in ``lang``.

    ``style`` is "minutes" (sections: agenda, presentations, key points…) or
    "article" (prose in the order of the day; templates ``article.*.j2``).

    ``template`` is a user's Jinja2 template file to use instead of the
    built-in one; it gets ``recap`` (see build.Recap) and the filters ``md``
    and ``wrap``. HTML templates escape every value unless told otherwise.

    Without one the recap is written by ``writers``, and Jinja2 is not even
    imported. ``jinja`` renders it through the built-in template instead: the
    one shipped for people to copy, which the tests hold to the same text.
    """
    if fmt not in FORMATS:
        raise FacilitatorError(f"unknown recap format {fmt!r}; one of {', '.join(FORMATS)}")
    if style not in STYLES:
        raise FacilitatorError(f"unknown recap style {style!r}; one of {', '.join(STYLES)}")
    if style == "article":
        from .article import build_article

        values: dict[str, object] = {"article": build_article(data, lang, now)}
    else:
        values = {"recap": build(data, lang, now)}
    if template is None and not jinja:
        from .writers import WRITERS

        text = WRITERS[style, fmt](next(iter(values.values())))
        return inert(_tidy(text) if fmt == "md" else text)
    if template is None:
        name = f"{'article' if style == 'article' else 'recap'}.{fmt}.j2"
        return _render_template(None, name, values, fmt, where=lambda line: name)
    path = Path(template)
    if not path.is_file():
        raise FacilitatorError(f"{path}: no such template file")
    return _render_template(
        path.parent.resolve(), path.name, values, fmt, where=lambda line: f"{template}:{line}"
    )


def _tidy(text: str) -> str:
    """Markdown with the blank lines that sections left out leave behind taken away."""
    return re.sub(r"\n{3,}", "\n\n", text)


def _render_template(
    folder: Path | None,
    name: str,
    values: dict[str, object],
    fmt: str,
    where: Callable[[object], str],
) -> str:
    """``values`` through the Jinja2 template ``name`` (in ``folder``, else the built-in ones)."""
    from jinja2 import TemplateError

    env = _environment(str(folder) if folder else None, autoescape=fmt == "html")
    try:
        text: str = env.get_template(name).render(**values)  # type: ignore[attr-defined]
        return inert(_tidy(text) if fmt == "md" else text)  # every value of every template
    except TemplateError as exc:
        raise FacilitatorError(
            f"{where(getattr(exc, 'lineno', '?'))}: template error: {exc}"
        ) from exc
    except OSError as exc:
        raise FacilitatorError(f"{where('?')}: cannot read the template ({exc})") from exc


def render_programme(
    programme: Programme,
    occasions: list[SessionData],
    fmt: str,
    lang: str,
    now: datetime,
    jinja: bool = False,
) -> str:
    """A whole programme as ``fmt``: the project threads, then each occasion's recap in order.

    ``jinja`` renders it through the shipped templates instead (for the tests).
    """
    if fmt not in FORMATS:
        raise FacilitatorError(f"unknown recap format {fmt!r}; one of {', '.join(FORMATS)}")
    summary = build_programme(programme, occasions, lang, now)
    if not jinja:
        from .writers import PROGRAMME_WRITERS

        text = PROGRAMME_WRITERS[fmt](summary)
        return inert(_tidy(text) if fmt == "md" else text)
    name = f"programme.{fmt}.j2"
    return _render_template(None, name, {"programme": summary}, fmt, where=lambda line: name)


def render_docx(data: SessionData, lang: str, now: datetime, style: str = "minutes") -> bytes:
    """The recap of ``data`` as a Word document, from the same recap as every other format."""
    if style not in STYLES:
        raise FacilitatorError(f"unknown recap style {style!r}; one of {', '.join(STYLES)}")
    from . import word

    authors = ", ".join(data.session.facilitators)
    if style == "article":
        from .article import build_article

        return word.article_docx(build_article(data, lang, now), authors, now)
    return word.recap_docx(build(data, lang, now), authors, now)


def render_programme_docx(
    programme: Programme, occasions: list[SessionData], lang: str, now: datetime
) -> bytes:
    """A whole programme as a Word document: the project threads, then each occasion's recap."""
    from . import word

    authors = ", ".join(programme.facilitators)
    return word.programme_docx(build_programme(programme, occasions, lang, now), authors, now)
