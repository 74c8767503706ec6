"""`python -m facilitator` is the same as the `facilitator` command."""

from .cli import entry

entry()
