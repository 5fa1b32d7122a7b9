"""The case-conference sheet prints on ONE page in real Chromium (print to PDF): A3
landscape, and A4 landscape for the A4 variant, for the demo household with the most
members and support history and for H-00001 and H-00179, whose sheets printed on two A3
pages before (1630×1209 and 1630×1120 CSS px against 1512×1047 printable); the map's
canvas is drawn at three pixels per CSS pixel. PDFs go to ``test-artifacts/print/``."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from browser_support import OVERLAPS

from netsupport.bundle import read_bundle
from netsupport.graph import to_graph
from netsupport.queries import household_view
from netsupport.rules import load_rules
from netsupport.storage import open_store
from netsupport.viz import ecomap_html
from netsupport.viz.naming import Names
from netsupport.viz.sheet import PAPERS, SHEET_MIN_LABEL_PX, case_conference_sheet

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts" / "print"
AS_OF = date(2026, 11, 1)
#: Page sizes in PDF points (1/72 inch), landscape.
POINTS = {"A3": (1190.55, 841.89), "A4": (841.89, 595.28)}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    bundle = read_bundle(ROOT / "graph_data" / "demo")
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('print') / 'demo.db'}")
    store.load(bundle)
    busiest = max(bundle.households, key=lambda h: (
        sum(p.household_id == h.household_id for p in bundle.people)
        + sum(e.household_id == h.household_id for e in bundle.events))).household_id
    return store, busiest


def sheet(store, household_id: str, paper: str) -> str:
    view = household_view(store, household_id, load_rules(), AS_OF)
    names = Names(view.network, {a.agency_id: a for a in view.network.agencies}, "ja")
    ecomap = ecomap_html(to_graph(view.network), household_id, as_of=AS_OF,
                         lead_id=view.report.lead.current, height_px=580, pixel_ratio=3,
                         min_font_px=SHEET_MIN_LABEL_PX)
    return case_conference_sheet(view, names, ecomap, printed_on=AS_OF, paper=paper)


def pages_of(pdf: bytes) -> list[tuple[float, float]]:
    """Each page's size (points), read from its /MediaBox (Chromium writes plain page
    dictionaries)."""
    count = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    boxes = [tuple(float(v) for v in m.groups()[2:]) for m in re.finditer(
        rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)]
    assert count == len(boxes), (count, boxes)
    return boxes


@pytest.mark.parametrize("paper", list(PAPERS))
@pytest.mark.parametrize("which", ["busiest", "H-00001", "H-00179"])
def test_the_sheet_prints_on_one_page(demo, browser, paper, which):
    store, busiest = demo
    household_id = busiest if which == "busiest" else which
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"sheet_{household_id}_{paper}.html"
    path.write_text(sheet(store, household_id, paper), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1600, "height": 1100})
    page.goto(path.as_uri())
    page.frame_locator("iframe").locator('#ns-canvas[data-ready="true"]').wait_for(
        timeout=30_000)
    page.emulate_media(media="print")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    (ARTIFACTS / f"sheet_{household_id}_{paper}.pdf").write_bytes(pdf)
    ratio = page.frame_locator("iframe").locator("body").evaluate(
        "() => window.devicePixelRatio")
    label_px = float(page.frame_locator("iframe").locator("#ns-canvas").get_attribute(
        "data-min-label-px"))
    overlaps = page.frame_locator("iframe").locator("body").evaluate(OVERLAPS)
    zoom = page.evaluate("() => document.getElementById('sheet').style.zoom")
    page.close()
    boxes = pages_of(pdf)
    assert len(boxes) == 1, f"{household_id} on {paper}: {len(boxes)} pages (zoom {zoom})"
    width, height = POINTS[paper]
    assert abs(boxes[0][0] - width) < 2 and abs(boxes[0][1] - height) < 2, boxes
    assert ratio == 3
    # readable on paper: at least 10 CSS px (7.5 pt on A3) before the sheet's zoom, and no
    # label on another (they were 4 to 7 px)
    assert label_px >= SHEET_MIN_LABEL_PX - 0.5 and overlaps == [], (label_px, overlaps)
