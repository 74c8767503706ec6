"""Numbers in the program's texts: 5 000 in Swedish, 5,000 in English, one rule everywhere."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from facilitator import intake
from facilitator.errors import InputError
from facilitator.i18n import Count, figure, t, tn
from facilitator.model import Note

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("number", "sv", "en"),
    [(5, "5", "5"), (999, "999", "999"), (5000, f"5{NBSP}000", "5,000"),
     (1_000_000, f"1{NBSP}000{NBSP}000", "1,000,000"), (-1200, f"-1{NBSP}200", "-1,200")],
)  # fmt: skip
def test_a_figure_is_written_as_each_language_writes_it(number: int, sv: str, en: str) -> None:
    assert figure(number, "sv") == sv
    assert figure(number, "en") == en


def test_a_refusal_says_its_numbers_in_the_language_it_is_shown_in() -> None:
    with pytest.raises(InputError) as caught:
        intake.checked(Note("x" * 1_000_001))
    said_sv, said_en = caught.value.localized("sv"), caught.value.localized("en")
    assert f"1{NBSP}000{NBSP}000" in said_sv and "1,000,000" not in said_sv
    assert "1,000,000" in said_en and NBSP not in said_en


def test_a_count_is_a_figure_but_other_numbers_are_left_as_given() -> None:
    assert t("serve.too_large", "sv", max=Count(600)) == t("serve.too_large", "sv", max=600)
    assert f"högst 4{NBSP}000 tecken" in t("serve.too_large", "sv", max=Count(4000))
    assert "8080" in t("serve.cannot_listen", "sv", host="h", port=8080, reason="r")
    assert f"(1{NBSP}200 väntar)" in tn("phone.kept", "sv", 1200)


# Where a number was once written with Python's "," into a text a Swede may read.
_COMMA_SPEC = re.compile(r"\{[^{}]*:,[^{}]*\}")  # f"{n:,}", "{:,}", f"{x:,.1f}"


def test_no_text_formats_its_numbers_with_pythons_comma() -> None:
    """Every number in a shown text goes through figure (or Count); only English-only messages may not."""
    root = Path(__file__).resolve().parents[2]
    # The plan's and files' English-only messages, and the rule itself.
    english_only = {"limits.py", "storage.py", "plan.py", "i18n.py"}
    found = [
        f"{path.relative_to(root)}:{i}"
        for folder in ("facilitator", "screens")
        for path in sorted((root / folder).rglob("*.py"))
        if path.name not in english_only
        for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _COMMA_SPEC.search(text)
    ]
    assert not found, found


def test_the_phone_pages_write_numbers_by_the_same_rule() -> None:
    page = Path(__file__).resolve().parents[2] / "data" / "web" / "page.js"
    script = (
        "var window = {}; var addEventListener = function () {};\n"
        + page.read_text(encoding="utf-8")
        + "\nvar p = window.facilitatorPage('');"
        + "console.log(JSON.stringify([5, 999, 5000, 1234567].map(function (n) {"
        + " return [p.figure(n, 'sv'), p.figure(n, 'en')]; })));"
    )
    out = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True).stdout
    import json

    pairs = json.loads(out)
    assert pairs == [[figure(n, "sv"), figure(n, "en")] for n in (5, 999, 5000, 1234567)]


def test_a_round_with_one_answer_says_it_in_the_singular() -> None:
    from facilitator.model import Note, Round, Session, SessionData
    from facilitator.statuslines import room_line

    asked = Round("Vad tar du med dig?")
    data = SessionData(Session(title="Dag", rounds=[asked]), notes=[Note("Mod", round_id=asked.id)])
    assert room_line(data, "en").endswith("(1 answer)")
    data.notes.append(Note("Tid", round_id=asked.id))
    assert room_line(data, "en").endswith("(2 answers)")


@pytest.mark.parametrize(
    ("lang", "said"),
    [("sv", "En deltagare presenterade det projekt som hen ska arbeta med"),
     ("en", "One participant presented the project they will work on")],
)  # fmt: skip
def test_one_project_presented_is_said_in_the_singular(lang: str, said: str) -> None:
    from datetime import timedelta

    from fakes import T0

    from facilitator import agenda, presentations
    from facilitator.plan import load_demo
    from facilitator.recap import render

    data = load_demo()
    block = next(b for b in data.blocks if b.kind.value == "presentations")
    agenda.start(data.blocks, block.id, T0)
    presentations.call_next(data.presentations, T0)
    presentations.finish(data.presentations, T0 + timedelta(minutes=5))
    text = " ".join(render(data, "md", lang, T0 + timedelta(hours=1), style="article").split())
    assert said in text
