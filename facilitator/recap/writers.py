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
from importlib import import_module
from typing import TYPE_CHECKING, Any

from .layout import Layout

if TYPE_CHECKING:
    from .programme import ProgrammeRecap

# Each format's layout, imported only when that format is asked for: an export of
# Markdown does not pay for the HTML and plain-text layouts.
_LAYOUTS = {
    "md": ("as_md", "Markdown"),
    "html": ("as_html", "Html"),
    "txt": ("as_txt", "PlainText"),
}


def layout_for(fmt: str) -> Layout:
    module, name = _LAYOUTS[fmt]
    made: Layout = getattr(import_module(f".{module}", __package__), name)()
    return made


def writer(style: str, fmt: str) -> Callable[[Any], str]:
    """What writes ``style`` ("minutes" or "article") as ``fmt`` ("md", "html" or "txt")."""
    written: Callable[[Any], str] = getattr(layout_for(fmt), style)
    return written


def programme_writer(fmt: str) -> Callable[[ProgrammeRecap], str]:
    return layout_for(fmt).programme
