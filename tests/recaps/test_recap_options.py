"""The recap's two settings, off by default: presenters in the article's list, the room's names."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from fakes import T0
from test_article_rules import lived  # type: ignore[import-not-found]

from facilitator import settings
from facilitator.cli import main
from facilitator.intake import from_room
from facilitator.model import NoteKind, RecapOptions, RoomState, SessionData
from facilitator.recap import render, render_docx
from facilitator.store import Store

NOW = T0 + timedelta(hours=9)
BOTH = RecapOptions(presenters=True, room_names=True)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return Store(tmp_path_factory.mktemp("store"))


@pytest.fixture(scope="module")
def day(store: Store) -> SessionData:
    """The lived day, where two of the round's senders and one who asked gave a name."""
    data = lived(store)
    answers = [n for n in data.notes if n.round_id]
    named = {answers[0].id: "Sara", answers[2].id: "Olle"}
    notes = [replace(n, speaker=named.get(n.id, n.speaker)) for n in data.notes]
    asked = from_room(
        {
            "id": "a" * 32,
            "text": "Hur får vi med brukarna?",
            "kind": "question",
            "name": " Lisa  B ",
        },
        NOW,
    )
    block = next(b for b in data.blocks if b.title == "Individ, grupp och organisation")
    notes.append(
        replace(
            asked,
            room=RoomState.KEPT,
            block_id=block.id,
            in_article=True,
            created_at=block.started_at or NOW,
        )
    )
    return replace(data, notes=notes)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_settings_are_off_unless_set_and_a_wrong_value_is_one_line(tmp_path: Path) -> None:
    assert settings.Settings().recap_options() == RecapOptions(presenters=False, room_names=False)
    path = tmp_path / "settings.toml"
    path.write_text('article_presenters = true\nroom_names = "yes"\ntheme = "light"\n')
    kept = settings.load(path)
    assert kept.recap_options() == RecapOptions(presenters=True, room_names=False)
    assert kept.theme == "light", "the rest still counts"
    assert kept.problems == (f"{path}: room_names must be true or false, got 'yes'; left out",)
    settings.save(kept.changed(room_names=True), path)
    assert settings.load(path).recap_options() == BOTH, "kept as written"


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_the_project_list_names_presenters_only_when_asked(
    day: SessionData, lang: str, fmt: str
) -> None:
    plain = _flat(render(day, fmt, lang, NOW, style="article"))
    named = _flat(render(day, fmt, lang, NOW, style="article", options=BOTH))
    project = "Ett digitalt bibliotek som når ut (Karin Ek, Kultur och fritid): Kan bokcirklar"
    assert project in named
    assert "Karin Ek" not in plain and "Kultur och fritid" not in plain
    for p in day.presentations:  # someone absent or not reached presented nothing
        assert (p.presenter in named) is (p.state.value == "done"), p.presenter


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_rooms_names_only_when_asked_in_minutes_and_article(
    day: SessionData, lang: str
) -> None:
    for style in ("minutes", "article"):
        plain = _flat(render(day, "md", lang, NOW, style=style))
        named = _flat(render(day, "md", lang, NOW, style=style, options=BOTH))
        for name in ("Sara", "Olle", "Lisa B"):
            assert name not in plain, (style, name)
        assert "Att våga pröva i liten skala (Sara)" in named, style
        assert "Att fråga medarbetarna mer (Olle)" in named, style
        assert "Hur får vi med brukarna?” (Lisa B)" in named or (
            "Hur får vi med brukarna? (Lisa B)" in named
        ), style
        assert "Lärande och innovation hänger ihop (" not in named, "no name given, none shown"


def test_word_has_them_too(day: SessionData) -> None:
    import io
    import zipfile

    made = render_docx(day, "sv", NOW, style="article", options=BOTH)
    xml = zipfile.ZipFile(io.BytesIO(made)).read("word/document.xml").decode()
    assert "(Karin Ek, Kultur och fritid)" in xml and "(Sara)" in xml
    plain = render_docx(day, "sv", NOW, style="article")
    xml = zipfile.ZipFile(io.BytesIO(plain)).read("word/document.xml").decode()
    assert "Karin Ek" not in xml and "(Sara)" not in xml


def test_a_trainers_own_note_keeps_its_speaker_either_way(day: SessionData) -> None:
    quote = next(n for n in day.notes if n.kind is NoteKind.QUOTE and n.room is None)
    said = replace(quote, speaker="Anna Lind", in_article=True)
    data = replace(day, notes=[said if n.id == quote.id else n for n in day.notes])
    assert "Anna Lind" in render(data, "md", "sv", NOW)


def test_the_export_command_follows_the_settings(
    tmp_path: Path, day: SessionData, own_settings: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store(tmp_path / "store")
    session_id = store.create(day)
    export = ["--store", str(store.root), "export", session_id, "--style", "article"]
    assert main([*export, "--lang", "sv"]) == 0
    assert "Karin Ek" not in capsys.readouterr().out
    own_settings.parent.mkdir(parents=True, exist_ok=True)
    own_settings.write_text("article_presenters = true\nroom_names = true\n")
    assert main([*export, "--lang", "sv"]) == 0
    out = _flat(capsys.readouterr().out)
    assert "(Karin Ek, Kultur och fritid)" in out and "(Sara)" in out
    assert main(["settings"]) == 0
    shown = capsys.readouterr().out
    assert "article_presenters = True" in shown and "room_names = True" in shown
