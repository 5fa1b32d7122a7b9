"""An unexpected error is a Japanese message with an incident number that the server log
holds with its traceback; a library error keeps its own sentence; no traceback is drawn.
Driven with ``AppTest`` (a one-page script around :func:`netsupport.ui.incidents.guarded`),
and the app's config read as Streamlit reads it."""

from __future__ import annotations

import doctest
import logging
import re
import tomllib
from pathlib import Path

from streamlit.testing.v1 import AppTest

from netsupport.ui import incidents

ROOT = Path(__file__).resolve().parent.parent


def _failing_page():
    from netsupport.ui import incidents

    def render():
        raise KeyError(None)

    incidents.guarded(render, "demo_page")()


def _store_down_page():
    from netsupport.errors import StoreUnavailableError
    from netsupport.ui import incidents

    def render():
        raise StoreUnavailableError("bolt://db:7687 refused the connection")

    incidents.guarded(render, "demo_page")()


def test_an_unexpected_error_is_a_message_with_an_incident_number_in_the_log(caplog):
    caplog.set_level(logging.ERROR, logger="netsupport.incidents")
    at = AppTest.from_function(_failing_page).run(timeout=30)
    assert not at.exception
    [message] = [e.value for e in at.error]
    assert "受付番号" in message and "Traceback" not in message and "KeyError" not in message
    number = re.search(r"\d{8}-\d{6}-[0-9a-f]{4}", message).group(0)
    [record] = [r for r in caplog.records if number in r.getMessage()]
    assert "demo_page" in record.getMessage() and record.exc_info[0] is KeyError


def test_a_library_error_keeps_its_own_sentence_and_is_no_incident(caplog):
    caplog.set_level(logging.ERROR, logger="netsupport.incidents")
    at = AppTest.from_function(_store_down_page).run(timeout=30)
    [message] = [e.value for e in at.error]
    assert "データベースに接続できません" in message and "受付番号" not in message
    assert not [r for r in caplog.records if r.name == "netsupport.incidents"]


def test_streamlit_shows_no_error_details_and_a_minimal_toolbar():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
    assert config["client"]["toolbarMode"] == "minimal"


def test_doctests():
    assert doctest.testmod(incidents).failed == 0
