"""``RESULTS.md``, ``results.json`` and the plots of one run.

The table has one row per figure: what was measured, its baseline (timed in the same run),
the ratio, the target and whether it was met. Plots (matplotlib, Agg): time against
households for the city scan (``scan.png``) and the household view (``household_view.png``).

Two runs' ``results.json`` can be joined and the report written again::

    python -m bench.report sizes MAIN.json EXTRA.json OUT   # EXTRA ran at other sizes
    python -m bench.report sizes ... --note 'what the run showed'   # repeatable
    python -m bench.report merge MAIN.json EXTRA.json maps,driver OUT   # EXTRA: --only rerun
    python -m bench.report runs MAIN.json RUN.json... OUT   # figure by figure, later wins
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .measure import Figure, Results

__all__ = ["write_report", "fmt", "load", "merge", "merge_sizes", "merge_runs"]


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
        *(["- command: `" + " ".join(["python -m bench", *(info.get("argv") or [])]) + "`"]
          if not info.get("runs") else []),
        f"- sizes {', '.join(f'{s:,}' for s in info['sizes'])} households; "
        f"{info['reps']} repetitions of light measurements, {info['heavy_reps']} of loads "
        f"and scans (one above 50,000 households); " + _took(info),
    ]


def _took(info: dict[str, Any]) -> str:
    runs = info.get("runs")
    if not runs:
        return f"run took {info['seconds'] / 60:.1f} min on {info['date']}"
    parts = [f"`python -m bench {' '.join(r.get('argv') or [])}` {r['seconds'] / 60:.1f} min"
             for r in runs]
    return (f"{len(runs)} runs took {info['seconds'] / 60:.1f} min in all ("
            + "; ".join(parts) + f") on {info['date']}")


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
              for k, per in data.get("series", {}).items()}
    return Results(figures, series, data.get("notes", [])), data["info"]


def merge(main_path: Path, extra_path: Path, prefixes: list[str], out: Path,
          notes: list[str] | None = None) -> None:
    """Replace the figures (and plot series) of ``main`` whose key starts with a prefix by
    ``extra``'s (a run with ``--only``), note it, and write the report again."""
    main, info = load(main_path)
    extra, extra_info = load(extra_path)
    picked = [f for f in extra.figures if f.key.startswith(tuple(prefixes))]
    main.figures = [f for f in main.figures if not f.key.startswith(tuple(prefixes))] + picked
    for key, per in extra.series.items():  # the plots follow the figures
        if key.startswith(tuple(prefixes)):
            main.series[key] = per
    main.notes.append(f"figures {', '.join(prefixes)} are from a second run "
                      f"(`python -m bench {' '.join(extra_info.get('argv') or [])}`, "
                      f"{extra_info['seconds'] / 60:.1f} min) on the same machine")
    main.notes += notes or []
    write_report(main, info, out)


SCALING_KEYS = ("household.flat", "scan.linear")


def merge_sizes(main_path: Path, extra_path: Path, out: Path,
                notes: list[str] | None = None) -> None:
    """Join a run at other sizes (``extra``, e.g. ``--sizes 80000 --only household scan
    memory``) to ``main``: its figures and its series points are added (a figure of the same
    key, store and size replaces main's), the scaling figures (household view flat, scan
    linear) are computed again over all the sizes, and the report is written again."""
    from .run import scaling

    main, info = load(main_path)
    extra, extra_info = load(extra_path)

    def ident(f: Figure) -> tuple[str, str, int | None]:
        return f.key, f.store, f.households

    added = [f for f in extra.figures if f.key not in SCALING_KEYS]
    replaced = {ident(f) for f in added}
    kept = [f for f in main.figures if ident(f) not in replaced]
    # main's order: per-size figures, then the scaling figures, then the whole-run ones
    # (driver, app); the extra sizes go after main's, the scaling figures are redone
    first = next((i for i, f in enumerate(kept) if f.key in SCALING_KEYS), len(kept))
    before = kept[:first]
    after = [f for f in kept[first:] if f.key not in SCALING_KEYS]
    for key, per in extra.series.items():
        for store, points in per.items():
            main.series.setdefault(key, {}).setdefault(store, {}).update(points)
    sizes = sorted(set(info["sizes"]) | set(extra_info["sizes"]))
    merged = Results(before + added, main.series, main.notes)
    scaling(sizes, merged)
    merged.figures += after
    merged.notes += [f"({', '.join(f'{n:,}' for n in extra_info['sizes'])}-household run) "
                     f"{note}" for note in extra.notes]
    merged.notes.append(
        f"the {', '.join(f'{n:,}' for n in extra_info['sizes'])}-household figures and plot "
        f"points are from a second run (`python -m bench "
        f"{' '.join(extra_info.get('argv') or [])}`, {extra_info['seconds'] / 60:.1f} min) "
        "on the same machine, its Neo4j started afresh; the scaling figures compare the "
        "two runs' medians")
    merged.notes += notes or []
    runs = info.get("runs") or [{"argv": info.get("argv"), "seconds": info["seconds"]}]
    runs = runs + [{"argv": extra_info.get("argv"), "seconds": extra_info["seconds"]}]
    info = {**info, "sizes": sizes, "runs": runs,
            "seconds": round(sum(r["seconds"] for r in runs), 1)}
    write_report(merged, info, out)


def merge_runs(main_path: Path, run_paths: list[Path], out: Path,
               notes: list[str] | None = None) -> None:
    """Replace figures of ``main`` one for one by those of later runs (the same key, store,
    size and title; a new one is added after main's), each run noted with its command,
    commit and load average: for runs of a few figures each, made on branches at once."""
    main, info = load(main_path)

    def ident(f: Figure) -> tuple[str, str, int | None, str]:
        return f.key, f.store, f.households, f.title

    for path in run_paths:
        run, run_info = load(path)
        position = {ident(f): i for i, f in enumerate(main.figures)}
        for f in run.figures:
            if ident(f) in position:
                main.figures[position[ident(f)]] = f
            else:
                position[ident(f)] = len(main.figures)
                main.figures.append(f)
        load_avg = (f", load average {run_info['loadavg_before']} → {run_info['loadavg_after']}"
                    if "loadavg_before" in run_info else "")
        commit = f" on commit {run_info['commit']}" if run_info.get("commit") else ""
        command = run_info.get("command") or (
            "python -m bench " + " ".join(run_info.get("argv") or []))
        main.notes.append(
            f"{', '.join(sorted({f.key for f in run.figures}))} "
            f"({', '.join(sorted({f'{f.store} {f.households:,}' for f in run.figures}))}) "
            f"from `{path.name}` (`{command}`"
            f"{commit}{load_avg})")
        main.notes += [f"({path.name}) {note}" for note in run.notes]
    main.notes += notes or []
    write_report(main, info, out)


def _main(argv: list[str] | None = None) -> None:
    import argparse

    p = argparse.ArgumentParser(prog="python -m bench.report",
                                description="join two runs' results.json and write the "
                                            "report again")
    sub = p.add_subparsers(dest="how", required=True)
    m = sub.add_parser("merge", help="replace MAIN's figures whose key starts with a prefix "
                                     "by EXTRA's (a run with --only)")
    m.add_argument("main", type=Path)
    m.add_argument("extra", type=Path)
    m.add_argument("prefixes", help="comma-separated key prefixes, e.g. maps,driver")
    m.add_argument("out", type=Path)
    z = sub.add_parser("sizes", help="add EXTRA's sizes (figures and plot points) to MAIN")
    z.add_argument("main", type=Path)
    z.add_argument("extra", type=Path)
    z.add_argument("out", type=Path)
    r = sub.add_parser("runs", help="replace MAIN's figures one for one by the runs' (later "
                                    "runs win), adding new ones")
    r.add_argument("main", type=Path)
    r.add_argument("paths", type=Path, nargs="+", metavar="RUN.json... OUT")
    for sp in (m, z, r):
        sp.add_argument("--note", action="append", default=[],
                        help="a note to add to the report (repeatable)")
    args = p.parse_args(argv)
    if args.how == "runs":
        *runs, out = args.paths
        out.mkdir(parents=True, exist_ok=True)
        merge_runs(args.main, runs, out, args.note)
        return
    args.out.mkdir(parents=True, exist_ok=True)
    if args.how == "merge":
        merge(args.main, args.extra, args.prefixes.split(","), args.out, args.note)
    else:
        merge_sizes(args.main, args.extra, args.out, args.note)


if __name__ == "__main__":
    _main()
