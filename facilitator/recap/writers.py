"""The built-in recaps, written in plain Python: which writer lays out which style and format.

These are the layouts every export uses when no ``--template`` is given, so an
export never pays for importing Jinja2. The sentences come from ``build`` and
``article`` (and the words from ``i18n``); ``layout`` says which parts each
document has and in which order, and ``as_md``, ``as_html`` and ``as_txt``
how each part looks. The example templates in ``data/recap/`` are a user's
starting point, not a copy of these.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .as_html import Html
from .as_md import Markdown
from .as_txt import PlainText
from .build import ProgrammeRecap
from .layout import Layout

LAYOUTS: dict[str, Layout] = {"md": Markdown(), "html": Html(), "txt": PlainText()}

WRITERS: dict[tuple[str, str], Callable[[Any], str]] = {
    (style, fmt): getattr(layout, style)
    for style in ("minutes", "article")
    for fmt, layout in LAYOUTS.items()
}
PROGRAMME_WRITERS: dict[str, Callable[[ProgrammeRecap], str]] = {
    fmt: layout.programme for fmt, layout in LAYOUTS.items()
}
