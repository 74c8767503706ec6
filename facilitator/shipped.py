"""Where the files that ship with the program are (the package ``facilitator_data``).

Only read from here: nothing is ever written under the install, which may be
read-only, shared between users, or replaced by the next ``pip install``.
"""

from __future__ import annotations

from pathlib import Path

from .errors import FacilitatorError


def shipped(*parts: str) -> Path:
    """The path of a shipped file or folder, e.g. ``shipped("strings", "sv.toml")``.

    A folder named ``facilitator_data`` without its ``__init__.py`` (left in
    site-packages by an older version's cache, which pip does not remove)
    is imported as an empty namespace package that hides the real one; that
    is said in one line that names the folder, never as a TypeError later.
    """
    import facilitator_data

    init = getattr(facilitator_data, "__file__", None)
    if init is None:
        where = ", ".join(str(path) for path in getattr(facilitator_data, "__path__", []))
        # In English only: the words of the interface are among the files it cannot find.
        raise FacilitatorError(
            f"the program's data files are hidden by a folder an older version left behind:"
            f" remove {where or 'facilitator_data in site-packages'} and install again"
        )
    return Path(init).parent.joinpath(*parts)
