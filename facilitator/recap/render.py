"""Rendering a recap through a Jinja2 template: the built-in ones, or the user's own."""

from __future__ import annotations

import re
import textwrap
from datetime import datetime
from importlib.resources import files
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
    paragraphs = [p for p in str(text).splitlines()] or [""]
    out = []
    for i, paragraph in enumerate(paragraphs):
        lead = start if i == 0 else indent
        if len(lead) + len(paragraph) <= width and "\t" not in paragraph:
            out.append((lead + paragraph).rstrip() if paragraph else lead.rstrip())
            continue  # fits already: textwrap would only cost time
        out.append(
            textwrap.fill(
                paragraph,
                width=width,
                initial_indent=start if i == 0 else indent,
                subsequent_indent=indent,
                break_long_words=True,
                break_on_hyphens=False,
            )
            or (start if i == 0 else indent).rstrip()
        )
    return "\n".join(out)


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
        PackageLoader,
        StrictUndefined,
    )

    loaders: list[BaseLoader] = [FileSystemLoader(template_dir)] if template_dir else []
    loaders.append(PackageLoader("facilitator_data", "recap"))
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
) -> str:
    """The recap of ``data`` as ``fmt`` ("md", "html" or "txt") in ``lang``.

    ``style`` is "minutes" (sections: agenda, presentations, key points…) or
    "article" (prose in the order of the day; templates ``article.*.j2``).

    ``template`` is a user's Jinja2 template file to use instead of the
    built-in one; it gets ``recap`` (see build.Recap) and the filters ``md``
    and ``wrap``. HTML templates escape every value unless told otherwise.
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
    from jinja2 import TemplateError

    if template is not None:
        path = Path(template)
        if not path.is_file():
            raise FacilitatorError(f"{path}: no such template file")
        env = _environment(str(path.parent.resolve()), autoescape=fmt == "html")
        name = path.name
    else:
        env = _environment(None, autoescape=fmt == "html")
        name = f"{'article' if style == 'article' else 'recap'}.{fmt}.j2"
    try:
        text: str = env.get_template(name).render(**values)  # type: ignore[attr-defined]
        if fmt == "md":
            text = re.sub(r"\n{3,}", "\n\n", text)  # sections left out leave blank lines behind
        return inert(text)  # every value of every template, a user's own included
    except TemplateError as exc:
        where = f"{template}:{getattr(exc, 'lineno', '?')}" if template else name
        raise FacilitatorError(f"{where}: template error: {exc}") from exc
    except OSError as exc:
        raise FacilitatorError(f"{template}: cannot read the template ({exc})") from exc


def render_programme(
    programme: Programme, occasions: list[SessionData], fmt: str, lang: str, now: datetime
) -> str:
    """A whole programme as ``fmt``: the project threads, then each occasion's recap in order."""
    if fmt not in FORMATS:
        raise FacilitatorError(f"unknown recap format {fmt!r}; one of {', '.join(FORMATS)}")
    from jinja2 import TemplateError

    env = _environment(None, autoescape=fmt == "html")
    summary = build_programme(programme, occasions, lang, now)
    try:
        text: str = env.get_template(f"programme.{fmt}.j2").render(programme=summary)  # type: ignore[attr-defined]
    except TemplateError as exc:
        raise FacilitatorError(f"programme.{fmt}.j2: template error: {exc}") from exc
    return inert(re.sub(r"\n{3,}", "\n\n", text) if fmt == "md" else text)


def built_in_template(fmt: str) -> str:
    """The text of a built-in template, to start a template of one's own from."""
    return (
        files("facilitator_data").joinpath("recap", f"recap.{fmt}.j2").read_text(encoding="utf-8")
    )
