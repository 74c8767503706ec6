"""The errors the core raises: each carries one message fit to show a user."""

from __future__ import annotations

from typing import TypeVar

E = TypeVar("E", bound="FacilitatorError")


class FacilitatorError(Exception):
    """Something the user can act on; the message says what and where.

    Made with ``of(key, **values)``, the message comes from the string table in
    English (for logs and the command line) and the app can show it in the
    user's language with ``localized``. A value written "@key" is itself a
    string of the table ("@pstate.done").
    """

    key: str | None = None
    values: dict[str, object] = {}

    @classmethod
    def of(cls: type[E], key: str, **values: object) -> E:
        error = cls(_say(key, "en", values))
        error.key = key
        error.values = values
        return error

    def localized(self, lang: str) -> str:
        return _say(self.key, lang, self.values) if self.key else str(self)


def _say(key: str, lang: str, values: dict[str, object]) -> str:
    from .i18n import t, words

    shown = {
        name: t(value[1:], lang)
        if isinstance(value, str) and value[1:] in words("en") and value[:1] == "@"
        else value
        for name, value in values.items()
    }
    return t(key, lang, **shown)


class StoreError(FacilitatorError):
    """The store could not be read or written."""


class StoreBusy(StoreError):
    """Another program held the session's lock for longer than we wait; nothing was written."""


class UnconfirmedSave(StoreError):
    """The new file is in place, but the disk did not confirm the rename (the folder's fsync failed).

    The data is saved as far as every reader can tell: callers treat it as saved
    and warn, so that nobody saves the same thing twice. Where the save made
    something the caller needs (a new session's id), it rides along in ``result``.
    """

    result: object = None


class DamagedFileError(StoreError):
    """A store file that cannot be read; it is reported and left untouched."""

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(f"{path}: damaged store file ({reason}); it was left as it is")
        self.path = path
        self.reason = reason


class NewerVersionError(StoreError):
    """A file written by a newer facilitator than this one."""


class SessionNotFound(FacilitatorError):
    """No session matches what the user named."""


class PlanError(FacilitatorError):
    """A plan file or an import file with a mistake in it."""


class InputError(FacilitatorError):
    """A value the user typed that cannot be used as it is."""
