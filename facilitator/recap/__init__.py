"""The recap: a session turned into a finished document (Markdown, HTML, plain text, Word)."""

from .build import Recap, build
from .render import FORMATS, render, render_docx, render_programme, render_programme_docx

__all__ = [
    "FORMATS",
    "Recap",
    "build",
    "render",
    "render_docx",
    "render_programme",
    "render_programme_docx",
]
