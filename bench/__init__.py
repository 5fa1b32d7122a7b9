"""netsupport's benchmarks: each figure measured next to its baseline in the same run.

``python -m bench`` (or ``make bench``) generates demo data at several sizes, loads it into
SQLite and Neo4j, and measures import, the household view, the city scan, agency analytics,
the scan's peak memory, map rendering in Chromium, the app's warm rerun and the Neo4j
driver with and without its Rust extension. Every figure is a ratio to a baseline timed in
the same run (medians of repetitions), written to ``RESULTS.md`` with plots beside it.
See ``bench/README.md`` for what each figure means and what was found.
"""
