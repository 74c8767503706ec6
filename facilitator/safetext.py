"""Making user text safe to show on a terminal: control characters become visible symbols."""

from __future__ import annotations

import re

# C0 controls (but tab and newline), DEL, C1 controls, and the bidirectional
# embeddings, overrides and isolates. Stored as typed, but never sent raw: an
# escape sequence inside a note must not drive the terminal, and a right-to-left
# override must not turn the rest of a line around where nobody can see it.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069]")
UNSAFE = _CONTROL  # for tests and outputs that escape rather than show


def _symbol(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control picture" of the same code: ␛ for ESC
    if code == 0x7F:
        return "\u2421"  # ␡
    if code >= 0x202A:
        return f"\u27e6U+{code:04X}\u27e7"  # ⟦U+202E⟧: seen, and nothing to escape in any format
    return "\ufffd"


def inert(text: str) -> str:
    """``text`` with every control character replaced by a visible stand-in."""
    return _CONTROL.sub(_symbol, text)


def one_line(text: str, limit: int = 200) -> str:
    """``text`` made inert on a single line, shortened with an ellipsis past ``limit``."""
    flat = inert(" ".join(text.split()))
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def escape_unsafe_json(text: str) -> str:
    """JSON text with C1 and bidi controls written as \\u escapes (JSON escapes C0 itself).

    The export stays exact when read back, and printing it cannot drive the terminal.
    """
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
