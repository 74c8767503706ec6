"""Where the program keeps its files for the user: its data, settings, cache and logs.

Each system has its convention, and platformdirs knows them all. On Linux the
convention is a few environment variables (the XDG base directories), which
are read here directly: importing platformdirs costs an export or a `list`
about 5 ms (a tenth of `facilitator --help`). Anything but the plain case
(another system, a home folder that is not an absolute path) is asked of
platformdirs, and a test holds that both give the same folder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Literal

Kind = Literal["data", "config", "cache", "log"]
APP = "facilitator"

# Each kind's XDG variable, and the folder under the home folder when it is not set.
_XDG = {
    "data": ("XDG_DATA_HOME", "~/.local/share"),
    "config": ("XDG_CONFIG_HOME", "~/.config"),
    "cache": ("XDG_CACHE_HOME", "~/.cache"),
    "log": ("XDG_STATE_HOME", "~/.local/state"),
}


def user_folder(kind: Kind) -> Path:
    """The folder where ``kind`` files of this user belong (it may not exist yet)."""
    if sys.platform == "linux" and not hasattr(sys, "getandroidapilevel"):
        variable, default = _XDG[kind]
        base = os.environ.get(variable, "")
        if not os.path.isabs(base):  # unset, empty or relative: the specification says ignore it
            base = os.path.expanduser(default)
        if os.path.isabs(base):
            folder = Path(base, APP)
            return folder / "log" if kind == "log" else folder
    return _asked_of_platformdirs(kind)


def _asked_of_platformdirs(kind: Kind) -> Path:
    import platformdirs

    ask = {
        "data": platformdirs.user_data_dir,
        "config": platformdirs.user_config_dir,
        "cache": platformdirs.user_cache_dir,
        "log": platformdirs.user_log_dir,
    }[kind]
    return Path(ask(APP, appauthor=False))
