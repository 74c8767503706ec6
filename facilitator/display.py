"""Making user text safe to show on a terminal: control characters become visible symbols."""

from __future__ import annotations

import re

# C0 controls (but tab and newline), DEL and C1 controls. Stored as typed, but
# never sent raw: an escape sequence inside a note must not drive the terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")


def _symbol(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control picture" of the same code: ␛ for ESC
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def inert(text: str) -> str:
    """``text`` with every control character replaced by a visible stand-in."""
    return _CONTROL.sub(_symbol, text)


def one_line(text: str, limit: int = 200) -> str:
    """``text`` made inert on a single line, shortened with an ellipsis past ``limit``."""
    flat = inert(" ".join(text.split()))
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
