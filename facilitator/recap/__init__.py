"""The recap: a session turned into a finished document (Markdown, HTML, plain text) or JSON."""

from .build import Recap, build
from .render import FORMATS, render, render_programme

__all__ = ["FORMATS", "Recap", "build", "render", "render_programme"]
