"""Settings that stay: what the app changes is there at the next start; a bad file never stops anything."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import press
from fakes import FakeClock

from facilitator import settings
from facilitator.app import FacilitatorApp
from facilitator.cli import main
from facilitator.store import Store


async def test_language_theme_bell_and_warnings_survive_a_restart(
    store: Store, demo_id: str, own_settings: Path
) -> None:
    app = FacilitatorApp(store, demo_id, clock=FakeClock(), language=None, settings=own_settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        first = app.language
        await press(pilot, "f2", "f8", "t", "w")
        await pilot.pause()
        for key in ("ctrl+a", "ctrl+k"):
            await press(pilot, key)
        await press(pilot, "1", "0", "comma", "space", "2", "enter")
        await pilot.pause()
    assert store.load(demo_id).session.warn_minutes == [10, 2]
    kept = settings.load(own_settings)
    assert kept.language == ("en" if first == "sv" else "sv")
    assert (kept.theme, kept.bell, kept.warn_minutes) == ("light", True, [10, 2])

    again = FacilitatorApp(store, demo_id, clock=FakeClock(), settings=own_settings)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert again.language == kept.language
        assert again.theme == "facilitator-light"
        made = again.new_session_data("Ny dag")
        assert made.session.bell is True and made.session.warn_minutes == [10, 2]


def test_new_sessions_from_the_command_line_take_the_settings(
    store: Store, own_settings: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.save(settings.Settings(language="sv", bell=True, warn_minutes=[3]), own_settings)
    assert main(["--store", str(store.root), "new", "Dag"]) == 0
    session = store.load(capsys.readouterr().out.strip()).session
    assert (session.language, session.bell, session.warn_minutes) == ("sv", True, [3])


def test_the_store_setting_is_used_when_nothing_else_names_one(
    tmp_path: Path,
    own_settings: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("FACILITATOR_STORE", raising=False)
    chosen = tmp_path / "kurser"
    settings.save(settings.Settings(store=str(chosen)), own_settings)
    assert main(["new", "Dag"]) == 0
    assert (chosen / "sessions").is_dir()
    assert main(["settings"]) == 0
    said = capsys.readouterr().out
    assert str(own_settings) in said and f"store = {chosen}" in said


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ('language = "fi"\ntheme = "light"\n', "language must be"),
        ("theme = 5\nbell = true\n", "theme must be"),
        ('warn_minutes = [0]\nlanguage = "sv"\n', "warn_minutes"),
        ("colour = 1\n", "not a setting"),
        ("this is = = not toml", "cannot be read"),
        ("\udcff", "cannot be read"),
    ],
)
def test_a_bad_settings_file_is_reported_and_the_rest_used(
    store: Store, own_settings: Path, capsys: pytest.CaptureFixture[str], text: str, complaint: str
) -> None:
    own_settings.parent.mkdir(parents=True)
    own_settings.write_bytes(text.encode("utf-8", "surrogateescape"))
    before = own_settings.read_bytes()
    assert main(["--store", str(store.root), "list"]) == 0
    err = capsys.readouterr().err
    assert complaint in err and str(own_settings) in err
    assert "Traceback" not in err
    assert own_settings.read_bytes() == before, "a bad file is left as it is"
    kept = settings.load(own_settings)
    if "light" in text:
        assert kept.theme == "light", "the good values still count"


def test_a_setting_that_cannot_be_kept_is_said_not_raised(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("")
    problem = settings.remember(
        blocked / "settings.toml", language="sv"
    )  # a file in the folder's place
    assert problem and "not kept" in problem
