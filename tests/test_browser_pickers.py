"""主担当の割当 in a real headless Chromium, as a supervisor uses it over the demo city (300
households, 123 of them needing a decision on the lead): the worklist a page at a time,
its whole list downloaded as CSV (every row, not the page's), a row of the page selecting
its household for the forms below, and the search box finding a household the worklist
does not hold. Japanese, no traceback. Screenshots go to ``test-artifacts/browser/``.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from browser_support import chromium, served_city, settled, sign_in

from netsupport.bundle import read_bundle

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts" / "browser"
USERNAME, PASSWORD = "pick-super", "browser-test-password"


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    db = tmp_path_factory.mktemp("browser-pickers") / "app.db"
    with served_city(db, read_bundle(ROOT / "graph_data" / "demo"), USERNAME, PASSWORD) as url:
        yield url


def _no_traceback(page) -> None:
    text = page.locator("body").inner_text()
    assert "Traceback" not in text, text[:2000]


def test_the_worklist_a_page_at_a_time_with_the_whole_list_to_download(app_url):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1600, "height": 2600},
                                      locale="ja-JP", accept_downloads=True)
        page = context.new_page()
        page.goto(app_url, wait_until="domcontentloaded")
        sign_in(page, USERNAME, PASSWORD)
        page.get_by_role("heading", name="ダッシュボード").wait_for(timeout=120_000)
        page.get_by_role("link", name="主担当の割当").click()
        shown = page.get_by_text("件目を表示しています").first
        shown.wait_for(timeout=120_000)
        settled(page)
        heading = page.get_by_text("主担当の検討が必要な世帯（").first.inner_text()
        total = int(re.search(r"（([\d,]+)世帯）", heading).group(1).replace(",", ""))
        assert total > 50 and f"全 {total:,} 件のうち 1〜50 件目" in shown.inner_text()

        with page.expect_download() as download:
            page.get_by_text(f"CSVでダウンロード（全 {total:,} 件）").click()
        text = Path(download.value.path()).read_text(encoding="utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0][0] == "世帯" and len(rows) == total + 1
        listed = {r[0] for r in rows[1:]}

        # a row of the page selects its household for the forms below
        picker = page.get_by_role("combobox", name="世帯を選ぶ")
        grid = page.locator('[data-testid="stDataFrame"]').first.bounding_box()
        page.mouse.click(grid["x"] + 18, grid["y"] + 36 * 3 + 18)  # the third row
        page.wait_for_timeout(1500)
        settled(page)
        assert picker.input_value().split("（")[0] == rows[3][0]
        page.screenshot(path=str(ARTIFACTS / "pickers_01_lead_row.png"), full_page=True)

        # a household the worklist does not hold, found by its id
        other = next(f"H-{n:05d}" for n in range(300, 0, -1) if f"H-{n:05d}" not in listed)
        page.get_by_label("世帯を探す").fill(other)
        page.keyboard.press("Enter")
        page.get_by_text("1 世帯が一致しました").wait_for(timeout=60_000)
        settled(page)
        assert picker.input_value().split("（")[0] == other
        _no_traceback(page)
        page.screenshot(path=str(ARTIFACTS / "pickers_02_lead_search.png"), full_page=True)
        context.close()
