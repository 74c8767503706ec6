"""How a typed line becomes a note: prefixes, speakers, owners, and the escape."""

import pytest

from facilitator.capture import Captured, parse
from facilitator.model import NoteKind


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Lärande är en förutsättning", Captured("Lärande är en förutsättning", NoteKind.POINT)),
        (
            '"Nu inser jag varför — Karin Ek',
            Captured("Nu inser jag varför", NoteKind.QUOTE, speaker="Karin Ek"),
        ),
        (
            '" ”Nu inser jag varför” -- Karin',
            Captured("Nu inser jag varför", NoteKind.QUOTE, speaker="Karin"),
        ),
        ('"Utan talare', Captured("Utan talare", NoteKind.QUOTE)),
        ("! Vi ses 25 januari", Captured("Vi ses 25 januari", NoteKind.DECISION)),
        (
            "> Skicka bilderna @Anna Lind",
            Captured("Skicka bilderna", NoteKind.ACTION, owner="Anna Lind"),
        ),
        (">Mejla alla", Captured("Mejla alla", NoteKind.ACTION)),
        ("? Vem äger styrdokumenten", Captured("Vem äger styrdokumenten", NoteKind.QUESTION)),
        ("\\! inte ett beslut", Captured("! inte ett beslut", NoteKind.POINT)),
        ("a - b -- not a quote", Captured("a - b -- not a quote", NoteKind.POINT)),
        ("  indrag\tmed tab 🎉", Captured("  indrag\tmed tab 🎉", NoteKind.POINT)),
    ],
)
def test_prefixes(line: str, expected: Captured) -> None:
    assert parse(line) == expected


@pytest.mark.parametrize("mark", ['"', "“", "”", "„", "«", "»"])
def test_every_quote_mark_a_keyboard_types_starts_a_quote(mark: str) -> None:
    """A phone's keyboard types curly quotes: they mean a quote, as the straight one does."""
    captured = parse(f"{mark}Smart citat — Karin")
    assert (captured.kind, captured.text, captured.speaker) == (
        NoteKind.QUOTE,
        "Smart citat",
        "Karin",
    )
    assert parse(f"\\{mark}inte ett citat").kind is NoteKind.POINT


def test_kind_by_key_and_default_speaker() -> None:
    assert parse("Tydligt mål", NoteKind.DECISION) == Captured("Tydligt mål", NoteKind.DECISION)
    assert parse("Bra fråga", NoteKind.QUOTE, speaker="Jonas") == Captured(
        "Bra fråga", NoteKind.QUOTE, speaker="Jonas"
    )
    assert parse('"Citat — Eva', speaker="Jonas").speaker == "Eva"
    assert parse("? fråga", NoteKind.DECISION).kind is NoteKind.QUESTION, "a prefix beats the key"
