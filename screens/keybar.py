"""The key bar at the foot of each trainer's screen: Textual's Footer, without its slow leak."""

from __future__ import annotations

from textual.widgets import Footer


class KeyBar(Footer):
    """Textual's Footer, letting go of the keys it drew before.

    The Footer draws its keys anew whenever the screen's bindings change (a
    row highlighted, a note saved). Each key it draws asks to follow the
    Footer's ``compact`` setting, and Textual forgets such a request only when
    the setting changes, which it never does here: so every key ever drawn
    stayed in memory, a few hundred per minute of note-taking. After each
    redraw the setting is announced once more, unchanged, which makes Textual
    drop the requests of the keys that are gone.
    """

    async def recompose(self) -> None:
        await super().recompose()
        self.mutate_reactive(Footer.compact)
