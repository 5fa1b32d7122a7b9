"""``RESULTS.md``, ``results.json`` and the plots of one run.

The table has one row per figure: what was measured, its baseline (timed in the same run),
the ratio, the target and whether it was met. Plots (matplotlib, Agg): time against
households for the city scan (``scan.png``) and the household view (``household_view.png``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .measure import Figure, Results

__all__ = ["write_report", "fmt"]


def fmt(value: float | None, unit: str) -> str:
    """A value in its unit, readable at a glance.

    >>> fmt(0.0123, "s"), fmt(12345.6, "rows/s"), fmt(1.234, "GiB")
    ('12.3 ms', '12,346 rows/s', '1.23 GiB')
    """
    if value is None:
        return "—"
    if unit == "s":
        if value < 1e-3:
            return f"{value * 1e6:.0f} µs"
        if value < 1:
            return f"{value * 1e3:.3g} ms"
        return f"{value:.3g} s"
    if unit == "rows/s":
        return f"{value:,.0f} rows/s"
    return f"{value:.3g} {unit}"


def _ratio(f: Figure) -> str:
    return "—" if f.ratio is None else f"{'> ' if f.bound else ''}{f.ratio:.3g}×"


def _target(f: Figure) -> str:
    if f.target is None:
        return "—"
    return f"{'≥' if f.higher_is_better else '≤'} {f.target:g}×"


def _met(f: Figure) -> str:
    return {True: "yes", False: "**no**", None: "—"}[f.met]


def table(figures: list[Figure]) -> list[str]:
    lines = ["| # | figure | store | households | value | baseline | ratio | target | met? |",
             "|---|---|---|---:|---:|---:|---:|---:|:---:|"]
    for i, f in enumerate(figures, 1):
        households = f"{f.households:,}" if f.households else ""
        baseline = ("> " if f.bound else "") + fmt(f.baseline, f.baseline_unit or f.unit)
        lines.append(f"| {i} | {f.title} | {f.store} | {households} | {fmt(f.value, f.unit)} "
                     f"| {baseline} | {_ratio(f)} | {_target(f)} | {_met(f)} |")
    return lines


def _machine(info: dict[str, Any]) -> list[str]:
    m = info["machine"]
    packages = ", ".join(f"{k} {v}" for k, v in m["packages"].items() if v)
    return [
        f"- CPU: {m['cpu']}, {m['nproc']} cores (nproc); RAM {m['ram_gib']} GiB; "
        "shared with other engineers' test runs, so timings are medians and only ratios "
        "measured in the same run are compared",
        f"- Python {m['python']} on {m['platform']}",
        f"- Neo4j {info.get('neo4j') or '(not used)'}"
        + (f", heap {info['neo4j_heap']}" if info.get("neo4j_heap") else "")
        + "; page cache 64 MiB (the project's launcher)",
        f"- packages: {packages}",
        "- command: `" + " ".join(["python -m bench", *(info.get("argv") or [])]) + "`",
        f"- sizes {', '.join(f'{s:,}' for s in info['sizes'])} households; "
        f"{info['reps']} repetitions of light measurements, {info['heavy_reps']} of loads "
        f"and scans (one above 50,000 households); run took {info['seconds'] / 60:.1f} min "
        f"on {info['date']}",
    ]


def _details(figures: list[Figure]) -> list[str]:
    lines = []
    for i, f in enumerate(figures, 1):
        lines.append(f"{i}. **{f.title}** ({f.store}, {f.households or '-'}): {f.how}.")
    return lines


def plot(results: Results, out: Path) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    written = []
    specs = {
        "scan.png": ("City scan: seconds against households",
                     [("scan", "queries.city_scan"),
                      ("scan.naive_cached", "loop of household_view, index cached (extrap.)")]),
        "household_view.png": ("Household view: seconds per household",
                               [("household.view", "view: fetch + analysis + ecomap"),
                                ("household.view_p95", "view p95"),
                                ("household.bare", "bare fetch (household_network)"),
                                ("household.node", "one indexed node read")]),
    }
    for name, (title, lines) in specs.items():
        fig, ax = plt.subplots(figsize=(7, 4.5), dpi=110)
        drawn = False
        for key, label in lines:
            for store, points in sorted(results.series.get(key, {}).items()):
                xs = sorted(points)
                ax.plot(xs, [points[x] for x in xs], marker="o",
                        linestyle="-" if store == "neo4j" else "--",
                        label=f"{label} [{store}]")
                drawn = True
        if not drawn:
            plt.close(fig)
            continue
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("households")
        ax.set_ylabel("seconds")
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7)
        fig.tight_layout()
        fig.savefig(out / name)
        plt.close(fig)
        written.append(name)
    return written


def write_report(results: Results, info: dict[str, Any], out: Path) -> None:
    plots = plot(results, out)
    figures = results.figures
    missed = [f for f in figures if f.met is False]
    lines = [
        "# netsupport benchmarks: results",
        "",
        "Written by `python -m bench` (`make bench`); what each figure means, how the "
        "baselines are built and what was changed because of them: [README.md](README.md). "
        "Scaling past one machine: [SCALING.md](SCALING.md).",
        "",
        "## Machine",
        "",
        *_machine(info),
        "",
        "## Figures",
        "",
        f"{len(figures)} figures, {sum(f.met is True for f in figures)} targets met, "
        f"{len(missed)} missed. Ratio: how many times the baseline (see each figure's "
        "definition below); value and baseline are medians.",
        "",
        *table(figures),
        "",
        *(f"![{p}]({p})" for p in plots),
        "",
        "## How each figure was measured",
        "",
        *_details(figures),
        "",
    ]
    if results.notes:
        lines += ["## Notes from the run", "", *(f"- {n}" for n in results.notes), ""]
    (out / "RESULTS.md").write_text("\n".join(lines), encoding="utf-8")
    (out / "results.json").write_text(json.dumps(
        {"info": info, "figures": [f.to_dict() for f in figures], "series": results.series,
         "notes": results.notes}, ensure_ascii=False, indent=1, default=str),
        encoding="utf-8")


def load(path: Path) -> tuple[Results, dict[str, Any]]:
    """A run's ``results.json`` back as (Results, info)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    figures = []
    for f in data["figures"]:
        f = dict(f)
        f.pop("met", None)
        figures.append(Figure(**f))
    series = {k: {s: {int(n): v for n, v in pts.items()} for s, pts in per.items()}
              for k, per in data["series"].items()}
    return Results(figures, series, data["notes"]), data["info"]


def merge(main_path: Path, extra_path: Path, prefixes: list[str], out: Path) -> None:
    """Replace the figures of ``main`` whose key starts with a prefix by ``extra``'s (a run
    with ``--only``), note it, and write the report again."""
    main, info = load(main_path)
    extra, extra_info = load(extra_path)
    picked = [f for f in extra.figures if f.key.startswith(tuple(prefixes))]
    main.figures = [f for f in main.figures if not f.key.startswith(tuple(prefixes))] + picked
    main.notes.append(f"figures {', '.join(prefixes)} are from a second run "
                      f"(`python -m bench {' '.join(extra_info.get('argv') or [])}`, "
                      f"{extra_info['seconds'] / 60:.1f} min) on the same machine")
    write_report(main, info, out)


if __name__ == "__main__":
    import sys

    merge(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3].split(","), Path(sys.argv[4]))
