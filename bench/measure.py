"""Timing, figures and the machine: what every benchmark module records its results with.

A :class:`Figure` is one row of ``RESULTS.md``: a value, the baseline it is compared with
(timed in the same run), their ratio and the target that ratio must meet.

Examples
--------
>>> f = Figure("x", "t", value=2.0, baseline=40.0, ratio=20.0, target=10.0, higher_is_better=True)
>>> f.met
True
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

__all__ = ["Figure", "Results", "timed", "repeat", "median", "p95", "machine", "environment"]


@dataclass
class Figure:
    """One measured figure next to its baseline.

    ``ratio`` is defined per figure (its ``how`` says which way); ``target`` is met when the
    ratio is at least it (``higher_is_better``) or at most it (otherwise). ``target`` None:
    recorded, no target. ``bound``: the baseline timed out, so it and the ratio are lower
    bounds (met when even the bound reaches the target, else unknown).
    """

    key: str
    title: str
    value: float | None = None
    baseline: float | None = None
    ratio: float | None = None
    target: float | None = None
    higher_is_better: bool = True
    unit: str = "s"
    baseline_unit: str | None = None
    store: str = ""
    households: int | None = None
    how: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    bound: bool = False  # the baseline (so the ratio) is a lower bound: it timed out

    @property
    def met(self) -> bool | None:
        if self.target is None or self.ratio is None:
            return None
        if self.higher_is_better:
            return True if self.ratio >= self.target else (None if self.bound else False)
        return self.ratio <= self.target

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "met": self.met}


@dataclass
class Results:
    """Everything one run measured: figures, series for the plots, and notes."""

    figures: list[Figure] = field(default_factory=list)
    series: dict[str, dict[str, dict[int, float]]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, figure: Figure) -> Figure:
        self.figures.append(figure)
        mark = {True: "met", False: "MISSED", None: "-"}[figure.met]
        ratio = f"{figure.ratio:.3g}" if figure.ratio is not None else "-"
        print(f"  [{mark}] {figure.title} ({figure.store} {figure.households or ''}): "
              f"ratio {ratio}", flush=True)
        return figure

    def point(self, series: str, store: str, households: int, seconds: float) -> None:
        self.series.setdefault(series, {}).setdefault(store, {})[households] = seconds

    def note(self, text: str) -> None:
        print(f"  note: {text}", flush=True)
        self.notes.append(text)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """(seconds, result) of one call."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def repeat(fn: Callable[[], Any], reps: int) -> list[float]:
    """Seconds of ``reps`` calls (at least one)."""
    return [timed(fn)[0] for _ in range(max(1, reps))]


def median(values: list[float]) -> float:
    return statistics.median(values)


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank): the value 95% of calls stay at or under."""
    ordered = sorted(values)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


def machine() -> dict[str, Any]:
    """nproc, RAM, CPU model, Python and key package versions of this machine."""
    cpu = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    from importlib.metadata import PackageNotFoundError, version

    packages = {}
    for name in ("networkx", "neo4j", "neo4j-rust-ext", "rustworkx", "pyvis", "streamlit",
                 "playwright"):
        try:
            packages[name] = version(name)
        except PackageNotFoundError:
            packages[name] = None
    return {"nproc": os.cpu_count(), "ram_gib": round(ram, 1), "cpu": cpu,
            "python": platform.python_version(), "platform": platform.platform(),
            "packages": packages}


@contextmanager
def environment(**values: str) -> Iterator[None]:
    """Environment variables set for a block (the app under ``AppTest`` reads its store and
    day from them), put back as they were after it."""
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def write_run(out: Path, figures: list[Figure], command: str, started: float,
              load_before: tuple[float, float, float], notes: list[str] | None = None) -> Path:
    """``out/results.json`` of a run of a few figures, with what ``python -m bench.report
    runs`` notes of it: the machine, the command, the commit, how long it took (from
    ``started``, a ``time.perf_counter()``) and the load average before and after."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, cwd=Path(__file__).parent).stdout.strip()
    info = {"machine": machine(), "date": date.today().isoformat(), "command": command,
            "commit": commit, "seconds": round(time.perf_counter() - started, 1),
            "loadavg_before": load_before, "loadavg_after": os.getloadavg()}
    out.mkdir(parents=True, exist_ok=True)
    path = out / "results.json"
    path.write_text(json.dumps({"info": info, "figures": [f.to_dict() for f in figures],
                                "notes": notes or []}, ensure_ascii=False, indent=1,
                               default=str), encoding="utf-8")
    return path
