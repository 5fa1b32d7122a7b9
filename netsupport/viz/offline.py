"""Self-contained map pages: vis-network inlined, nothing fetched from a network.

Why not ``pyvis.network.Network(cdn_resources="in_line").generate_html()``: its template
still links Bootstrap's CSS and JS from ``cdn.jsdelivr.net``, puts ``heading`` into the page
unescaped, and (with ``tooltip_link``) writes node titles into ``innerHTML``. So this module
writes the page itself around vis-network 9.1.2, whose ``vis-network.min.js`` and
``vis-network.css`` ship inside netsupport (``vendor/vis-network-9.1.2/``, with their licence:
an upgrade of anything else cannot change what the maps run):

- vis-network's JS and CSS are inlined; Bootstrap is dropped (the few rules needed are in
  :data:`PAGE_CSS`).
- The nodes, edges and options travel as one JSON document in
  ``<script type="application/json" id="ns-data">`` (never executed) with every ``<``,
  ``>``, ``&``, U+2028 and U+2029 written as ``\\uXXXX``: no user text can close the element
  or open a tag. A tiny script parses it with ``JSON.parse`` and draws the network.
- Node and edge ``title`` (tooltip) values are plain strings: vis-network 9.1.2 shows a
  string title with ``innerText`` (``Popup.setText``), only a DOM element as HTML. Labels are
  drawn on the canvas. So user text reaches the page as text only.
- Every other piece of text in the page (title, heading, date, legend words) is escaped
  with :func:`html.escape` by the caller's HTML builder or here.
- A Content-Security-Policy ``<meta>`` allows only the page's own two scripts (by SHA-256
  hash), inline styles and ``data:`` images and fonts: even a bug elsewhere could neither
  run injected script nor fetch anything.

:func:`assert_offline` checks a page for anything a browser would fetch.

Examples
--------
>>> page = network_page(title="t", heading_html="<h1>t</h1>", legend_html="",
...                     nodes=[{"id": "n0", "label": "<b>", "x": 0, "y": 0}], edges=[],
...                     options={"physics": {"enabled": False}})
>>> assert_offline(page)
>>> "<b>" in page.split('id="ns-data"')[1]
False
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from functools import cache
from html import escape
from html.parser import HTMLParser
from importlib.resources import files
from typing import Any

from ..errors import NetsupportError

__all__ = [
    "NotOfflineError",
    "VIS_NETWORK_VERSION",
    "VIS_NETWORK_DIR",
    "network_page",
    "script_json",
    "assert_offline",
    "find_external_urls",
]

VIS_NETWORK_VERSION = "9.1.2"


class NotOfflineError(NetsupportError, AssertionError):
    """A page that would fetch something from a network (or a file beside it)."""


#: The folder of the vendored vis-network inside this package.
VIS_NETWORK_DIR = files(__package__) / "vendor" / f"vis-network-{VIS_NETWORK_VERSION}"


@cache
def _vis_assets() -> tuple[str, str]:
    """vis-network's minified JS and its CSS, as vendored in :data:`VIS_NETWORK_DIR`."""
    js_text = (VIS_NETWORK_DIR / "vis-network.min.js").read_text(encoding="utf-8")
    css_text = (VIS_NETWORK_DIR / "vis-network.css").read_text(encoding="utf-8")
    # Inlined as they are, so they must not be able to end their element early.
    if re.search(r"</script|<!--", js_text, re.IGNORECASE):
        raise NetsupportError("vis-network.min.js cannot be inlined safely (</script or <!--)")
    if re.search(r"</style", css_text, re.IGNORECASE):
        raise NetsupportError("vis-network.css cannot be inlined safely (</style)")
    return js_text, css_text


_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                 "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")


def script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element, whatever strings it holds.

    >>> script_json({"a": "</script><!--"})
    '{"a":"\\\\u003c/script\\\\u003e\\\\u003c!--"}'
    """
    dumped = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group()], dumped)


#: The page's own script: parse the data, draw, and mark the canvas ready for browser tests.
BOOT_JS = """(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("ns-data").textContent);
  var container = document.getElementById("ns-canvas");
  var ratio = (data.fit || {}).pixelRatio;
  if (ratio) {  // a canvas drawn for print: more pixels than the screen has, sharp on paper
    Object.defineProperty(window, "devicePixelRatio", {get: function () { return ratio; }});
  }
  var network = new vis.Network(container, {
    nodes: new vis.DataSet(data.nodes),
    edges: new vis.DataSet(data.edges)
  }, data.options);
  // With a smallest label size (projector mode): fit the map, then grow every label until
  // the smallest is that many CSS pixels on the screen at the fitted zoom (bigger labels
  // make bigger boxes, so fit again and check, a few rounds).
  var minPx = (data.fit || {}).minFontPx || 0;
  var rounds = 0;
  function sizeOf(item) { return (item.font && item.font.size) || 14; }
  function smallest() {
    var least = Infinity;
    network.body.data.nodes.forEach(function (n) {
      if (n.label) { least = Math.min(least, sizeOf(n)); }
    });
    return least;
  }
  function grow(set, factor) {
    set.update(set.get().filter(function (item) { return item.label; }).map(function (item) {
      return {id: item.id, font: Object.assign({}, item.font || {}, {size: sizeOf(item) * factor})};
    }));
  }
  // Grown labels make bigger boxes, but the family inside the household's circle sits at
  // fixed places: spread it (and the circle with it) until no two of its boxes overlap,
  // and move everything outside the circle out by as much as the circle grew.
  function typeOf(node) { return (node.ns || {}).type; }
  // The household's node (its circle), or undefined on a map of agencies alone.
  function household() {
    return network.body.data.nodes.get({filter: function (n) {
      return typeOf(n) === "household"; }})[0];
  }
  function overlap(a, b, gap) {
    return a.left < b.right + gap && b.left < a.right + gap
      && a.top < b.bottom + gap && b.top < a.bottom + gap;
  }
  // How far the box fb centred at c moves along (ux, uy) to clear, by gap, a box of
  // width ow and height oh centred at (ox, oy).
  function clearance(c, fb, ux, uy, ox, oy, ow, oh, gap) {
    var tx = Math.abs(ux) > 0.05 ? ((fb.right - fb.left + ow) / 2 + gap
             - Math.abs(c.x - ox)) / Math.abs(ux) : Infinity;
    var ty = Math.abs(uy) > 0.05 ? ((fb.bottom - fb.top + oh) / 2 + gap
             - Math.abs(c.y - oy)) / Math.abs(uy) : Infinity;
    return Math.max(0, Math.min(tx, ty)) + 1;
  }
  function spreadFamily() {
    var nodes = network.body.data.nodes;
    var inner = nodes.get({filter: function (n) {
      return typeOf(n) === "member" || typeOf(n) === "junction"; }});
    var members = inner.filter(function (n) { return typeOf(n) === "member"; });
    var boxes = members.map(function (n) { return network.getBoundingBox(n.id); });
    var need = 1, gap = 6;
    for (var i = 0; i < members.length; i++) {
      for (var j = i + 1; j < members.length; j++) {
        var a = boxes[i], b = boxes[j];
        if (!overlap(a, b, gap)) { continue; }
        var dx = Math.abs(members[i].x - members[j].x), dy = Math.abs(members[i].y - members[j].y);
        var kx = dx > 1 ? ((a.right - a.left + b.right - b.left) / 2 + gap) / dx : Infinity;
        var ky = dy > 1 ? ((a.bottom - a.top + b.bottom - b.top) / 2 + gap) / dy : Infinity;
        need = Math.max(need, Math.min(kx, ky));
      }
    }
    if (need <= 1.001 || !isFinite(need)) { return false; }
    var home = household();
    if (!home) { return false; }
    nodes.update(inner.map(function (n) { return {id: n.id, x: n.x * need, y: n.y * need}; }));
    var reach = 0;
    members.forEach(function (n) {
      var box = network.getBoundingBox(n.id);
      var w = (box.right - box.left) / 2, h = (box.bottom - box.top) / 2;
      reach = Math.max(reach, Math.hypot(Math.abs(n.x * need) + w, Math.abs(n.y * need) + h));
    });
    var radius = home.size, grown = Math.max(radius, reach + 12);
    nodes.update([{id: home.id, size: grown}]);
    nodes.update(nodes.get({filter: function (n) {
      var kind = typeOf(n);
      return kind !== "member" && kind !== "junction" && kind !== "household";
    }}).map(function (n) {
      var d = Math.hypot(n.x, n.y) || 1;
      var to = typeOf(n) === "port" ? d * grown / radius : d + grown - radius;
      return {id: n.id, x: n.x * to / d, y: n.y * to / d};
    }));
    return true;
  }
  // Around the circle, of two overlapping boxes the one farther out moves further out
  // (along its line from the centre) until they are clear of each other.
  function spreadRing() {
    var nodes = network.body.data.nodes, gap = 6, moved = {};
    var ring = nodes.get({filter: function (n) {
      var kind = typeOf(n);
      return n.label && kind !== "member" && kind !== "household"; }});
    var boxes = {};
    ring.forEach(function (n) { boxes[n.id] = network.getBoundingBox(n.id); });
    for (var i = 0; i < ring.length; i++) {
      for (var j = i + 1; j < ring.length; j++) {
        if (!overlap(boxes[ring[i].id], boxes[ring[j].id], gap)) { continue; }
        var near = ring[i], far = ring[j];
        if (Math.hypot(near.x, near.y) > Math.hypot(far.x, far.y)) {
          near = ring[j];
          far = ring[i];
        }
        var fb = boxes[far.id], nb = boxes[near.id];
        var d = Math.hypot(far.x, far.y) || 1, ux = far.x / d, uy = far.y / d;
        var t = clearance(far, fb, ux, uy, near.x, near.y, nb.right - nb.left,
                          nb.bottom - nb.top, gap);
        if (!isFinite(t)) { continue; }
        far.x += ux * t; far.y += uy * t;
        var w = (fb.right - fb.left) / 2, h = (fb.bottom - fb.top) / 2;
        boxes[far.id] = {left: far.x - w, right: far.x + w, top: far.y - h, bottom: far.y + h};
        moved[far.id] = far;
      }
    }
    var home = household();
    // the household's circle (its family inside): a box on it moves out until clear
    if (home) {
      ring.forEach(function (far) {
        var fb = boxes[far.id], w = (fb.right - fb.left) / 2, h = (fb.bottom - fb.top) / 2;
        var d = Math.hypot(far.x, far.y) || 1, ux = far.x / d, uy = far.y / d;
        for (var k = 0; k < 40; k++) {
          var near = Math.hypot(Math.max(Math.abs(far.x) - w, 0), Math.max(Math.abs(far.y) - h, 0));
          if (near >= home.size + gap) { break; }
          var t = home.size + gap - near + 1;
          far.x += ux * t; far.y += uy * t;
          moved[far.id] = far;
        }
        boxes[far.id] = {left: far.x - w, right: far.x + w, top: far.y - h, bottom: far.y + h};
      });
    }
    // the household's own words under its circle: a box that covers them moves out too
    var words = home && network.body.nodes[home.id].labelModule.size;
    if (words && words.width) {
      var wx = words.left + words.width / 2, wy = words.top + words.height / 2;
      var wordsBox = {left: words.left, right: words.left + words.width, top: words.top,
                      bottom: words.top + words.height};
      ring.forEach(function (far) {
        var fb = boxes[far.id];
        if (!overlap(fb, wordsBox, gap)) { return; }
        var d = Math.hypot(far.x, far.y) || 1, ux = far.x / d, uy = far.y / d;
        var t = clearance(far, fb, ux, uy, wx, wy, words.width, words.height, gap);
        if (!isFinite(t)) { return; }
        far.x += ux * t; far.y += uy * t;
        moved[far.id] = far;
      });
    }
    var ids = Object.keys(moved);
    if (!ids.length) { return false; }
    nodes.update(ids.map(function (id) {
      return {id: moved[id].id, x: moved[id].x, y: moved[id].y};
    }));
    return true;
  }
  // A map with no household (the agency network): of two labelled boxes that overlap,
  // both move apart along the line between their centres, until none is left.
  function spreadBoxes() {
    var nodes = network.body.data.nodes, gap = 4, moved = {};
    var named = nodes.get({filter: function (n) { return n.label; }});
    var boxes = named.map(function (n) { return network.getBoundingBox(n.id); });
    function shift(i, dx, dy) {
      var b = boxes[i];
      named[i].x += dx; named[i].y += dy;
      boxes[i] = {left: b.left + dx, right: b.right + dx, top: b.top + dy, bottom: b.bottom + dy};
      moved[named[i].id] = named[i];
    }
    for (var round = 0; round < 200; round++) {
      var any = false;
      for (var i = 0; i < named.length; i++) {
        for (var j = i + 1; j < named.length; j++) {
          var a = boxes[i], b = boxes[j];
          if (!overlap(a, b, gap)) { continue; }
          var dx = (b.left + b.right - a.left - a.right) / 2;
          var dy = (b.top + b.bottom - a.top - a.bottom) / 2;
          var d = Math.hypot(dx, dy);
          if (d < 1e-6) { dx = 1; dy = 0; d = 1; }
          var c = {x: (a.left + a.right) / 2, y: (a.top + a.bottom) / 2};
          var t = clearance(c, a, dx / d, dy / d, c.x + dx, c.y + dy, b.right - b.left,
                            b.bottom - b.top, gap) / 2;
          shift(i, -dx / d * t, -dy / d * t);
          shift(j, dx / d * t, dy / d * t);
          any = true;
        }
      }
      if (!any) { break; }
    }
    var ids = Object.keys(moved);
    if (!ids.length) { return false; }
    nodes.update(ids.map(function (id) {
      return {id: moved[id].id, x: moved[id].x, y: moved[id].y};
    }));
    return true;
  }
  function spread() {
    if (household()) { return spreadFamily() || spreadRing(); }
    if (!spreadBoxes()) { return false; }
    fillFrame();  // boxes pushed apart sideways leave the frame's height to fill again
    spreadOut = true;
    return true;
  }
  // A map with no household drawn wider than its frame (or taller) leaves the frame's
  // other way empty and its labels small: its positions are stretched that other way
  // (never squeezed, so no boxes come closer) until the drawing has the frame's shape.
  function fillFrame() {
    var nodes = network.body.data.nodes, all = nodes.get();
    if (all.length < 3) { return; }
    var left = Infinity, right = -Infinity, top = Infinity, bottom = -Infinity;
    all.forEach(function (n) {
      var b = network.getBoundingBox(n.id);
      left = Math.min(left, b.left); right = Math.max(right, b.right);
      top = Math.min(top, b.top); bottom = Math.max(bottom, b.bottom);
    });
    var have = (right - left) / Math.max(bottom - top, 1);
    var want = container.clientWidth / Math.max(container.clientHeight, 1);
    var sx = have < want ? want / have : 1, sy = have > want ? have / want : 1;
    if (sx < 1.05 && sy < 1.05) { return; }
    var cx = (left + right) / 2, cy = (top + bottom) / 2;
    nodes.update(all.map(function (n) {
      return {id: n.id, x: cx + (n.x - cx) * sx, y: cy + (n.y - cy) * sy};
    }));
  }
  // Labels with no household to stay around (the agency map) grow until they fill the
  // room the layout left between them, not beyond: once their boxes had to be moved apart,
  // growing them again would only spread the map wider and draw it smaller, round after
  // round, into a flat band.
  var spreadOut = false;
  // A map too busy for its frame at that size never settles (spreading it out shrinks it,
  // growing it back makes new overlaps): after GROW_ROUNDS the labels stop growing and the
  // boxes only move apart, so the map ends clear of overlaps at the largest size it reached.
  var GROW_ROUNDS = 16;
  function settle() {
    var least = smallest();
    var shown = least * network.getScale();
    if (minPx && isFinite(least) && rounds < 80) {
      var small = shown < minPx - 0.05 && rounds < GROW_ROUNDS && !spreadOut;
      var spreading = !small && spread();
      if (spreading || small) {
        rounds += 1;
        network.once("afterDrawing", settle);
        if (!spreading) {
          var factor = (minPx / shown) * 1.03;
          grow(network.body.data.nodes, factor);
          grow(network.body.data.edges, factor);
        }
        network.fit({animation: false});
        return;
      }
    }
    container.setAttribute("data-min-label-px", isFinite(least) ? shown.toFixed(2) : "");
    container.setAttribute("data-ready", "true");
  }
  network.once("afterDrawing", function () {
    if (minPx && !household()) { fillFrame(); }
    if (minPx) { network.fit({animation: false}); }
    settle();
  });
  var fitButton = document.getElementById("ns-fit");
  if (fitButton) {
    fitButton.addEventListener("click", function () { network.fit({animation: {duration: 300}}); });
  }
  window.netsupportNetwork = network;
})();"""

#: What the page needs instead of Bootstrap.
PAGE_CSS = """
html, body { margin: 0; padding: 0; background: #fff; color: #222;
  font-family: Meiryo, "Yu Gothic", "Hiragino Sans", "Noto Sans CJK JP", sans-serif; }
.ns-page { display: flex; flex-direction: column; gap: 6px; padding: 8px 12px; }
.ns-head { display: flex; align-items: baseline; gap: 16px; flex-wrap: wrap;
  border-bottom: 2px solid #8A7A5A; padding-bottom: 4px; }
.ns-head h1 { font-size: 20px; margin: 0; }
.ns-head .ns-sub { font-size: 15px; color: #333; }
.ns-head .ns-date { font-size: 15px; margin-left: auto; font-weight: bold; }
.ns-body { display: flex; gap: 10px; align-items: flex-start; }
.ns-canvas { flex: 1 1 auto; min-width: 0; border: 1px solid #ccc; border-radius: 4px;
  background: #fff; position: relative; }
.ns-legend { flex: 0 0 250px; font-size: 12.5px; line-height: 1.35; border: 1px solid #ccc;
  border-radius: 4px; padding: 6px 10px; background: #fcfcfa; }
.ns-legend h2 { font-size: 14px; margin: 2px 0 4px; }
.ns-legend h3 { font-size: 12.5px; margin: 8px 0 2px; color: #555; }
.ns-legend ul { list-style: none; margin: 0; padding: 0; }
.ns-legend li { display: flex; align-items: center; gap: 6px; margin: 3px 0; }
.ns-swatch { display: inline-block; flex: 0 0 auto; width: 26px; height: 14px;
  box-sizing: border-box; }
.ns-dots { border: 0; display: inline-flex; align-items: center; gap: 2px; }
.ns-dots i { display: inline-block; border-radius: 50%; background: #bbb; }
.ns-dots i:first-child { width: 6px; height: 6px; }
.ns-dots i:last-child { width: 14px; height: 14px; }
.ns-line { flex: 0 0 auto; }
.ns-note { font-size: 11.5px; color: #666; margin: 8px 0 0; }
div.vis-tooltip { white-space: pre-line; font-family: inherit; font-size: 13px;
  max-width: 360px; }
.ns-below { flex-direction: column; align-items: stretch; }
.ns-below .ns-canvas { flex: 0 0 auto; }
.ns-below .ns-legend { flex: 0 0 auto; columns: 3 260px; font-size: 16px; }
/* below the map is projector mode: a legend read across the room, as the map's labels */
.ns-below .ns-legend h2 { font-size: 18px; }
.ns-below .ns-legend h3 { font-size: 16px; }
.ns-below .ns-note { font-size: 15px; }
/* under the map at the screen's size (the agency map: its names need the whole width) */
.ns-below.ns-compact .ns-legend { font-size: 12.5px; columns: 4 220px; }
.ns-below.ns-compact .ns-legend h2 { font-size: 14px; }
.ns-below.ns-compact .ns-legend h3 { font-size: 12.5px; }
.ns-tools { display: flex; justify-content: flex-end; }
.ns-tools button { font: inherit; font-size: 15px; padding: 4px 14px; cursor: pointer;
  border: 1px solid #8A7A5A; border-radius: 4px; background: #fcfcfa; }
@media print {
  .ns-tools { display: none; }
  .ns-body { display: block; }
  .ns-legend { margin-top: 8px; }
}
"""

_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{vis_css}</style>
<style>{page_css}</style>
<script>{vis_js}</script>
</head>
<body>
<div class="ns-page">
{heading_html}
{tools_html}<div class="ns-body{body_class}">
<div id="ns-canvas" class="ns-canvas" style="height:{height}px"></div>
{legend_html}
</div>
<noscript><p>{noscript}</p></noscript>
</div>
<script type="application/json" id="ns-data">{data}</script>
<script>{boot_js}</script>
</body>
</html>
"""


def _sha256(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


@cache
def _csp() -> str:
    vis_js, _ = _vis_assets()
    return ("default-src 'none'; "
            f"script-src {_sha256(vis_js)} {_sha256(BOOT_JS)}; "
            "style-src 'unsafe-inline'; img-src data:; font-src data:; "
            "base-uri 'none'; form-action 'none'")


def network_page(*, title: str, heading_html: str, legend_html: str, nodes: list[dict],
                 edges: list[dict], options: dict, height_px: int = 640, lang: str = "ja",
                 noscript: str = "JavaScript is required.", min_font_px: float | None = None,
                 legend_below: bool | str = False, fit_label: str = "",
                 pixel_ratio: float | None = None) -> str:
    """A whole HTML page that draws one vis-network, with nothing loaded from outside.

    Parameters
    ----------
    title, noscript : str
        Plain text; escaped here.
    heading_html, legend_html : str
        HTML already built from escaped text (see :mod:`netsupport.viz.legend`).
    nodes, edges, options : list of dict, dict
        vis-network DataSet items and options; any strings in them are user text and are
        only ever shown as text (see the module docstring).
    height_px : int
        Height of the canvas.
    min_font_px : float, optional
        Grow the labels until the smallest is this many CSS pixels on the screen once the
        map is fitted to its canvas (projector mode); the canvas says what it reached in
        ``data-min-label-px``.
    legend_below : bool or str
        The legend under the map rather than beside it: the whole width for the map, the
        legend's words as large as a projector needs; ``"compact"``: under the map at the
        screen's size.
    fit_label : str
        The words of a "zoom to fit" button above the map (none when empty).
    pixel_ratio : float, optional
        Draw the canvas with this many pixels per CSS pixel (a map for print: 3 is sharp on
        paper at the sheet's size).
    """
    vis_js, vis_css = _vis_assets()
    fit: dict[str, float] = {"minFontPx": float(min_font_px)} if min_font_px else {}
    if pixel_ratio:
        fit["pixelRatio"] = float(pixel_ratio)
    data = script_json({"nodes": nodes, "edges": edges, "options": options, "fit": fit})
    tools = (f'<div class="ns-tools"><button id="ns-fit" type="button">{escape(fit_label)}'
             "</button></div>\n" if fit_label else "")
    return _PAGE.format(
        lang=escape(lang), csp=escape(_csp()), title=escape(title), vis_css=vis_css,
        page_css=PAGE_CSS, vis_js=vis_js, heading_html=heading_html, legend_html=legend_html,
        height=int(height_px), noscript=escape(noscript), data=data, boot_js=BOOT_JS,
        tools_html=tools,
        body_class=(" ns-below ns-compact" if legend_below == "compact"
                    else " ns-below" if legend_below else ""))


# What a browser fetches: attributes that load a resource, and URL-valued attributes at all.
_RESOURCE_ATTRS = {
    "script": {"src"}, "img": {"src", "srcset"}, "iframe": {"src"}, "frame": {"src"},
    "embed": {"src"}, "object": {"data"}, "source": {"src", "srcset"}, "audio": {"src"},
    "video": {"src", "poster"}, "track": {"src"}, "input": {"src"},
    "link": {"href"}, "image": {"href", "xlink:href"}, "use": {"href", "xlink:href"},
    "feimage": {"href", "xlink:href"},
}
_LOCAL_VALUE = re.compile(r"^\s*(data:|#|$)", re.IGNORECASE)
_NETWORK_URL = re.compile(r"(?:https?|wss?|ftp):\s*//|^\s*//", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
_CSS_IMPORT = re.compile(r"@import\b", re.IGNORECASE)
_QUOTED_URL = r"\s*['\"`](?:(?:https?|wss?):)?//"
# Script code that fetches a network URL given as a literal: fetch("https://…"),
# xhr.open("GET", "http://…"), import("//…"), new WebSocket("wss://…"), el.src = "http…",
# el.setAttribute("href", "https://…"), sendBeacon, EventSource, importScripts, and markup
# written from script (document.write('<script src="https://…">')).
_SCRIPT_FETCHES = [
    re.compile(r"\b(?:fetch|import|importScripts|EventSource|WebSocket|sendBeacon|Worker)"
               r"\s*\(" + _QUOTED_URL, re.IGNORECASE),
    re.compile(r"\.open\s*\(\s*['\"][A-Za-z]+['\"]\s*,"
               + _QUOTED_URL, re.IGNORECASE),
    re.compile(r"\.(?:src|href|srcset|action|data)\s*=" + _QUOTED_URL, re.IGNORECASE),
    re.compile(r"setAttribute\s*\(\s*['\"](?:src|href|srcset|action|data)['\"]\s*,"
               + _QUOTED_URL, re.IGNORECASE),
    re.compile(r"\b(?:src|href)\s*=\s*\\?['\"]?\s*(?:(?:https?|wss?):)?//", re.IGNORECASE),
    re.compile(r"location(?:\.href)?\s*=" + _QUOTED_URL, re.IGNORECASE),
]


def _css_problems(css: str, where: str) -> list[str]:
    found = [f"{where}: @import" for _ in _CSS_IMPORT.finditer(css)]
    for match in _CSS_URL.finditer(css):
        if not _LOCAL_VALUE.match(match.group(2)):
            found.append(f"{where}: url({match.group(2)[:80]})")
    return found


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        self._flush()
        self._in = tag if tag in ("script", "style") else None
        for name, value in attrs:
            name, value = name.lower(), value or ""
            if name == "xmlns" or name.startswith("xmlns:"):
                continue  # a namespace name, never fetched
            loads = name in _RESOURCE_ATTRS.get(tag, ()) and not _LOCAL_VALUE.match(value)
            if loads or _NETWORK_URL.search(value):
                self.found.append(f"<{tag} {name}={value[:80]!r}>")
            elif name == "style":
                self.found.extend(_css_problems(value, f"<{tag} style>"))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._in = None

    def handle_endtag(self, tag: str) -> None:
        self._flush()

    def handle_data(self, data: str) -> None:
        if self._in:
            self._text.append(data)  # the parser may hand over a script in pieces

    def close(self) -> None:
        super().close()
        self._flush()

    def _flush(self) -> None:
        content, self._text = "".join(self._text), []
        if self._in == "style":
            self.found.extend(_css_problems(content, "<style>"))
        elif self._in == "script":
            for pattern in _SCRIPT_FETCHES:
                for match in pattern.finditer(content):
                    self.found.append(f"<script>: {match.group()[:80]}")
        self._in = None


def find_external_urls(html_text: str) -> list[str]:
    """Everything in a page that a browser would fetch from outside it, described briefly.

    Looked at: every tag attribute (a resource attribute such as ``<script src>`` or
    ``<link href>`` must be ``data:`` or a ``#fragment``; no attribute may hold an
    ``http(s)://``, ``ws(s)://`` or ``//`` URL, except ``xmlns`` namespace names); CSS in
    ``<style>`` and ``style=""`` (``@import``, and ``url(…)`` other than ``data:``); and
    script code that fetches a *literal* URL (``fetch("https://…")``, ``xhr.open(…,
    "http://…")``, ``el.src = "//…"``, ``import("…")``, ``document.write`` of a ``src=`` …).

    Not flagged: URLs that are mere text — vis-network's licence comment (``http://almende.com``),
    ``"http://www.w3.org/2000/svg"`` passed to ``createElementNS``, a URL in a node label.
    Such strings are never fetched, and flagging them would make the check useless on the
    inlined library.
    """
    scanner = _Scanner()
    scanner.feed(html_text)
    scanner.close()
    return scanner.found


def assert_offline(html_text: str) -> None:
    """Raise :class:`NotOfflineError` if the page would fetch anything from outside itself.

    >>> assert_offline('<html><script src="https://cdn.example/x.js"></script></html>')
    Traceback (most recent call last):
    ...
    netsupport.viz.offline.NotOfflineError: page is not self-contained: <script src='https://cdn.example/x.js'>
    """
    found = find_external_urls(html_text)
    if found:
        raise NotOfflineError("page is not self-contained: " + "; ".join(found))
