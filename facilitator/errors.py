"""The errors the core raises: each carries one message fit to show a user."""

from __future__ import annotations


class FacilitatorError(Exception):
    """Something the user can act on; the message says what and where."""


class StoreError(FacilitatorError):
    """The store could not be read or written."""


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
