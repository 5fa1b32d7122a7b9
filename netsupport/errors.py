"""The one exception family of netsupport: callers catch :class:`NetsupportError`.

Errors are raised, never returned as failure flags. Each subclass says what went wrong in a
way the CLI and the UI can show a person (in Japanese or English) without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "NetsupportError",
    "Problem",
    "Words",
    "ValueProblem",
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
    """Base of every error netsupport raises on purpose.

    Raised with a message (English, for logs), or with ``code=`` and its arguments: then
    :meth:`text` says it in Japanese or English (``error.<code>`` in
    :mod:`netsupport.i18n`) and the message is the English.

    >>> EditError(code="tie_already_ended", until="2026-10-31").text("ja")
    'このつながりは 2026-10-31 に終了済みです'
    """

    code: str = ""  # (for subclasses with their own __init__)
    fmt: dict[str, Any] = {}  # noqa: RUF012 - replaced, never changed

    def __init__(self, message: str = "", *, code: str = "", **args: Any):
        self.code = code
        self.fmt = args
        super().__init__(_error_text(code, args, "en") if code else message)

    def text(self, lang: str = "ja") -> str:
        """What went wrong, in ``lang`` (the message itself for an uncoded error)."""
        return _error_text(self.code, self.fmt, lang) if self.code else str(self)


def _error_text(code: str, args: dict[str, Any], lang: str) -> str:
    from .i18n import t

    return t(f"error.{code}", lang,
             **{k: v.said(lang) if isinstance(v, Words) else v for k, v in args.items()})


@dataclass(frozen=True, slots=True)
class Words:
    """An argument of a problem that is said differently per language (a list of labels,
    where a record lies); ``str()`` is the English."""

    ja: str
    en: str

    def __str__(self) -> str:
        return self.en

    def said(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en


def _render(code: str, args: tuple[tuple[str, Any], ...], lang: str) -> str:
    from .i18n import t  # i18n is a table without imports: no cycle at call time

    return t(f"problem.{code}", lang,
             **{k: v.said(lang) if isinstance(v, Words) else v for k, v in args})


@dataclass(frozen=True, slots=True)
class Problem:
    """One located problem of a bundle: ``file:row:column: message``.

    ``row`` is the row number as Excel shows it (the header is row 1), or ``None`` for a
    problem of the whole file; ``column`` is the column name, or ``None``.

    A problem found by netsupport carries a ``code`` and its ``args`` (made with
    :meth:`of`): :meth:`text` says it in Japanese or English through the one translation
    table (``problem.<code>`` in :mod:`netsupport.i18n`); ``message`` (and ``str()``) is
    the English, for logs and for tests written against it.

    >>> p = Problem.of("people.csv", 3, "relation", "enum_unknown", value="oya",
    ...                expected=Words("本人、父", "subject, father"))
    >>> p.located("ja")
    'people.csv:3:relation: 「oya」は選べない値です。次のいずれかを入力してください: 本人、父'
    >>> str(p)
    "people.csv:3:relation: unknown value 'oya'; expected one of: subject, father"
    """

    file: str
    row: int | None
    column: str | None
    message: str
    warning: bool = False
    code: str = ""
    args: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, file: str, row: int | None, column: str | None, code: str, *,
           warning: bool = False, **args: Any) -> Problem:
        """The problem ``code`` (``problem.<code>`` in the translation table) with ``args``."""
        items = tuple(args.items())
        return cls(file, row, column, _render(code, items, "en"), warning, code, items)

    def text(self, lang: str = "ja") -> str:
        """What is wrong, in ``lang``."""
        return _render(self.code, self.args, lang) if self.code else self.message

    def located(self, lang: str = "ja") -> str:
        """``file:row:column: text`` in ``lang``."""
        row = "" if self.row is None else str(self.row)
        return f"{self.file}:{row}:{self.column or ''}: {self.text(lang)}"

    def __str__(self) -> str:
        row = "" if self.row is None else str(self.row)
        col = self.column or ""
        return f"{self.file}:{row}:{col}: {self.message}"


class ValueProblem(ValueError):
    """A value that cannot be read (a cell's date, number, code), as a problem ``code`` with
    its ``args``; ``str()`` is the English. The reader turns it into a located
    :class:`Problem`."""

    def __init__(self, code: str, **args: Any):
        self.code = code
        self.fmt = args
        super().__init__(_render(code, tuple(args.items()), "en"))


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
