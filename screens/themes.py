"""The app's two themes: plain, strong colours for a laptop mirrored to a projector."""

from __future__ import annotations

from textual.theme import Theme

# Plain, strong colours: a projector washes out pastels and thin contrast.
PROJECTOR_THEMES = [
    Theme(
        name="facilitator-dark",
        dark=True,
        foreground="#f2f2f2",
        background="#0b0b0b",
        surface="#161616",
        panel="#232323",
        primary="#4da3ff",
        secondary="#7fd1ff",
        accent="#ffcc33",
        warning="#ffb000",
        error="#ff4040",
        success="#45d16e",
    ),
    Theme(
        name="facilitator-light",
        dark=False,
        foreground="#111111",
        background="#ffffff",
        surface="#f1f1f1",
        panel="#e2e2e2",
        primary="#0050b3",
        secondary="#006d8f",
        accent="#8a5a00",
        warning="#b86e00",
        error="#c00000",
        success="#1b7f3b",
    ),
]
