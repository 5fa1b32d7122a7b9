"""主担当の割当 with nothing to decide (the seed's one household, whose lead is kept): the
page says so in Japanese instead of drawing an empty table, whose placeholder is
Streamlit's English "empty"."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app_support import app_as, app_store, run

from netsupport.access import UserRole
from netsupport.bundle import read_bundle
from netsupport.ui import state

ROOT = Path(__file__).resolve().parent.parent


def test_an_empty_worklist_is_said_in_words(tmp_path, monkeypatch):
    app_store(tmp_path, monkeypatch, read_bundle(ROOT / "graph_data" / "example"),
              date(2026, 11, 1))
    at = run(app_as(UserRole.SUPERVISOR, state.LEAD_ASSIGNMENT))
    assert "いま主担当の検討が必要な世帯はありません。" in [i.value for i in at.info]
    assert len(at.dataframe) == 1  # the caseloads only, no empty worklist


def test_closed_cases_are_not_in_the_worklist(tmp_path, monkeypatch):
    """The demo's closed (終結) households have no lead and an agency that could take them:
    the worklist leaves them out (the walkthrough saw them listed with 主担当を決める and
    no reason)."""
    bundle = read_bundle(ROOT / "graph_data" / "demo")
    closed = {h.household_id for h in bundle.households if h.status.value == "closed"}
    assert closed
    app_store(tmp_path, monkeypatch, bundle, date(2026, 11, 1))
    at = run(app_as(UserRole.SUPERVISOR, state.LEAD_ASSIGNMENT, timeout=120))
    listed = set(at.dataframe[0].value.iloc[:, 0])
    assert listed and not listed & closed, sorted(listed & closed)
