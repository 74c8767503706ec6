"""User text shown on a terminal: control characters are made visible, never sent raw."""

from facilitator.safetext import inert, one_line


def test_escape_sequences_become_visible_symbols() -> None:
    assert inert("a\x1b[2Jb\x07c\x9bd\x7f") == "a␛[2Jb␇c\ufffdd␡"


def test_tabs_newlines_and_letters_stay() -> None:
    text = "Åsa:\tsa\n”hej” 🎉"
    assert inert(text) == text


def test_one_line_flattens_and_shortens() -> None:
    assert one_line("a\n  b\tc") == "a b c"
    assert one_line("x" * 300, limit=10) == "x" * 9 + "…"
