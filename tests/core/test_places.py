"""The user's folders are where platformdirs puts them, without importing it in the plain case."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import platformdirs
import pytest

from facilitator import places

ASKED = {
    "data": platformdirs.user_data_dir,
    "config": platformdirs.user_config_dir,
    "cache": platformdirs.user_cache_dir,
    "log": platformdirs.user_log_dir,
}
VARIABLES = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")


@pytest.mark.parametrize(
    "given",
    [
        None,  # unset: the folders under the home folder
        "/srv/xdg",  # set: under it
        "",  # empty: as unset
        "relative/xdg",  # not absolute: the specification says ignore it
        "/srv/with space/ och å",
    ],
)
@pytest.mark.parametrize("home", ["/home/karin", "/", "relative-home"])
@pytest.mark.parametrize("kind", list(ASKED))
def test_each_folder_is_where_platformdirs_puts_it(
    monkeypatch: pytest.MonkeyPatch, kind: places.Kind, given: str | None, home: str
) -> None:
    monkeypatch.setenv("HOME", home)
    for variable in VARIABLES:
        if given is None:
            monkeypatch.delenv(variable, raising=False)
        else:
            monkeypatch.setenv(variable, given + "/" + variable.lower())
    assert places.user_folder(kind) == Path(ASKED[kind]("facilitator", appauthor=False))


def test_the_plain_case_does_not_import_platformdirs(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from facilitator.places import user_folder\n"
        "print([str(user_folder(k)) for k in ('data', 'config', 'cache', 'log')])\n"
        "print('platformdirs' in sys.modules)\n"
    )
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out[0] == str(
        [
            f"{tmp_path}/.local/share/facilitator",
            f"{tmp_path}/.config/facilitator",
            f"{tmp_path}/.cache/facilitator",
            f"{tmp_path}/.local/state/facilitator/log",
        ]
    )
    assert out[1] == "False"
