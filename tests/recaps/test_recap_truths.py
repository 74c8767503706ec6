"""The recap states only what is true: who arranged the day, the pre-assignment, a day never held; refusals leave no trace."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.plan import parse_plan
from facilitator.recap import render
from facilitator.store import Store

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)  # long after the day in the plan

PLAN = """
[programme]
name = "Innovationsledarskapsutbildningen"
organiser = "Skaraborgs Kommunalförbund"

[session]
title = "Innovation och lärande"
occasion = 2
date = 2017-11-30
venue = "Inredia i Tibro"
facilitators = ["Anna", "Peter"]
language = "sv"
pre_assignment = { task = "inventera policys och styrdokument i sin organisation", result = "De flesta kommuner hade inget renodlat dokument om innovation." }

[[agenda]]
kind = "recap"
title = "Resumé av föregående utbildningsdag"
minutes = 20

[[agenda]]
kind = "theory"
title = "Innovation och lärande"
minutes = 40
"""

FORMATS = ["md", "html", "txt"]
STYLES = ["minutes", "article"]


@pytest.fixture
def seedlike(store: Store) -> str:
    return store.create(parse_plan(PLAN))


def _recap(store: Store, session_id: str, fmt: str, lang: str, style: str) -> str:
    text = render(store.load(session_id), fmt, lang, NOW, style=style)
    return " ".join(text.split())  # words as a reader meets them, whatever the wrapping


def _run_all_blocks(store: Store, session_id: str) -> None:
    from dataclasses import replace

    start = datetime(2017, 11, 30, 8, 0, tzinfo=UTC)

    def ran(blocks):  # type: ignore[no-untyped-def]
        for i, block in enumerate(blocks):
            blocks[i] = replace(
                block,
                started_at=start,
                finished_at=start.replace(minute=block.minutes % 60, hour=8 + block.minutes // 60),
            )

    store.change_blocks(session_id, ran)


ORGANISER = {
    "sv": "Utbildningen anordnas av Skaraborgs Kommunalförbund",
    "en": "The programme is organised by Skaraborgs Kommunalförbund",
}


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_organiser_is_named(
    store: Store, seedlike: str, fmt: str, lang: str, style: str
) -> None:
    _run_all_blocks(store, seedlike)
    assert ORGANISER[lang] in _recap(store, seedlike, fmt, lang, style)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_programme_recap_names_the_organiser_too(
    store: Store, seedlike: str, fmt: str, lang: str
) -> None:
    from facilitator.recap import render_programme

    programme = store.programme("Innovationsledarskapsutbildningen")
    text = render_programme(programme, [store.load(seedlike)], fmt, lang, NOW)
    assert ORGANISER[lang] in " ".join(text.split())


PRE_ASSIGNMENT = {
    "sv": "Inför tillfället hade deltagarna fått i uppgift att inventera policys",
    "en": "Before this occasion, the participants had been given a task: “inventera policys",
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_article_tells_the_pre_assignment_after_the_look_back_when_no_block_reports_it(
    store: Store, seedlike: str, fmt: str, lang: str
) -> None:
    _run_all_blocks(store, seedlike)
    text = _recap(store, seedlike, fmt, lang, "article")
    task = text.index(PRE_ASSIGNMENT[lang])
    result = text.index("De flesta kommuner hade inget renodlat dokument")
    look_back = text.index("Resumé av föregående utbildningsdag")
    theory = text.rindex("Innovation och lärande")  # the theory block's paragraph
    assert look_back < task < result < theory, "in the order of the day"
    assert text.count(PRE_ASSIGNMENT[lang]) == 1


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_pre_assignment_follows_the_opening_when_the_day_begins_otherwise(
    store: Store, lang: str
) -> None:
    plan = PLAN.replace('kind = "recap"', 'kind = "info"')
    session_id = store.create(parse_plan(plan))
    _run_all_blocks(store, session_id)
    text = _recap(store, session_id, "md", lang, "article")
    opening = text.index(ORGANISER[lang])
    assert opening < text.index(PRE_ASSIGNMENT[lang]) < text.index("Resumé av föregående")


NEVER_HELD = {
    "sv": "Enligt planen skulle det andra tillfället i Innovationsledarskapsutbildningen hållas den 30 november 2017 på Inredia i Tibro. Inget från dagen har förts in.",
    "en": "According to the plan, the second occasion of Innovationsledarskapsutbildningen was to be held on 30 November 2017 at Inredia i Tibro. Nothing from the day has been recorded.",
}
FALSE_FOR_A_DAY_NEVER_HELD = {
    "sv": [
        "genomfördes",
        "hålls det",
        "Peter ledde dagen",
        "Peter leder dagen",
        "presenterade",
        "pågår",
    ],
    "en": [
        "took place",
        "will be held",
        "Peter led the day",
        "Peter lead the day",
        "presented",
        "under way",
    ],
}


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_past_day_that_was_never_run_is_told_as_a_plan(
    store: Store, seedlike: str, fmt: str, lang: str, style: str
) -> None:
    text = _recap(store, seedlike, fmt, lang, style)
    assert NEVER_HELD[lang] in text
    for claim in FALSE_FOR_A_DAY_NEVER_HELD[lang]:
        assert claim not in text, f"{claim!r} claims what did not happen"
    assert ORGANISER[lang] in text


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_day_still_ahead_is_an_invitation_and_not_a_plan_of_the_past(
    store: Store, lang: str
) -> None:
    session_id = store.create(parse_plan(PLAN.replace("2017-11-30", "2027-11-30")))
    text = _recap(store, session_id, "md", lang, "minutes")
    assert ("hålls" if lang == "sv" else "will be held") in text
    assert "Enligt planen skulle" not in text and "According to the plan" not in text


# --- refusals leave every folder as it was ------------------------------------------


def _listing(folder: Path) -> list[str]:
    """Every name under ``folder``, folders and files alike."""
    found = []
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            found.append(os.path.relpath(os.path.join(root, name), folder))
    return sorted(found)


def _refusing_commands(tmp_path: Path) -> list[list[str]]:
    bad = tmp_path / "bad.toml"
    bad.write_text('[session]\ntitle = "x"\n\n[[agenda]]\nkind = "teorii"\nminutes = 5\n')
    broken_json = tmp_path / "bad.json"
    broken_json.write_text('{"format": "facilitator-session", "format": 1}')
    return [
        ["import", str(bad)],
        ["import", str(broken_json)],
        ["import", str(tmp_path / "missing.toml")],
        ["new", "  "],
        ["note", "nosuch", "text"],
        ["export", "nosuch"],
        ["next", "nosuch"],
        ["open", "nosuch"],
        ["room", "nosuch"],
        ["serve", "nosuch"],
        ["programme", "nosuch"],
        ["export", "--programme", "nosuch"],
    ]


@pytest.mark.parametrize("state", ["empty folder", "a store"])
def test_every_refusal_leaves_the_folder_as_it_was(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str], state: str
) -> None:
    if state == "a store":
        root = store.root
        store.create(parse_plan(PLAN))
    else:
        root = tmp_path / "empty"
        root.mkdir()
    for argv in _refusing_commands(tmp_path):
        before = _listing(root)
        try:
            status = main(["--store", str(root), *argv])
        except SystemExit as exc:  # argparse's usage errors
            status = int(exc.code or 0)
        err = capsys.readouterr().err
        assert status in (1, 2), (argv, status, err)
        assert _listing(root) == before, f"{argv}: {err}"


def test_list_on_an_empty_folder_says_there_are_no_sessions_yet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "kurs"
    empty.mkdir()
    assert main(["--store", str(empty), "list"]) == 0
    assert capsys.readouterr().out.startswith("No sessions yet")
    assert list(empty.iterdir()) == []


@pytest.mark.parametrize("where", ["missing", "other files"])
def test_list_on_a_folder_that_is_no_store_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    folder = tmp_path / "kurs"
    if where == "other files":
        folder.mkdir()
        (folder / "semester.jpg").write_bytes(b"\xff\xd8")
    assert main(["--store", str(folder), "list"]) == 1
    assert "no facilitator store there" in capsys.readouterr().err
