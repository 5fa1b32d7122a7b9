"""The dashboard's bar charts (``netsupport.viz.charts``) and the table of the agencies over
capacity they draw (``netsupport.viz.tables.over_capacity_chart``), on small hand-made
tables whose answers can be checked by eye.

Seen in Chromium at 80,000 households: the chart of the twenty agencies over capacity was
320 px tall (16 px per agency: three names in four left out of the axis), drew each
agency's leads beside its capacity (one agency leading 3,642 households squeezed the other
bars to a few pixels) and sat in a third of the page. It now draws the fifteen most over,
how far over each is, longest first, a band of :data:`BAR_STEP_PX` per agency, and the
figures after each bar.
"""

from __future__ import annotations

from datetime import date

import networkx as nx
import pandas as pd
import pytest

from netsupport.analysis import AgencyIndex
from netsupport.analysis.agency_network import OverCapacity
from netsupport.i18n import t
from netsupport.model import Agency, AgencyKind
from netsupport.viz.charts import BAR_STEP_PX, LABEL_LIMIT_PX, LABEL_PX, NOTE_ROOM, bar_chart
from netsupport.viz.tables import over_capacity_chart, over_capacity_note

KIND = AgencyKind.COMMUNITY_SUPPORT_CENTER
LONG = "ひきこもり地域支援センター垂水区分室"


def _index(*agencies: Agency) -> AgencyIndex:
    return AgencyIndex(date(2026, 11, 1), {a.agency_id: a for a in agencies}, {}, nx.Graph())


def _city(n: int) -> tuple[list[OverCapacity], AgencyIndex]:
    """``n`` agencies over capacity, most over first (as ``over_capacity`` sorts them): the
    agency ``A{i:02}`` leads ``n - i`` households more than its capacity of 10."""
    over = [OverCapacity(f"A{i:02}", 10 + n - i, 10) for i in range(n)]
    return over, _index(*(Agency(o.agency_id, f"機関{i:02}", KIND, capacity=10)
                          for i, o in enumerate(over)))


def test_the_chart_draws_the_most_over_first_and_no_more_than_asked():
    over, index = _city(20)
    table = over_capacity_chart(over, index, "ja", top=15)
    assert table.index.tolist() == [f"機関{i:02}" for i in range(15)]
    assert table[t("ui.chart.over_capacity", "ja")].tolist() == list(range(20, 5, -1))
    assert len(over_capacity_chart(over, index, "ja")) == 20  # no top: every one


def test_each_bar_is_how_far_over_not_the_leads_beside_the_capacity():
    """The agency leading 3,642 of 3,229 is 413 over; the one leading 50 of 45 is 5 over:
    one bar each, and their words say all three figures."""
    over = [OverCapacity("A1", 3642, 3229), OverCapacity("A2", 50, 45)]
    index = _index(Agency("A1", LONG, KIND, capacity=3229),
                   Agency("A2", "地域活動支援センター楠", KIND, capacity=45))
    table = over_capacity_chart(over, index, "ja")
    assert table.columns.tolist() == [t("ui.chart.over_capacity", "ja"),
                                      over_capacity_note("ja")]
    assert table.iloc[:, 0].tolist() == [413, 5]
    assert table.iloc[:, 1].tolist() == ["超過 413（受け持ち 3,642 / 上限 3,229）",
                                         "超過 5（受け持ち 50 / 上限 45）"]
    english = over_capacity_chart(over, index, "en")
    assert english.index.name == "Agency"
    assert english.iloc[0, 1] == "413 over (leads 3,642 / capacity 3,229)"


def test_two_agencies_of_one_name_keep_a_bar_each():
    over = [OverCapacity("A1", 12, 10), OverCapacity("A2", 11, 10), OverCapacity("A3", 6, 5)]
    index = _index(Agency("A1", "居場所「あおば」", KIND, capacity=10),
                   Agency("A2", "居場所「あおば」", KIND, capacity=10),
                   Agency("A3", "居場所「やまて」", KIND, capacity=5))
    table = over_capacity_chart(over, index, "ja")
    assert table.index.tolist() == ["居場所「あおば」（A1）", "居場所「あおば」（A2）",
                                    "居場所「やまて」"]
    rows, _ = bar_chart(table, ["#C0392B"], value="世帯数", series="区分",
                        note=over_capacity_note("ja"))
    assert rows["機関"].nunique() == 3


def test_a_chart_as_long_as_its_list_gives_every_category_a_band():
    """``height=None``: a band of BAR_STEP_PX per category (at least a line of LABEL_PX
    text), so Vega-Lite keeps every name; a fixed height stays as given."""
    over, index = _city(15)
    table = over_capacity_chart(over, index, "ja")
    _, spec = bar_chart(table, ["#C0392B"], value="世帯数", series="区分", height=None,
                        note=over_capacity_note("ja"))
    assert spec["height"] == {"step": BAR_STEP_PX} and BAR_STEP_PX >= LABEL_PX * 2
    _, fixed = bar_chart(table, ["#C0392B"], value="世帯数", series="区分", height=320)
    assert fixed["height"] == 320


def test_notes_are_written_after_each_bar_and_are_not_bars():
    over = [OverCapacity("A1", 3642, 3229), OverCapacity("A2", 50, 45)]
    index = _index(Agency("A1", LONG, KIND, capacity=3229),
                   Agency("A2", "楠", KIND, capacity=45))
    table = over_capacity_chart(over, index, "ja")
    note = over_capacity_note("ja")
    rows, spec = bar_chart(table, ["#C0392B"], value="世帯数", series="区分", height=None,
                           note=note)
    # one row per agency and series: the note rides along, it is not a series of its own
    assert len(rows) == 2 and set(rows["区分"]) == {t("ui.chart.over_capacity", "ja")}
    assert rows.set_index("機関")[note].to_dict() == {
        LONG: "超過 413（受け持ち 3,642 / 上限 3,229）", "楠": "超過 5（受け持ち 50 / 上限 45）"}
    bars, words = spec["layer"]
    assert bars["mark"]["type"] == "bar" and words["mark"]["type"] == "text"
    assert bars["encoding"]["color"]["scale"]["domain"] == [t("ui.chart.over_capacity", "ja")]
    assert words["encoding"]["text"]["field"] == note
    assert words["mark"]["align"] == "left" and words["mark"]["fontSize"] >= LABEL_PX
    assert note in [item["field"] for item in bars["encoding"]["tooltip"]]
    # the notes at the bars' ends, on the bars' own axis, which leaves room after the
    # longest bar: it takes NOTE_ROOM of the axis
    assert words["encoding"]["x"]["aggregate"] == "sum"
    domain = bars["encoding"]["x"]["scale"]["domain"]
    assert domain == [0, pytest.approx(413 / NOTE_ROOM)]
    assert words["encoding"]["x"]["scale"]["domain"] == domain


def test_a_long_name_is_kept_whole_on_the_axis():
    """The longest agency name of the 80,000-household city (19 characters at LABEL_PX)
    fits the axis; a longer one ends in "…" there and is whole in the tooltip."""
    table = pd.DataFrame({"高": [3]}, index=pd.Index([LONG], name="機関"))
    rows, spec = bar_chart(table, ["#C0392B"], value="世帯数", series="リスク水準")
    assert spec["encoding"]["y"]["axis"]["labelLimit"] == LABEL_LIMIT_PX
    assert len(LONG) * LABEL_PX <= LABEL_LIMIT_PX
    assert rows["機関"].tolist() == [LONG]
    assert spec["encoding"]["tooltip"][0]["field"] == "機関"


def test_a_chart_without_notes_is_one_layer_as_before():
    table = pd.DataFrame({"高": [2, 0], "低": [1, 3]},
                         index=pd.Index(["北区", "西区"], name="区"))
    rows, spec = bar_chart(table, ["#C0392B", "#A9B7C0"], value="世帯数", series="リスク水準")
    assert "layer" not in spec and spec["mark"]["type"] == "bar"
    assert "scale" not in spec["encoding"]["x"]  # Vega-Lite's own domain: no room for notes
    assert len(rows) == 4
