"""Projector mode of the ecomap in the real app in real Chromium, on a 1920×1080 screen:
at the default size the smallest label is at least 14 CSS pixels once the map is fitted
(the normal view's smallest label is measured beside it), the legend is below, and the
"zoom to fit" button is there; no two labels overlap and the legend reads at 16 px too.
Same server and accounts as ``test_browser.py``; a household with nine agencies and three
neighbours (H-00002), the busiest kind of map, and one whose dead father and ailing mother
sit side by side in the circle (H-00179: their grown boxes overlapped before the family was
spread). Screenshots go to ``test-artifacts/browser/``."""

from __future__ import annotations

import pytest
from browser_support import OVERLAPS, sign_in
from test_browser import (  # noqa: F401
    ARTIFACTS,
    PASSWORD,
    USERNAME,
    _ecomap_frame,
    app_url,
)

pytestmark = pytest.mark.browser
BUSY = "H-00002"
SIDE_BY_SIDE = "H-00179"


def _smallest_label_px(frame) -> float:
    frame.locator('#ns-canvas[data-ready="true"]').wait_for(timeout=30_000)
    return float(frame.locator("#ns-canvas").get_attribute("data-min-label-px"))


def test_projector_mode_labels_are_at_least_14px_on_a_1920_screen(app_url, browser):  # noqa: F811
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="ja-JP")
    page = context.new_page()
    page.goto(f"{app_url}/case_conference?household={BUSY}", wait_until="domcontentloaded")
    sign_in(page, USERNAME, PASSWORD)
    page.get_by_role("heading", name="ケース会議", exact=True).wait_for(timeout=60_000)
    normal = _smallest_label_px(_ecomap_frame(page, BUSY))

    page.get_by_text("プロジェクター表示", exact=True).click()
    page.get_by_text("文字の大きさ（いちばん小さい文字）").wait_for(timeout=30_000)
    page.wait_for_timeout(1500)
    frame = next(f for f in page.frames if f.locator(".ns-below").count())
    projected = _smallest_label_px(frame)
    page.screenshot(path=str(ARTIFACTS / "10_projector_1920.png"), full_page=False)
    print(f"smallest label: normal {normal:.1f} px, projector {projected:.1f} px")
    assert projected >= 14, (normal, projected)
    assert frame.get_by_role("button", name="全体を表示").count() == 1
    legend, canvas = (frame.locator(s).bounding_box() for s in (".ns-legend", "#ns-canvas"))
    assert legend["y"] >= canvas["y"] + canvas["height"] - 1  # below the map
    assert canvas["width"] >= 1400  # the map has the page's width
    assert frame.evaluate(OVERLAPS) == []
    legend_px = frame.locator(".ns-legend li").first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)")
    assert legend_px >= 16, legend_px

    picker = page.locator('[data-testid="stSelectbox"]').first
    picker.click()
    page.keyboard.type(SIDE_BY_SIDE)
    page.keyboard.press("Enter")
    frame = _ecomap_frame(page, SIDE_BY_SIDE)
    assert _smallest_label_px(frame) >= 14
    page.screenshot(path=str(ARTIFACTS / "11_projector_family.png"), full_page=False)
    assert frame.evaluate(OVERLAPS) == []

    # a 1280-pixel projector (WXGA): the simulation's four figures are not cut with "…"
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_text("親なき後シミュレーション", exact=True).click()
    value = page.locator('[data-testid="stMetricValue"]').first
    value.wait_for(timeout=60_000)
    page.wait_for_timeout(1000)
    cut = page.locator('[data-testid="stMetricValue"] > div').evaluate_all(
        "els => els.filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)")
    page.screenshot(path=str(ARTIFACTS / "12_simulation_1280.png"), full_page=False)
    assert cut == []
    # its two half-width maps: labels grown as far as they fit, none on another or on the
    # household's circle (a narrow map stops growing and only moves boxes apart)
    page.wait_for_function("""() => [...document.querySelectorAll('iframe')].filter(f => {
        try { return f.contentDocument.querySelector('#ns-canvas[data-ready="true"]'); }
        catch (e) { return false; } }).length >= 2""", timeout=30_000)
    drawn = [f for f in page.frames if f.locator('#ns-canvas[data-ready="true"]').count()]
    assert len(drawn) >= 2 and all(f.evaluate(OVERLAPS) == [] for f in drawn)
    context.close()
