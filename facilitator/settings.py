"""The user's settings: a small TOML file in the platform's config folder, kept as the app changes them.

    language = "sv"            # the interface: "sv" or "en"
    theme = "light"            # "dark" or "light"
    bell = true                # new sessions ring at their warnings
    warn_minutes = [10, 2]     # new sessions warn this many minutes before a block ends
    store = "~/kurser/store"   # the store, when neither --store nor $FACILITATOR_STORE says
    article_presenters = false # the article's project list names presenter and municipality
    room_names = false         # the recap shows the names the room's senders chose to give

The last two are off unless set: an article names no one but the trainers,
and the room is anonymous, unless the trainer says otherwise.

Every key may be left out. A file that cannot be read or has a wrong value is
reported (what and where) and its other values still count; it never stops
the program. ``$FACILITATOR_SETTINGS`` names another file (the tests use it).
"""

# Without `from __future__ import annotations`, on purpose: see Settings.
import os
from pathlib import Path
from typing import Any, NamedTuple

from . import limits
from .errors import FacilitatorError
from .i18n import t
from .model import RecapOptions, Session
from .storage import reason_of, write_atomically

THEMES = ("dark", "light")
LANGUAGES = ("sv", "en")


class Settings(NamedTuple):
    """What the file says (None: not set), and what was wrong in it.

    A NamedTuple, with its fields' types evaluated as the module is read:
    every command reads the settings, and a frozen dataclass (or annotations
    kept as text) cost more to define than reading the file does.
    """

    language: str | None = None
    theme: str | None = None
    bell: bool | None = None
    warn_minutes: list[int] | None = None
    store: str | None = None
    article_presenters: bool | None = None
    room_names: bool | None = None
    problems: tuple[str, ...] = ()

    def changed(self, **values: Any) -> "Settings":
        return self._replace(problems=(), **values)

    def apply_to(self, session: Session) -> None:
        """A new session's bell and warning times, where the settings give them."""
        if self.bell is not None:
            session.bell = self.bell
        if self.warn_minutes is not None:
            session.warn_minutes = list(self.warn_minutes)

    def recap_options(self) -> RecapOptions:
        """What a recap adds by these settings: the one answer the preview and every export use."""
        return RecapOptions(
            presenters=bool(self.article_presenters), room_names=bool(self.room_names)
        )


# The settings a file may hold, in the order they are written and shown.
NAMES = tuple(name for name in Settings._fields if name != "problems")


def settings_path() -> Path:
    given = os.environ.get("FACILITATOR_SETTINGS")
    if given:
        return Path(given).expanduser()
    from .places import user_folder  # only here: most commands never need it

    return user_folder("config") / "settings.toml"


def _check(key: str, value: Any) -> Any:
    if key == "language":
        if value not in LANGUAGES:
            raise ValueError(f'must be "sv" or "en", got {value!r}')
        return value
    if key == "theme":
        if value not in THEMES:
            raise ValueError(f'must be "dark" or "light", got {value!r}')
        return value
    if key in ("bell", "article_presenters", "room_names"):
        if not isinstance(value, bool):
            raise ValueError(f"must be true or false, got {value!r}")
        return value
    if key == "warn_minutes":
        return limits.warn_minutes(value)
    if key == "store":
        return limits.text(value, limits.NAME_CHARS, "store")
    raise ValueError(f"is not a setting ({', '.join(NAMES)})")


def load(path: Path | None = None) -> Settings:
    """The settings in ``path`` (default: settings_path()); problems listed, never raised."""
    path = path or settings_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError) as exc:
        return Settings(problems=(f"{path}: cannot be read, so it is not used ({exc})",))
    import tomllib  # only here: without a settings file no command needs it

    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return Settings(problems=(f"{path}: cannot be read, so it is not used ({exc})",))
    values: dict[str, Any] = {}
    problems = []
    for key, value in raw.items():
        try:
            values[key] = _check(key, value)
        except ValueError as exc:
            # "language must be …" reads on; "warn_minutes: a warning time must be …" needs the colon.
            said = str(exc)
            glue = " " if said.startswith(("must", "is ")) else ": "
            problems.append(f"{path}: {key}{glue}{said}; left out")
    return Settings(**values, problems=tuple(problems))


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(str(int(v)) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def save(settings: Settings, path: Path | None = None) -> None:
    """Write the settings that are set, whole (a reader never sees half a file).

    Raises OSError (or the store's error for one) if the folder cannot be written.
    """
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["# facilitator settings; see `facilitator settings`"]
    for name in NAMES:
        value = getattr(settings, name)
        if value is not None:
            lines.append(f"{name} = {_toml(value)}")
    write_atomically(path, "\n".join(lines) + "\n")


def remember(path: Path | None = None, lang: str = "en", **values: Any) -> str | None:
    """Change some settings on disk, keeping the rest; a message in ``lang`` if that failed."""
    current = load(path)
    try:
        save(current.changed(**values), path)
    except OSError as exc:
        said = reason_of(exc)  # "@key" for the causes the string table names
        reason = t(said[1:], lang) if said.startswith("@") else said
    except FacilitatorError as exc:
        reason = exc.localized(lang)
    else:
        return None
    return t("settings.not_kept", lang, path=str(path or settings_path()), reason=reason)
