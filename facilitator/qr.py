"""A QR code for an address: as a matrix (for a widget to draw) and as text (for a terminal)."""

from __future__ import annotations


def qr_matrix(text: str) -> list[list[bool]]:
    """The QR code of ``text`` as rows of dark (True) and light modules, with its quiet zone."""
    import segno

    code = segno.make(text, error="m", micro=False)
    return [[bool(module) for module in row] for row in code.matrix_iter(scale=1, border=2)]


def qr_text(text: str) -> str:
    """The QR code of ``text`` drawn with half blocks: two rows of modules a line.

    Light modules are drawn, dark ones left blank, so that on a terminal's dark
    background the code reads as dark on light, as scanners expect.
    """
    rows = qr_matrix(text)
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    lines = []
    for top, bottom in zip(rows[::2], rows[1::2], strict=True):
        lines.append(
            "".join(
                " " if a and b else "▄" if a else "▀" if b else "█"
                for a, b in zip(top, bottom, strict=True)
            )
        )
    return "\n".join(lines)
