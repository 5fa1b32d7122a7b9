"""The one exception family of netsupport: callers catch :class:`NetsupportError`.

Errors are raised, never returned as failure flags. Each subclass says what went wrong in a
way the CLI and the UI can show a person (in Japanese or English) without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "NetsupportError",
    "Problem",
    "BundleError",
    "RulesError",
    "StoreError",
    "StoreNotEmptyError",
    "NotFoundError",
    "ConflictError",
    "StoreUnavailableError",
    "EditError",
]


class NetsupportError(Exception):
    """Base of every error netsupport raises on purpose."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One located problem of a bundle: ``file:row:column: message``.

    ``row`` is the row number as Excel shows it (the header is row 1), or ``None`` for a
    problem of the whole file; ``column`` is the column name, or ``None``.
    """

    file: str
    row: int | None
    column: str | None
    message: str
    warning: bool = False

    def __str__(self) -> str:
        row = "" if self.row is None else str(self.row)
        col = self.column or ""
        return f"{self.file}:{row}:{col}: {self.message}"


class BundleError(NetsupportError):
    """A bundle that failed validation; ``problems`` lists every error found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if not p.warning]
        super().__init__(f"{len(errors)} error(s) in bundle:\n" + "\n".join(map(str, errors)))


class RulesError(NetsupportError):
    """A rules file that is missing a key or holds a value of the wrong kind (names the key)."""


class StoreError(NetsupportError):
    """A store could not do what was asked."""


class StoreNotEmptyError(StoreError):
    """Loading into a store that already holds data, without asking to replace it."""


class NotFoundError(StoreError):
    """An id that the store does not hold."""


class ConflictError(StoreError):
    """An edit that would overwrite someone else's newer change, or duplicate a record."""


class EditError(StoreError):
    """An edit that is invalid in itself (unknown kind, a date before another, ...)."""


class StoreUnavailableError(StoreError):
    """The database cannot be reached (Neo4j down or restarting)."""
