"""Trust in a real browser: names that are Markdown send no request off the page, and a
download's address answers once, to the session that asked, and never after sign-out.

The app runs as ``streamlit run app.py`` (as in ``test_browser.py``) over an SQLite store
holding the demo data with every agency named with a Markdown payload that would load an
image from ``127.0.0.1:9`` and make a link; Chromium is Debian's, driven by Playwright.
"""

from __future__ import annotations

import io
import time
import urllib.error
import urllib.request
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from browser_support import served_app, sign_in

from netsupport.access import User, UserRole
from netsupport.audit import AuditAction
from netsupport.bundle import read_bundle
from netsupport.passwords import hash_password
from netsupport.storage.sqlite_store import SQLiteStore

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts" / "browser"
PAYLOAD = "![x](http://127.0.0.1:9/x.png) [phish](http://e) **B** <b>x</b> $x$ :red[r]"
USERNAME, PASSWORD = "browser-admin", "browser-test-password"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """(address, store path) of the app over the hostile-name store."""
    db = tmp_path_factory.mktemp("browser-trust") / "app.db"
    bundle = read_bundle(ROOT / "graph_data" / "demo")
    bundle.agencies = [replace(a, name=f"{PAYLOAD} {a.agency_id}") for a in bundle.agencies]
    store = SQLiteStore(db)
    store.load(bundle)
    store.add_user(User(USERNAME, UserRole.ADMIN, display_name=PAYLOAD,
                        password_hash=hash_password(PASSWORD)))
    store.close()
    with served_app(db, NETSUPPORT_PSEUDONYM_KEY="5e" * 32) as url:
        yield url, db


def _signed_in(browser, url: str, path: str = ""):
    context = browser.new_context(viewport={"width": 1600, "height": 1200}, locale="ja-JP",
                                  accept_downloads=True)
    page = context.new_page()
    page.goto(url + path, wait_until="domcontentloaded")
    sign_in(page, USERNAME, PASSWORD)
    page.get_by_role("button", name="サインアウト").wait_for(timeout=60_000)
    return context, page


def _status(url: str) -> int:
    """The status a client with no cookie, no session and no browser gets for ``url``."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_markdown_in_names_sends_no_request_off_the_page(server, browser):
    url, _ = server
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context, page = _signed_in(browser, url)
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    for name, heading in (("agency_network", "関係機関ネットワーク"),
                          ("lead_assignment", "主担当の割当"),
                          ("case_conference", "ケース会議"), ("dashboard", "ダッシュボード")):
        page.get_by_role("link", name=heading).click()  # a new address would sign out
        page.get_by_role("heading", name=heading).first.wait_for(timeout=60_000)
        page.wait_for_timeout(2500)  # let every element and frame draw and load
        page.screenshot(path=str(ARTIFACTS / f"10_markdown_{name}.png"), full_page=True)
        for doc in [page, *page.frames]:
            assert doc.locator('img[src*="127.0.0.1:9"]').count() == 0
            assert doc.locator('a[href="http://e"], a[href="http://e/"]').count() == 0
        body = page.locator("body").inner_text()
        assert "[phish](http://e)" in body  # shown as the text it is
    off_page = [u for u in requested if not u.startswith((url, "data:", "blob:", "about:"))
                and not u.startswith(url.replace("http", "ws"))]
    assert off_page == [], f"requests left the page: {off_page}"
    context.close()


def test_a_download_is_handed_over_once_and_never_after_sign_out(server, browser, tmp_path):
    url, db = server
    context, page = _signed_in(browser, url, "/data")
    page.get_by_role("heading", name="データ").first.wait_for(timeout=60_000)

    # 1. pressed, built, fetched by the browser (the frontend's check and the download):
    # the address is then dead for everyone
    seen: list[tuple[str, int]] = []
    page.on("response", lambda r: seen.append((r.url, r.status)))
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Excel（.xlsx）で保存").click()
    download = info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK" and saved.stat().st_size > 10_000
    address = download.url
    assert "/media/" in address
    deadline = time.monotonic() + 30
    while address not in [u for u, _ in seen] and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert [s for u, s in seen if u == address] in ([200], [200, 200])
    assert _status(address) == 404                       # a second, cookie-less client
    assert context.request.get(address).status == 404    # the same browser again

    # 2. pressed and built, but not yet fetched when the user signs out
    held: list[str] = []

    def hold(route):
        held.append(route.request.url)
        route.abort()

    page.route("**/media/**", hold)
    page.get_by_role("button", name="CSV（zip）で保存").click()
    deadline = time.monotonic() + 60
    while not held and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert held, "the browser never asked for the zip"
    page.unroute("**/media/**")
    page.get_by_role("button", name="サインアウト").click()
    page.get_by_role("heading", name="サインイン").wait_for(timeout=60_000)
    assert _status(held[0]) == 404
    assert context.request.get(held[0]).status == 404
    context.close()

    store = SQLiteStore(db)
    exports = [e for e in store.audit_log() if e.action is AuditAction.EXPORT]
    store.close()
    assert sorted(e.detail["format"] for e in exports) == ["xlsx", "zip"]
    assert all(e.username == USERNAME and e.detail["what"] == "bundle" for e in exports)


def test_a_pseudonymised_download_is_audited_as_such_and_names_nobody(server, browser):
    url, db = server
    context, page = _signed_in(browser, url, "/data")
    page.get_by_text("仮名化して出力する").first.click()
    page.wait_for_timeout(1000)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="CSV（zip）で保存").click()
    path = info.value.path()
    with zipfile.ZipFile(io.BytesIO(Path(path).read_bytes())) as archive:
        text = "".join(archive.read(n).decode("utf-8-sig") for n in archive.namelist())
    bundle = read_bundle(ROOT / "graph_data" / "demo")
    private = [p.display_name for p in bundle.people if p.display_name]
    private += [h.household_id for h in bundle.households]
    assert private and [s for s in private if s in text] == []
    context.close()
    store = SQLiteStore(db)
    last = next(e for e in store.audit_log() if e.action is AuditAction.EXPORT)
    store.close()
    assert last.detail["pseudonymised"] is True and last.detail["format"] == "zip"


def test_streamlits_own_words_are_japanese(server, browser):
    """Streamlit writes its uploader's button and limits, and a picker's "No results", in
    English, with no setting for them; the app shows ours in their place
    (widgets.streamlit_in_words)."""
    url, _ = server
    context, page = _signed_in(browser, url, "/data")
    zone = page.locator('[data-testid="stFileUploaderDropzone"]').first
    zone.wait_for(timeout=60_000)
    shown = zone.evaluate("""z => [
        z.querySelector('button [data-testid=stMarkdownContainer] p'),
        z.querySelector('[data-testid=stFileUploaderDropzoneInstructions] span')
    ].map(e => [getComputedStyle(e).visibility, getComputedStyle(e, '::after').content])""")
    assert shown == [["hidden", '"ファイルを選ぶ"'],
                     ["hidden", '"またはここにドラッグ＆ドロップ・1ファイル50MBまで"']], shown
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    zone.screenshot(path=str(ARTIFACTS / "uploader_ja.png"))

    page.get_by_role("link", name="ケース会議").click()
    page.get_by_role("heading", name="ケース会議", exact=True).wait_for(timeout=60_000)
    picker = page.get_by_role("combobox").first
    picker.click()
    picker.fill("該当しない文字列zzzz")
    empty = page.locator('[role="listbox"][data-empty="true"] [role="option"] span').first
    empty.wait_for(state="attached", timeout=30_000)
    assert empty.evaluate("e => [getComputedStyle(e).visibility, "
                          "getComputedStyle(e, '::after').content]") == ["hidden", '"該当なし"']
    context.close()
