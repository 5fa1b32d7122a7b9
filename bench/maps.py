"""Figure 6, maps in a real browser: time from navigation to a still, interactive map.

- **ours**: :func:`netsupport.viz.agency_map_html`, positions computed in Python, physics
  off; ready when ``#ns-canvas`` gets ``data-ready="true"`` (after vis-network's first
  drawing);
- **pyvis defaults**: ``pyvis.network.Network`` with the same nodes and edges (labels,
  tooltips, colours, sizes, widths; no positions) and pyvis's default options (physics on,
  ``improvedLayout`` on), vis-network inlined from pyvis's own copy and its CDN links to
  Bootstrap removed; ready at vis-network's ``stabilized`` event (the layout has stopped
  moving; ``stabilizationIterationsDone`` is recorded too).

Both are read from ``performance.now()`` in the page (milliseconds since navigation
start), in headless Chromium (``/usr/bin/chromium``) through Playwright, a fresh page per
repetition, every http(s) request blocked (a page that needed one would show it as a
failed request, counted in ``blocked``).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import networkx as nx

from netsupport.analysis import AgencyIndex
from netsupport.analysis.agency_network import broker_scores
from netsupport.rules import Rules
from netsupport.viz import agency_map_html
from netsupport.viz.offline import find_external_urls

__all__ = ["CHROMIUM", "LAUNCH_ARGS", "map_graph", "our_agency_map", "pyvis_default_map",
           "Browser"]

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update"]

# Ours: note the moment the page marks its canvas ready.
OURS_HOOK = """
new MutationObserver(function (changes, observer) {
  var canvas = document.getElementById("ns-canvas");
  if (canvas && canvas.getAttribute("data-ready") === "true" && !window.__benchReady) {
    window.__benchReady = performance.now();
    observer.disconnect();
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ["data-ready"]});
"""

# pyvis: pyvis's page keeps its network in the global ``network``; listen right after
# drawGraph() creates it (stabilisation runs in timer batches after that).
PYVIS_HOOK = """
<script>
network.once("stabilizationIterationsDone", function () {
  window.__benchIterationsDone = performance.now();
});
network.once("stabilized", function () { window.__benchReady = performance.now(); });
</script>
"""


def map_graph(index: AgencyIndex, nodes: int = 1000) -> nx.Graph:
    """The agency graph of the first ``nodes`` agencies by id, with the links among them."""
    keep = sorted(index.graph.nodes, key=str)[:nodes]
    return index.graph.subgraph(keep).copy()


def our_agency_map(graph: nx.Graph, index: AgencyIndex, rules: Rules, as_of: date) -> str:
    sub = AgencyIndex(as_of, index.agencies, {}, graph)
    brokers = {b.agency_id: b.score for b in broker_scores(sub, len(graph), rules)}
    return agency_map_html(graph, agencies=index.agencies, brokers=brokers)


def _page_data(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="ns-data">(.*?)</script>', html,
                      re.DOTALL)
    if match is None:
        raise ValueError("no ns-data in the page")
    return json.loads(match.group(1))


def pyvis_default_map(our_html: str) -> str:
    """pyvis's page, default options, for the nodes and edges of one of our pages."""
    from pyvis.network import Network

    data = _page_data(our_html)
    net = Network(height="720px", width="100%", cdn_resources="in_line")
    for n in data["nodes"]:
        net.add_node(n["id"], label=n["label"], title=n["title"],
                     color=n["color"]["background"], size=n["size"])
    # What net.add_edge appends, without its duplicate check (a scan of every edge so far:
    # minutes for 58,000 links); our edges are distinct already.
    net.edges.extend({"from": e["from"], "to": e["to"], "width": e["width"],
                      "title": e["title"], "color": e["color"]["color"]} for e in data["edges"])
    html = net.generate_html()
    html = re.sub(r'<link[^>]*href="https?://[^"]*"[^>]*>', "", html)
    html = re.sub(r'<script[^>]*src="https?://[^"]*"[^>]*>\s*</script>', "", html)
    if find_external_urls(html):
        raise ValueError(f"pyvis page still fetches {find_external_urls(html)[:3]}")
    marker = "drawGraph();\n        </script>"
    if marker not in html:
        raise ValueError("pyvis's template changed: drawGraph() not found")
    return html.replace(marker, marker + PYVIS_HOOK)


class Browser:
    """Headless Chromium through Playwright, every http(s) request blocked."""

    def __enter__(self) -> Browser:
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self._browser = self._pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        self.blocked = 0
        return self

    def __exit__(self, *exc: object) -> None:
        self._browser.close()
        self._pw.stop()

    def _block(self, route) -> None:  # noqa: ANN001 - playwright's Route
        self.blocked += 1
        route.abort()

    def time_to_ready(self, path: Path, *, hook: str | None = None,
                      timeout_s: float = 180.0) -> dict[str, float | None]:
        """Milliseconds from navigation to ``window.__benchReady`` (None on time-out)."""
        context = self._browser.new_context(viewport={"width": 1400, "height": 900})
        context.route(re.compile(r"^https?://"), self._block)
        page = context.new_page()
        if hook:
            page.add_init_script(hook)
        try:
            try:
                # "commit": pyvis's improvedLayout can block the load event for minutes
                page.goto(path.resolve().as_uri(), wait_until="commit",
                          timeout=timeout_s * 1000)
                page.wait_for_function("window.__benchReady !== undefined", polling=50,
                                       timeout=timeout_s * 1000)
            except Exception:  # noqa: BLE001 - a time-out is a result here
                return {"ready_ms": None, "iterations_done_ms": None}
            return {"ready_ms": page.evaluate("window.__benchReady"),
                    "iterations_done_ms": page.evaluate("window.__benchIterationsDone || null")}
        finally:
            context.close()
