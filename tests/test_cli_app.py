"""``netsupport app``: the app served from the installed package, as a deployer starts it.

A wheel has no ``app.py`` and no ``.streamlit/config.toml``; the command runs the package's
own script with the package's own settings. Checked here: the settings are the checkout's
(one meaning, two files), the command line carries them, and a real Chromium opens the app
started that way from a folder that is not the checkout and finds the Japanese sign-in form.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from browser_support import chromium, served_app

from netsupport.cli import serve
from netsupport.demo import generate
from netsupport.storage import open_store

ROOT = Path(__file__).resolve().parent.parent


def test_the_packaged_settings_are_the_checkouts():
    with open(ROOT / ".streamlit" / "config.toml", "rb") as f:
        assert serve.settings() == tomllib.load(f)


def test_the_command_carries_the_privacy_settings_and_runs_the_packaged_script():
    command = serve.streamlit_command(8765)
    assert command[1:4] == ["-m", "streamlit", "run"]
    script = Path(command[4])
    assert script.name == "streamlit_app.py" and script.parent.name == "netsupport"
    # never beside a pages/ folder: Streamlit would serve those files as pages of their own,
    # past the sign-in
    assert not (script.parent / "pages").exists()
    assert "--server.address=127.0.0.1" in command  # this PC only, unless told otherwise
    assert "--browser.gatherUsageStats=false" in command
    assert "--client.showErrorDetails=none" in command
    assert "--server.port=8765" in command
    assert "--server.address=0.0.0.0" in serve.streamlit_command(8765, "0.0.0.0")


def test_netsupport_app_serves_the_app_from_another_folder(tmp_path):
    db = tmp_path / "city.db"
    with open_store(f"sqlite:///{db}") as store:
        store.load(generate(10, seed=7))
    with served_app(db, packaged=True) as url, chromium() as browser:
        for path in ("/", "/data", "/case_conference"):  # a page's own URL: still the sign-in
            page = browser.new_page(locale="ja-JP")
            page.goto(url + path)
            page.get_by_label("利用者名").wait_for(timeout=60_000)
            assert page.get_by_role("button", name="サインイン").is_visible()
            page.wait_for_timeout(500)
            text = page.inner_text("body")
            assert "Traceback" not in text and "Error" not in text
            assert "データの取り込み" not in text
            page.close()
    assert not (tmp_path / ".streamlit").exists()
