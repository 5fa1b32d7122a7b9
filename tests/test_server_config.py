"""The Streamlit server's settings are part of privacy: checked here, not only written.

A municipal PC on a closed network must not call out, must not listen beyond itself by
default, and must cap uploads (a bundle is a few MB; 50 MB leaves room for 80,000 households
as CSV while refusing anything far beyond a bundle).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

CONFIG = Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml"


def _config() -> dict:
    return tomllib.loads(CONFIG.read_text(encoding="utf-8"))


def test_no_usage_statistics_and_no_external_lookup():
    browser = _config()["browser"]
    assert browser["gatherUsageStats"] is False
    assert browser["serverAddress"] == "localhost"


def test_listens_on_this_pc_only_and_caps_uploads():
    server = _config()["server"]
    assert server["address"] == "127.0.0.1"
    assert 1 <= server["maxUploadSize"] <= 50  # MB
    # Streamlit's defaults that must not be switched off here
    assert server.get("enableXsrfProtection", True) is True
    assert server.get("enableCORS", True) is True


def test_streamlit_reads_the_same_values():
    """The file is where Streamlit looks (run from the project root): its own loader
    must agree, so a typo in a section name cannot silently drop a setting."""
    import os

    from streamlit import config

    cwd = os.getcwd()
    try:
        os.chdir(CONFIG.parent.parent)
        config.get_config_options(force_reparse=True)
        assert config.get_option("server.maxUploadSize") == _config()["server"]["maxUploadSize"]
        assert config.get_option("server.address") == "127.0.0.1"
        assert config.get_option("browser.gatherUsageStats") is False
    finally:
        os.chdir(cwd)
        config.get_config_options(force_reparse=True)
