"""Large lettering for the room view: a 7-row bitmap font drawn with half blocks, as big as fits.

A glyph's dot becomes ``sx`` columns by ``sy`` half-rows; a terminal cell is
about twice as tall as wide, so sx == sy gives square dots. The scale is the
largest that fits the space, with dots never more than twice as tall as wide
or the other way round, so digits stay digit-shaped at any window size.
"""

from __future__ import annotations

from dataclasses import dataclass

ROWS = 7  # dots per glyph, top to bottom
ACCENT_ROWS = 3  # above the glyphs, in a line that has an accented capital (Å, Ä, Ö, É)
LINE_GAP = 2  # dots between lines of a wrapped message

_FONT_SOURCE = {
    "0": ".###. #...# #...# #...# #...# #...# .###.",
    "1": "..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.",
    "2": ".###. #...# ....# ...#. ..#.. .#... #####",
    "3": "##### ...#. ..#.. ...#. ....# #...# .###.",
    "4": "...#. ..##. .#.#. #..#. ##### ...#. ...#.",
    "5": "##### #.... ####. ....# ....# #...# .###.",
    "6": "..##. .#... #.... ####. #...# #...# .###.",
    "7": "##### ....# ...#. ..#.. .#... .#... .#...",
    "8": ".###. #...# #...# .###. #...# #...# .###.",
    "9": ".###. #...# #...# .#### ....# ...#. .##..",
    "A": ".###. #...# #...# ##### #...# #...# #...#",
    "B": "####. #...# #...# ####. #...# #...# ####.",
    "C": ".###. #...# #.... #.... #.... #...# .###.",
    "D": "####. #...# #...# #...# #...# #...# ####.",
    "E": "##### #.... #.... ####. #.... #.... #####",
    "F": "##### #.... #.... ####. #.... #.... #....",
    "G": ".###. #...# #.... #.### #...# #...# .####",
    "H": "#...# #...# #...# ##### #...# #...# #...#",
    "I": "### .#. .#. .#. .#. .#. ###",
    "J": "..### ...#. ...#. ...#. ...#. #..#. .##..",
    "K": "#...# #..#. #.#.. ##... #.#.. #..#. #...#",
    "L": "#.... #.... #.... #.... #.... #.... #####",
    "M": "#...# ##.## #.#.# #.#.# #...# #...# #...#",
    "N": "#...# #...# ##..# #.#.# #..## #...# #...#",
    "O": ".###. #...# #...# #...# #...# #...# .###.",
    "P": "####. #...# #...# ####. #.... #.... #....",
    "Q": ".###. #...# #...# #...# #.#.# #..#. .##.#",
    "R": "####. #...# #...# ####. #.#.. #..#. #...#",
    "S": ".#### #.... #.... .###. ....# ....# ####.",
    "T": "##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..",
    "U": "#...# #...# #...# #...# #...# #...# .###.",
    "V": "#...# #...# #...# #...# #...# .#.#. ..#..",
    "W": "#...# #...# #...# #.#.# #.#.# #.#.# .#.#.",
    "X": "#...# #...# .#.#. ..#.. .#.#. #...# #...#",
    "Y": "#...# #...# .#.#. ..#.. ..#.. ..#.. ..#..",
    "Z": "##### ....# ...#. ..#.. .#... #.... #####",
    # Accented capitals: three rows of accent above a capital of full height.
    "Å": "..#.. .#.#. ..#.. .###. #...# #...# ##### #...# #...# #...#",
    "Ä": "..... .#.#. ..... .###. #...# #...# ##### #...# #...# #...#",
    "Ö": "..... .#.#. ..... .###. #...# #...# #...# #...# #...# .###.",
    "Ü": "..... .#.#. ..... #...# #...# #...# #...# #...# #...# .###.",
    "É": "...#. ..#.. ..... ##### #.... #.... ####. #.... #.... #####",
    "Æ": ".#### #.#.. #.#.. ##### #.#.. #.#.. #.###",
    "Ø": ".###. #..## #.#.# #.#.# #.#.# ##..# .###.",
    " ": "... ... ... ... ... ... ...",
    ".": ". . . . . . #",
    ",": ".. .. .. .. .. .# #.",
    ":": ". # . . . # .",
    ";": ".. .# .. .. .. .# #.",
    "!": "# # # # # . #",
    "?": ".###. #...# ....# ...#. ..#.. ..... ..#..",
    "-": ".... .... .... #### .... .... ....",
    "+": "..... ..#.. ..#.. ##### ..#.. ..#.. .....",
    "'": "# # . . . . .",
    '"': "#.# #.# ... ... ... ... ...",
    "(": "..# .#. #.. #.. #.. .#. ..#",
    ")": "#.. .#. ..# ..# ..# .#. #..",
    "/": "....# ....# ...#. ..#.. .#... #.... #....",
    "&": ".##.. #..#. #.#.. .#... #.#.# #..#. .##.#",
    "%": "##..# ##..# ...#. ..#.. .#... #..## #..##",
    "#": ".#.#. .#.#. ##### .#.#. ##### .#.#. .#.#.",
    "=": "..... ..... ##### ..... ##### ..... .....",
    "*": "..... #.#.# .###. ##### .###. #.#.# .....",
    "<": "...# ..#. .#.. #... .#.. ..#. ...#",
    ">": "#... .#.. ..#. ...# ..#. .#.. #...",
    "@": ".###. #...# #.### #.#.# #.### #.... .####",
    "·": ". . . # . . .",
}
# Characters drawn as another: typographic dashes and quotes, brackets.
_SAME_AS = {
    "–": "-",
    "—": "-",
    "−": "-",
    "’": "'",
    "‘": "'",
    "´": "'",
    "`": "'",
    "”": '"',
    "“": '"',
    "„": '"',
    "«": '"',
    "»": '"',
    "[": "(",
    "]": ")",
    "{": "(",
    "}": ")",
    "\t": " ",
    "\u00a0": " ",
}


def _parse(source: str) -> tuple[str, ...]:
    rows = tuple(source.split(" "))
    assert len(rows) in (ROWS, ACCENT_ROWS + ROWS) and len({len(r) for r in rows}) == 1, source
    return rows


_PARSED = {ch: _parse(rows) for ch, rows in _FONT_SOURCE.items()}
# Each glyph's body, ROWS high, and the accents drawn above the accented ones.
FONT: dict[str, tuple[str, ...]] = {ch: rows[-ROWS:] for ch, rows in _PARSED.items()}
ACCENTS: dict[str, tuple[str, ...]] = {
    ch: rows[:ACCENT_ROWS] for ch, rows in _PARSED.items() if len(rows) > ROWS
}


def _line_rows(line: str) -> int:
    """Dots from top to bottom of a line: room for accents only where a line has one."""
    return ROWS + (ACCENT_ROWS if any(ch in ACCENTS for ch in line) else 0)


def _dots_high(lines: list[str]) -> int:
    return sum(_line_rows(line) for line in lines) + LINE_GAP * (len(lines) - 1)


def _glyph_text(text: str) -> str | None:
    """``text`` in the font's characters (upper case, plain dashes), or None if one is missing."""
    out = []
    for ch in text.replace("…", "...").upper():
        ch = _SAME_AS.get(ch, ch)
        if ch not in FONT:
            return None
        out.append(ch)
    return "".join(out)


def _dots_wide(word: str) -> int:
    """Dots across a run of glyphs, one dot between each."""
    return sum(len(FONT[ch][0]) for ch in word) + max(0, len(word) - 1)


@dataclass(frozen=True)
class Lettering:
    """Lines of text drawn large: ``rows`` of equal width, in cells."""

    rows: list[str]
    sx: int
    sy: int

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    @property
    def height(self) -> int:
        return len(self.rows)


def draw(lines: list[str], sx: int, sy: int) -> Lettering:
    """Lines in the font's characters at a scale; each line centred on the widest."""
    widest = max(_dots_wide(line) for line in lines)
    dots: list[list[bool]] = []
    for number, line in enumerate(lines):
        if number:
            dots += [[False] * widest for _ in range(LINE_GAP)]
        pad = (widest - _dots_wide(line)) // 2
        accented = _line_rows(line) > ROWS
        for row in range(-ACCENT_ROWS if accented else 0, ROWS):
            bits = [False] * pad
            for index, ch in enumerate(line):
                if index:
                    bits.append(False)
                glyph = FONT[ch] if row >= 0 else ACCENTS.get(ch, ("." * len(FONT[ch][0]),) * 3)
                bits += [c == "#" for c in glyph[row]]
            bits += [False] * (widest - len(bits))
            dots.append(bits)
    # Each dot row becomes sy half-rows; two half-rows make one cell row.
    halves = [row for row in dots for _ in range(sy)]
    if len(halves) % 2:
        halves.append([False] * widest)
    rows = []
    for top, bottom in zip(halves[::2], halves[1::2], strict=True):
        cells = []
        for upper, lower in zip(top, bottom, strict=True):
            cells.append(("█" if lower else "▀") if upper else ("▄" if lower else " "))
        rows.append("".join(cell * sx for cell in cells))
    return Lettering(rows, sx, sy)


def _scale_for(dots_wide: int, dots_high: int, width: int, height: int) -> tuple[int, int] | None:
    """The largest dot size (columns, half-rows) for a block of dots in width x height cells."""
    sx = width // dots_wide if dots_wide else 0
    sy = (2 * height) // dots_high if dots_high else 0
    if sx < 1 or sy < 1:
        return None
    # Keep the shape: a dot at most twice as tall as wide, or twice as wide as tall.
    sx = min(sx, 2 * sy)
    sy = min(sy, 2 * sx)
    return sx, sy


def clock(text: str, width: int, height: int) -> Lettering | None:
    """One line (a time, a countdown) as large as fits in width x height cells; None if it cannot."""
    glyphs = _glyph_text(text)
    if not glyphs or width < 1 or height < 1:
        return None
    scale = _scale_for(_dots_wide(glyphs), _dots_high([glyphs]), width, height)
    return draw([glyphs], *scale) if scale else None


def line(text: str, width: int, cut: bool = True, height: int = 5) -> Lettering | None:
    """One line at the smallest scale (four rows high, five with accents) if it fits.

    A longer line is cut after as many characters as fit, with "..." after
    them; with ``cut`` false it is None instead, for words that must be read
    whole. None too if it is taller than ``height``: accents are never squeezed.
    """
    glyphs = _glyph_text(" ".join(text.split()))
    if not glyphs or width < 1 or (_dots_high([glyphs]) + 1) // 2 > height:
        return None
    if _dots_wide(glyphs) <= width:
        return draw([glyphs], 1, 1)
    if not cut:
        return None
    for end in range(len(glyphs) - 1, 0, -1):
        shorter = glyphs[:end].rstrip() + "..."
        if _dots_wide(shorter) <= width:
            return draw([shorter], 1, 1)
    return None


def message(text: str, width: int, height: int) -> Lettering | None:
    """Words wrapped onto as few lines as make them largest, in width x height cells.

    None if the text has a character the font lacks, or cannot fit even at the
    smallest scale: the caller then shows it as ordinary text.
    """
    glyphs = _glyph_text(" ".join(text.split()))
    if not glyphs or width < 1 or height < 1:
        return None
    words = glyphs.split(" ")
    best: Lettering | None = None
    best_size = 0
    for sx in range(max(1, width // 4), 0, -1):
        lines = _wrap(words, width // sx)
        if lines is None:
            continue
        dots_high = _dots_high(lines)
        scale = _scale_for(max(_dots_wide(line) for line in lines), dots_high, width, height)
        if scale is None:
            continue
        size = min(scale[0], scale[1])  # what the reader sees: the smaller side of a dot
        if size > best_size:
            best, best_size = draw(lines, *scale), size
    return best


def _wrap(words: list[str], dots: int) -> list[str] | None:
    """Words on lines at most ``dots`` wide; None if one word is wider than that."""
    lines: list[str] = []
    for word in words:
        if _dots_wide(word) > dots:
            return None
        if lines and _dots_wide(lines[-1] + " " + word) <= dots:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines
