"""Test doubles: a clock that only moves when the test says so."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

T0 = datetime(2017, 11, 30, 9, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def screen_text(app: object) -> str:
    """What the app's screen shows, as lines of text (read from Textual's SVG screenshot)."""
    import html
    import re

    svg = app.export_screenshot()  # type: ignore[attr-defined]
    rows: dict[float, list[tuple[float, str]]] = {}
    for x, y, text in re.findall(r'<text[^>]* x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>', svg):
        rows.setdefault(float(y), []).append((float(x), html.unescape(text).replace("\xa0", " ")))
    return "\n".join("".join(t for _, t in sorted(row)) for _, row in sorted(rows.items()))


def said_by(app: object) -> list[str]:
    """Every notice ``app`` raises from now on, as its message, in order (the list fills as it runs)."""
    said: list[str] = []
    real = app.notify  # type: ignore[attr-defined]

    def notify(message: object, *args: object, **kwargs: object) -> object:
        said.append(str(message))
        return real(message, *args, **kwargs)

    app.notify = notify  # type: ignore[attr-defined]
    return said
