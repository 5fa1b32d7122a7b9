"""The agency network page's map in the real app in real Chromium, on the demo city (140
agencies): at 1280, 1600 and 1920 pixels the map opens on the key agencies, every one
named, and no two names (with their dots) overlap once the browser has fitted the map and
grown its labels; the smallest name is at least 11 CSS pixels on a 1280 screen with the
sidebar open, 13 from 1600. Projector mode on a 1920×1080 screen: the smallest name at
least the 16 px chosen, still no overlap, the legend below and a "zoom to fit" button.
One agency's neighbourhood: drawn, no overlap. Same server and accounts as
``test_browser.py``; screenshots go to ``test-artifacts/browser/``."""

from __future__ import annotations

import pytest
from browser_support import OVERLAPS, sign_in
from test_browser import ARTIFACTS, PASSWORD, USERNAME, app_url  # noqa: F401

pytestmark = pytest.mark.browser


def _map_frame(page, *, below: str = ".ns-compact"):
    """The agency map's frame once the map has settled (its labels grown and apart)."""
    for _ in range(240):
        for frame in page.frames:
            try:
                if frame.locator(f'.ns-body{below} #ns-canvas[data-ready="true"]').count():
                    return frame
            except Exception:  # a frame detached while looking (a rerun): look again
                continue
        page.wait_for_timeout(250)
    page.screenshot(path=str(ARTIFACTS / "failed_agency_map.png"), full_page=True)
    pytest.fail("the agency map was not drawn", pytrace=False)


def _smallest_px(frame) -> float:
    return float(frame.locator("#ns-canvas").get_attribute("data-min-label-px"))


def _named(frame) -> int:
    return frame.evaluate(
        "() => window.netsupportNetwork.body.data.nodes.get().filter(n => n.label).length")


def _open(browser, app_url, width: int, height: int):  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": height}, locale="ja-JP")
    page = context.new_page()
    page.goto(f"{app_url}/agency_network", wait_until="domcontentloaded")
    sign_in(page, USERNAME, PASSWORD)
    page.get_by_role("heading", name="関係機関ネットワーク", exact=True).wait_for(timeout=60_000)
    return context, page


@pytest.mark.parametrize("width,least", [(1280, 11), (1600, 13), (1920, 13)])
def test_the_key_agencies_are_named_without_overlap_at_every_screen_width(
        app_url, browser, width, least):  # noqa: F811
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context, page = _open(browser, app_url, width, 1080)
    frame = _map_frame(page)
    page.locator("iframe").first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"20_agency_key_{width}.png"))
    print(f"{width}: {_named(frame)} names, smallest {_smallest_px(frame):.1f} px")
    assert _named(frame) == 40
    assert frame.evaluate(OVERLAPS) == []
    assert _smallest_px(frame) >= least
    assert page.get_by_text("要となる 40 機関を描いています", exact=False).count() == 1
    context.close()


def test_projector_mode_and_one_agencys_neighbourhood(app_url, browser):  # noqa: F811
    context, page = _open(browser, app_url, 1920, 1080)
    _map_frame(page)
    page.get_by_text("プロジェクター表示", exact=True).click()
    page.get_by_text("文字の大きさ（いちばん小さい文字）").wait_for(timeout=30_000)
    frame = _map_frame(page, below=":not(.ns-compact).ns-below")
    page.locator("iframe").first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "21_agency_projector_1920.png"))
    assert _smallest_px(frame) >= 16 and frame.evaluate(OVERLAPS) == []
    assert frame.get_by_role("button", name="全体を表示").count() == 1
    legend, canvas = (frame.locator(s).bounding_box() for s in (".ns-legend", "#ns-canvas"))
    assert legend["y"] >= canvas["y"] + canvas["height"] - 1 and canvas["width"] >= 1400

    page.get_by_text("プロジェクター表示", exact=True).click()
    _map_frame(page)
    page.get_by_text("選んだ機関とその周り", exact=True).click()
    page.get_by_text("一緒に支えている世帯の多い順に", exact=False).first.wait_for(
        timeout=60_000)
    frame = _map_frame(page)
    page.screenshot(path=str(ARTIFACTS / "22_agency_around_1920.png"))
    assert 2 <= _named(frame) <= 31 and frame.evaluate(OVERLAPS) == []
    context.close()
