"""Interface words in English and Swedish, the language from the locale, dates in each."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from facilitator.i18n import STRINGS, long_date, t, ui_language


def test_every_string_exists_in_both_languages() -> None:
    for key, (english, swedish) in STRINGS.items():
        assert english.strip() and swedish.strip(), key
        # Placeholders must match, or one language would fail to format.
        assert sorted(_fields(english)) == sorted(_fields(swedish)), key


def test_the_string_files_have_the_same_keys_each_once() -> None:
    """One data file a language: each key in both, none twice (TOML refuses a key said twice)."""
    import tomllib
    from pathlib import Path

    import facilitator_data

    folder = Path(facilitator_data.__file__).parent / "strings"
    tables = {
        lang: tomllib.loads((folder / f"{lang}.toml").read_text("utf-8")) for lang in ("en", "sv")
    }
    assert set(tables["en"]) == set(tables["sv"])
    assert len(tables["en"]) == len(STRINGS) > 400
    assert all(isinstance(text, str) for table in tables.values() for text in table.values())
    with pytest.raises(tomllib.TOMLDecodeError):
        tomllib.loads('"key.quit" = "Quit"\n"key.quit" = "Again"\n')


def test_the_words_are_not_read_until_a_word_is_needed() -> None:
    """`--help`, `list`, `note`: commands that show no interface word do not read the files."""
    import subprocess
    import sys

    code = (
        "import facilitator.i18n as i, facilitator.cli;"
        "assert not i.STRINGS.loaded;"
        "i.t('key.quit', 'sv'); assert i.STRINGS.loaded; print('ok')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "ok", result.stderr


def _fields(text: str) -> list[str]:
    import string

    return [name for _, name, _, _ in string.Formatter().parse(text) if name]


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "sv_SE.UTF-8"}, "sv"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LC_ALL": "sv_FI.UTF-8", "LANG": "en_US.UTF-8"}, "sv"),
        ({"LC_ALL": "C", "LANG": "sv_SE.UTF-8"}, "en"),
        ({"LC_MESSAGES": "sv_SE", "LANG": "en_US.UTF-8"}, "sv"),
        ({}, "en"),
    ],
)
def test_ui_language_follows_the_locale(environ: dict[str, str], expected: str) -> None:
    assert ui_language(environ, system="") == expected


@pytest.mark.parametrize(
    ("system", "expected"),
    [("Swedish_Sweden", "sv"), ("sv_SE", "sv"), ("English_United States", "en"), ("", "en")],
)
def test_without_locale_variables_the_systems_locale_decides(system: str, expected: str) -> None:
    """As on Windows, where LANG is rarely set and the locale is named "Swedish_Sweden"."""
    assert ui_language({}, system=system) == expected
    assert ui_language({"LANG": "en_US.UTF-8"}, system=system) == "en", "the variables win"


def test_dates_and_formatting() -> None:
    assert long_date(date(2017, 11, 30), "sv") == "30 november 2017"
    assert long_date(date(2017, 11, 30), "en") == "30 November 2017"
    assert t("session.occasion", "sv", n=2) == "tillfälle 2"


# Words that are the same in both languages; anything else equal is a string left untranslated.
SAME_IN_BOTH = {
    "recap.label.information",  # "Information" in both
    "recap.room_name",
    "article.project.named",
    "article.project.named.plain",
    "key.agenda", "key.extend", "key.shorten", "key.demo", "queue.col.organisation",
    "queue.col.minutes", "agenda.col.start", "agenda.col.minutes", "pform.organisation",
    "recap.label.start", "attendance.col.organisation", "article.block", "article.kind.info",
    "voice.col.text",
}  # fmt: skip


def test_nothing_is_left_untranslated() -> None:
    same = {key for key, (english, swedish) in STRINGS.items() if english == swedish}
    assert same == SAME_IN_BOTH


def test_errors_speak_the_users_language() -> None:
    from facilitator import presentations
    from facilitator.errors import InputError
    from facilitator.model import Presentation, PresentationState

    q = [Presentation("Karin", id="k", state=PresentationState.DONE)]
    with pytest.raises(InputError) as caught:
        presentations.skip(q, "k")
    assert str(caught.value) == "Karin is done; only a waiting or presenting one can be skipped"
    assert (
        caught.value.localized("sv")
        == "Karin: klar; bara den som väntar eller presenterar kan hoppas över"
    )


def test_every_key_used_in_the_code_exists() -> None:
    """Every t("…") and of("…") in the code names a string of the table."""
    import re
    from pathlib import Path

    import facilitator
    import screens

    used: set[str] = set()
    for folder in (Path(facilitator.__file__).parent, Path(screens.__file__).parent):
        for path in folder.rglob("*.py"):
            used |= set(
                re.findall(
                    r"""(?:\bt|\.of)\(\s*["']([a-z_]+\.[a-z_.]+)["']""",
                    path.read_text(encoding="utf-8"),
                )
            )
    missing = sorted(key for key in used if key not in STRINGS)
    assert missing == []
    assert len(used) > 100


def test_the_parsed_words_are_kept_in_the_cache_folder_and_used_only_while_the_file_is_unchanged(
    tmp_path: Path,
) -> None:
    import marshal
    import os

    from facilitator.i18n import _read, cache_name
    from facilitator.shipped import shipped

    source = shipped("strings", "sv.toml")
    folder, kept = tmp_path / "words", tmp_path / "cache" / "words"
    folder.mkdir()
    words = folder / "sv.toml"
    words.write_bytes(source.read_bytes())
    first = _read("sv", folder, kept)
    cache = kept / cache_name("sv", words)
    assert cache.exists() and first["key.quit"] == "Avsluta"
    assert sorted(os.listdir(folder)) == ["sv.toml"], "nothing written beside the words"

    made_from, table = marshal.loads(cache.read_bytes())
    cache.write_bytes(marshal.dumps((made_from, {**table, "key.quit": "från cachen"})))
    assert _read("sv", folder, kept)["key.quit"] == "från cachen", (
        "an unchanged file: the kept table"
    )

    words.write_text(words.read_text("utf-8").replace('"Avsluta"', '"Sluta"'), "utf-8")
    assert _read("sv", folder, kept)["key.quit"] == "Sluta", "a changed file is read again"
    assert _read("sv", folder, kept)["key.quit"] == "Sluta", "and kept again"

    other = tmp_path / "other install"
    other.mkdir()
    (other / "sv.toml").write_bytes(source.read_bytes())
    os.utime(other / "sv.toml", ns=(words.stat().st_mtime_ns,) * 2)
    (other / "sv.toml").write_bytes(words.read_bytes().replace(b'"Sluta"', b'"Avslut"'))
    os.utime(other / "sv.toml", ns=(words.stat().st_mtime_ns,) * 2)
    assert _read("sv", other, kept)["key.quit"] == "Avslut", "another install's file is its own"
    # Each install keeps its own: reading the other's did not replace this one's.
    made_from, table = marshal.loads(cache.read_bytes())
    cache.write_bytes(marshal.dumps((made_from, {**table, "key.quit": "från cachen"})))
    assert _read("sv", other, kept)["key.quit"] == "Avslut"
    assert _read("sv", folder, kept)["key.quit"] == "från cachen", "two installs, two caches"
    assert sorted(os.listdir(kept)) == sorted([cache.name, cache_name("sv", other / "sv.toml")])
    cache.write_bytes(marshal.dumps((made_from, table)))

    cache.write_bytes(b"\x00not marshal")
    assert _read("sv", folder, kept)["key.quit"] == "Sluta", "a damaged cache: the file"

    for name in os.listdir(kept):
        (kept / name).unlink()
    kept.rmdir()
    kept.write_text("a file where the folder would be")
    assert _read("sv", folder, kept)["key.quit"] == "Sluta", "nowhere to keep it: read each time"
    assert not any(name.endswith(".tmp") for name in os.listdir(tmp_path))


def test_a_leftover_data_folder_is_named_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """An older version's cache left in site-packages hides the data: said, not a TypeError."""
    import types

    from facilitator.errors import FacilitatorError
    from facilitator.shipped import shipped

    leftover = types.ModuleType("facilitator_data")
    leftover.__path__ = ["/venv/site-packages/facilitator_data"]  # a namespace package: no __file__
    monkeypatch.setitem(sys.modules, "facilitator_data", leftover)
    with pytest.raises(FacilitatorError) as raised:
        shipped("strings", "sv.toml")
    said = str(raised.value)
    assert "remove /venv/site-packages/facilitator_data" in said and "\n" not in said


def test_one_new_from_the_room_is_said_in_the_singular() -> None:
    from facilitator.model import Note, RoomState, Session, SessionData
    from facilitator.statuslines import room_line

    data = SessionData(Session(title="Dag"), notes=[Note("Fråga", room=RoomState.NEW)])
    assert room_line(data, "sv") == "Från rummet: 1 ny"
    assert room_line(data, "en") == "From the room: 1 new"
    data.notes.append(Note("En till", room=RoomState.NEW))
    assert room_line(data, "sv") == "Från rummet: 2 nya"
