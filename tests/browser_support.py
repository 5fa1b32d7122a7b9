"""The two real parts every browser test needs: the app served by ``streamlit run app.py``
on a free local port over a given SQLite store, and Debian's headless Chromium
(``scripts/install-browser.sh``) driven by Playwright; and signing in there through the
app's form (:func:`sign_in`), and waiting there for a run to end (:func:`settled`). A
part that cannot start fails the test; nothing is skipped."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"

#: Run in a map's frame: its labelled boxes that overlap, as pairs of labels (of the
#: household's circle, which holds the family, only its words under the circle).
OVERLAPS = """() => {
  const net = window.netsupportNetwork;
  const boxes = net.body.data.nodes.get().filter(n => n.label).map(n => {
    if ((n.ns || {}).type !== "household") return {label: n.label, box: net.getBoundingBox(n.id)};
    const w = net.body.nodes[n.id].labelModule.size;
    return {label: n.label, box: {left: w.left, right: w.left + w.width, top: w.top,
                                  bottom: w.top + w.height}};
  });
  const out = [];
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
    if (a.box.left < b.box.right && b.box.left < a.box.right
        && a.box.top < b.box.bottom && b.box.top < a.box.bottom) out.push([a.label, b.label]);
  }));
  return out;
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served_app(db: Path, *, packaged: bool = False, **env: str) -> Iterator[str]:
    """The app's address while it runs over ``db`` as of 2026-11-01 (``env`` adds
    variables); stopped afterwards. ``packaged``: started as a deployer does, by
    ``netsupport app`` from the store's folder (no app.py, no .streamlit/ there)."""
    port = free_port()
    env = {**os.environ, "NETSUPPORT_STORE": f"sqlite:///{db}",
           "NETSUPPORT_AS_OF": "2026-11-01", **env}
    if packaged:
        command = [str(Path(sys.executable).parent / "netsupport"), "app", "--port", str(port)]
        env["STREAMLIT_SERVER_FILE_WATCHER_TYPE"] = "none"
        cwd = db.parent
    else:
        command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
                   "--server.port", str(port), "--server.address", "127.0.0.1",
                   "--server.headless", "true", "--browser.gatherUsageStats", "false",
                   "--server.fileWatcherType", "none"]
        cwd = ROOT
    server = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    break
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            pytest.fail(f"the app did not start:\n{server.stdout.read()}", pytrace=False)
        time.sleep(0.3)
    try:
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


@contextmanager
def served_city(db: Path, bundle, username: str, password: str) -> Iterator[str]:
    """The app served on a new SQLite store at ``db`` holding ``bundle`` and one supervisor
    (``username`` / ``password``, named 統括 花子): what a browser test signs in to."""
    from netsupport.access import User, UserRole
    from netsupport.passwords import hash_password
    from netsupport.storage.sqlite_store import SQLiteStore

    store = SQLiteStore(db)
    store.load(bundle)
    store.add_user(User(username, UserRole.SUPERVISOR, display_name="統括 花子",
                        password_hash=hash_password(password)))
    store.close()
    with served_app(db) as url:
        yield url


def sign_in(page, username: str, password: str) -> None:
    """Sign in through the app's form as a person does: wait for the sign-in page (a new
    server's first page may take a while), fill in both fields, press サインイン. The caller
    waits for what it expects next."""
    page.get_by_role("heading", name="サインイン").wait_for(timeout=60_000)
    page.get_by_label("利用者名").fill(username)
    page.get_by_label("パスワード").fill(password)
    page.get_by_role("button", name="サインイン").click()


def settled(page) -> None:
    """Wait until Streamlit's run is over (no element left greyed out as stale), then one
    second more."""
    page.wait_for_function(
        "() => !document.querySelector('[data-stale=\"true\"]')"
        " && !document.querySelector('[data-testid=\"stStatusWidget\"]')",
        timeout=60_000)
    page.wait_for_timeout(1000)


@contextmanager
def chromium():
    """A headless Chromium with the flags this closed network needs."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install-browser.sh", pytrace=False)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--no-first-run",
            "--disable-sync", "--disable-quic"])
        try:
            yield b
        finally:
            b.close()
