"""The recap: a session turned into a finished document (Markdown, HTML, plain text) or JSON."""

from .build import Recap, build
from .render import FORMATS, render

__all__ = ["FORMATS", "Recap", "build", "render"]
