"""The room view's large lettering: every glyph well formed, the largest scale that fits, never past it."""

from __future__ import annotations

import pytest

from facilitator import bigtext


def test_every_glyph_is_seven_rows_of_one_width() -> None:
    for ch, rows in bigtext.FONT.items():
        assert len(rows) == bigtext.ROWS, ch
        assert len({len(row) for row in rows}) == 1, ch
        assert set("".join(rows)) <= {"#", "."}, ch


def test_swedish_letters_and_clock_characters_are_all_there() -> None:
    for text in ("0123456789:+-", "ÅÄÖ åäö", "Fika, åter 10:50!"):
        assert bigtext.clock(text, 500, 50) is not None, text


@pytest.mark.parametrize(("width", "height"), [(100, 22), (200, 45), (78, 18), (40, 6), (25, 4)])
def test_the_clock_is_the_largest_that_fits(width: int, height: int) -> None:
    drawn = bigtext.clock("12:34", width, height)
    assert drawn is not None
    assert drawn.width <= width and drawn.height <= height
    assert all(len(row) == drawn.width for row in drawn.rows)
    assert 1 / 2 <= drawn.sx / drawn.sy <= 2, "dots keep a sane shape"
    wider = bigtext.clock("12:34", width + drawn.width // drawn.sx, height + 8)
    assert wider is not None and (wider.sx, wider.sy) != (drawn.sx, drawn.sy), "more room, bigger"


def test_a_clock_too_large_for_the_space_is_none_not_cut() -> None:
    assert bigtext.clock("12:34", 24, 4) is None  # 25 dots wide at the least
    assert bigtext.clock("12:34", 25, 3) is None  # 7 dots need four rows of half blocks
    assert bigtext.clock("12:34", 25, 4) is not None


def test_the_drawing_is_the_glyphs() -> None:
    drawn = bigtext.draw(["1"], 1, 2)  # one dot: a cell wide, a whole cell high
    assert drawn.rows == [row.replace("#", "█").replace(".", " ") for row in bigtext.FONT["1"]]
    half = bigtext.draw(["-"], 1, 1)  # the bar of a minus sits in the lower half of row 2
    assert half.rows == ["    ", "▄▄▄▄", "    ", "    "]


def test_a_message_wraps_to_be_largest_and_keeps_every_word() -> None:
    text = "Fika i matsalen, åter 10:50"
    drawn = bigtext.message(text, 96, 26)
    assert drawn is not None and drawn.width <= 96 and drawn.height <= 26
    one_line = bigtext.message(text, 400, 26)
    assert one_line is not None and one_line.height < drawn.height * 2
    # Each word is whole on some line: no word is split.
    lines = bigtext._wrap(bigtext._glyph_text(text).split(" "), 96 // drawn.sx)  # type: ignore[union-attr]
    assert lines is not None and " ".join(lines) == text.upper()


def test_a_character_the_font_lacks_leaves_the_text_to_ordinary_type() -> None:
    assert bigtext.message("Fika ☕", 100, 20) is None
    assert bigtext.message("会议", 100, 20) is None
    assert bigtext.line("Nästa: 会议", 200) is None


def test_a_long_line_is_cut_with_dots_or_not_drawn() -> None:
    long = "Nästa: Förberedelseuppgiften vad säger styrdokumenten"
    cut = bigtext.line(long, 120)
    assert cut is not None and cut.width <= 120 and cut.height == 5  # Ä and Ö: a row for accents
    assert bigtext.line(long, 120, cut=False) is None
    assert bigtext.line("Kvar", 120, cut=False) is not None


def test_accented_capitals_keep_the_height_of_the_others_with_their_accents_above() -> None:
    """From the back of the room "RESUMÉ" must not read "RESUMé", nor "PÅ" read "PA"."""
    for accented, plain in (("É", "E"), ("Å", "A"), ("Ä", "A"), ("Ö", "O")):
        drawn = bigtext.draw([accented + plain], 1, 2)  # a dot is one cell: rows are dots
        width = len(bigtext.FONT[plain][0])
        accent_rows = bigtext.ACCENT_ROWS
        assert drawn.height == accent_rows + bigtext.ROWS
        body = [row[:width] for row in drawn.rows[accent_rows:]]
        other = [row[width + 1 :] for row in drawn.rows[accent_rows:]]
        assert body == other, f"{accented}: the capital is drawn like {plain}, at full height"
        accent = [row[:width] for row in drawn.rows[:accent_rows]]
        assert any(cell != " " for row in accent for cell in row), f"{accented}: no accent"
        assert all(row[width + 1 :].strip() == "" for row in drawn.rows[:accent_rows])


def test_a_line_without_accents_keeps_four_rows_and_one_with_them_needs_five() -> None:
    assert bigtext.line("PAUS", 100).height == 4  # type: ignore[union-attr]
    assert bigtext.line("PÅ", 100).height == 5  # type: ignore[union-attr]
    assert bigtext.line("PÅ", 100, height=4) is None, "never squeezed into four rows"
