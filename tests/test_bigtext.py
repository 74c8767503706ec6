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
    assert cut is not None and cut.width <= 120 and cut.height == 4
    assert bigtext.line(long, 120, cut=False) is None
    assert bigtext.line("Kvar", 120, cut=False) is not None
