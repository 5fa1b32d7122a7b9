"""Progress of the long commands (validate, load, scan, export) on a terminal, in Japanese.

A city of 80,000 households takes a minute or more to load or scan; a silent terminal for
that long looks hung. Each command names its steps (:meth:`Progress.step`): a step with a
known size shows a bar (the rows written, batch by batch), one without shows what it is
doing and how long it has taken, refreshed twice a second. Everything goes to stderr, so
that what a command prints on stdout (a table, JSON) stays clean.

Progress is drawn only when stderr is a terminal and ``--quiet`` was not given: a cron job,
a pipe or a test sees nothing of it. Drawing is tqdm's (a well-kept library; it handles
terminal width, wide characters and Windows consoles).

Examples
--------
>>> progress = Progress(enabled=False)
>>> with progress.step("progress.read") as advance:
...     advance(10)
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from tqdm import tqdm

from ..i18n import t

__all__ = ["Progress"]

_BAR = "{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}]"
_OPEN = "{desc}… {elapsed}"


class Progress:
    """The steps of one command, drawn on stderr when ``enabled``."""

    def __init__(self, enabled: bool, lang: str = "ja"):
        self.enabled = enabled
        self.lang = lang

    @classmethod
    def for_args(cls, args: Any) -> Progress:
        """On when stderr is a terminal and the command has no ``--quiet``."""
        quiet = getattr(args, "quiet", False)
        return cls(not quiet and sys.stderr.isatty(), getattr(args, "lang", "ja"))

    @contextmanager
    def step(self, key: str, total: int | None = None,
             **fmt: object) -> Iterator[Callable[[int], None]]:
        """One step, labelled by the i18n text ``key``; yields ``advance(n)``, which moves a
        bar of ``total`` by ``n`` (without a ``total`` there is no bar: the step shows its
        elapsed time until it ends)."""
        if not self.enabled:
            yield _nothing
            return
        sized = _columns() > 0
        bar = tqdm(total=total, desc=t(key, self.lang, **fmt), file=sys.stderr,
                   bar_format=_BAR if total else _OPEN, dynamic_ncols=sized,
                   ncols=None if sized else 80, nrows=None if sized else 24, leave=True,
                   mininterval=0.2)
        stop = threading.Event()
        ticker = None
        if not total:
            ticker = threading.Thread(target=_tick, args=(bar, stop), daemon=True)
            ticker.start()
        try:
            yield bar.update
        finally:
            stop.set()
            if ticker is not None:
                ticker.join()
            bar.close()


def _columns() -> int:
    """The width of the terminal on stderr; 0 when it says none (a bare pseudo-terminal,
    where tqdm would draw nothing: 80 columns and 24 lines are assumed then)."""
    try:
        return os.get_terminal_size(sys.stderr.fileno()).columns
    except (OSError, ValueError):
        return 0


def _nothing(_: int) -> None:
    return None


def _tick(bar: tqdm, stop: threading.Event) -> None:
    """Redraw an open-ended step twice a second, so that its elapsed time moves."""
    while not stop.wait(0.5):
        bar.refresh()
