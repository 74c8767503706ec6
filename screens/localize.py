"""Footer and help labels in the interface language, taken from the bindings' ids."""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from facilitator.i18n import STRINGS, t


def translate_bindings(node: DOMNode, lang: str) -> None:
    """Give each binding with an ``id`` the description ``key.<id>`` in ``lang``.

    Textual keeps a node's bindings in ``_bindings``; descriptions are fixed at
    class creation, so this is the one place that swaps them for another language.
    """
    bindings = node._bindings.key_to_bindings
    for key, entries in bindings.items():
        bindings[key] = [
            replace(b, description=t(f"key.{b.id}", lang)) if f"key.{b.id}" in STRINGS else b
            for b in entries
        ]
