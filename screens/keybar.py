"""The key bar at the foot of each trainer's screen: Textual's Footer, drawn only when it changes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widgets import Footer


def _keys(screen: Screen[object]) -> tuple[object, ...]:
    """What the bar shows of a screen's keys: each key, its name, shown or not, enabled or not."""
    return tuple(
        (key, active.binding.description, active.binding.show, active.enabled)
        for key, active in screen.active_bindings.items()
    )


class KeyBar(Footer):
    """Textual's Footer, redrawn only when its keys change, and letting go of the old ones.

    The Footer draws all its keys anew whenever the screen says its bindings
    may have changed: five times while the app starts, and at every row
    highlighted or note saved. Most of those times nothing it shows changed,
    so this one compares first.

    Each key it draws also asks to follow the Footer's ``compact`` setting,
    and Textual forgets such a request only when the setting changes, which it
    never does here: every key ever drawn stayed in memory, a few hundred per
    minute of note-taking. After each redraw the setting is announced once
    more, unchanged, which makes Textual drop the requests of the keys gone.
    """

    _drawn: tuple[object, ...] | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        shown = _keys(screen)
        if shown == self._drawn:
            return
        if screen.app.app_focus:  # unfocused, the Footer waits and draws later
            self._drawn = shown
        super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        # What is drawn is the keys as they are now, when the bar is drawn: a screen
        # that was still filling as it asked (the first one, before its first frame)
        # has its keys drawn already, and is not drawn again when it asks once filled.
        if self._bindings_ready:
            self._drawn = _keys(self.screen)
        for node in super().compose():
            # Textual makes each key compact, then at once tells it to follow the bar
            # (not compact): every key was styled twice over before the first frame.
            # Made as the bar is, it is styled once. (The palette's key does not follow
            # the bar: it stays as Textual makes it.)
            compact = getattr(type(node), "compact", None)
            if isinstance(compact, Reactive) and not node.has_class("-command-palette"):
                node.set_reactive(compact, self.compact)
            yield node

    async def recompose(self) -> None:
        await super().recompose()
        self.mutate_reactive(Footer.compact)
