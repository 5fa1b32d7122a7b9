"""The dashboard's bar charts as Vega-Lite specifications: one bar per row of a table (a
ward, an agency), one colour per column, every word on them in the user's language.

``st.bar_chart`` draws a wide table by melting it into fields it names ``value`` and
``color``: the tooltip of a bar then reads "value 8 / color 高" in English, and its axis
labels are 12 px, too small across a meeting room. Here the table is melted into fields
named by the page (区 / 世帯数 / リスク水準), and every label of the chart is at least
:data:`LABEL_PX`.

Examples
--------
>>> import pandas as pd
>>> table = pd.DataFrame({"高": [2, 0], "低": [1, 3]}, index=pd.Index(["北区", "西区"], name="区"))
>>> rows, spec = bar_chart(table, ["#C0392B", "#A9B7C0"], value="世帯数", series="リスク水準")
>>> rows.to_dict("records")[0]
{'区': '北区', 'リスク水準': '高', '世帯数': 2}
>>> [item["title"] for item in spec["encoding"]["tooltip"]]
['区', 'リスク水準', '世帯数']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

__all__ = ["bar_chart", "LABEL_PX", "LABEL_LIMIT_PX", "BAR_STEP_PX", "NOTE_ROOM"]

#: The smallest text on a chart (axis labels, legend), in CSS pixels: readable from the back
#: of a meeting room on a 1920×1080 projector, as the ecomap's projector mode.
LABEL_PX = 14

#: The widest category name on a chart's axis, in CSS pixels: "ひきこもり地域支援センター
#: 垂水区分室" (19 characters) whole at :data:`LABEL_PX`; a longer name ends in "…".
LABEL_LIMIT_PX = 280

#: A category's band on a chart drawn as long as its list (``height=None``): one line of
#: :data:`LABEL_PX` text with air around it.
BAR_STEP_PX = 30

#: With notes after the bars, the share of the value axis the longest bar takes: the rest
#: holds its note ("超過 413（受け持ち 3642 / 上限 3229）", about 250 px) on a chart of a
#: 1280 px window (its bars about 540 px).
NOTE_ROOM = 0.5


def bar_chart(table: pd.DataFrame, colours: Sequence[str], *, value: str, series: str,
              stack: bool = True, height: int | None = 320, legend_column: bool = False,
              note: str | None = None,
              label_limit: int = LABEL_LIMIT_PX) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Horizontal bars of ``table`` (rows: the categories, in order, named by the index's
    name; columns: the series, coloured with ``colours`` in order), stacked or side by side.

    Parameters
    ----------
    table : pandas.DataFrame
        Counts; the index names the categories (its ``name`` titles them).
    colours : sequence of str
        One CSS colour per column.
    value, series : str
        The words for the counts and for the columns (tooltip and legend).
    stack : bool
        Stacked bars (parts of a whole), or one bar per column side by side.
    height : int or None
        The chart's height in pixels; ``None``: :data:`BAR_STEP_PX` per category, so that
        a long list keeps every name on the axis (at a fixed 320 px, twenty agencies had
        16 px each and Vega-Lite left out three names in four).
    legend_column : bool
        The legend's entries one under the other: where long category names leave the bars
        a narrow space, a row of entries under them is cut ("受け持ち世帯 ■ 上…").
    note : str or None
        A column of ``table`` holding words about each category (not a series: no bar), written
        after the category's whole bar and in its tooltip, e.g. "受け持ち 3642 / 上限 3229": a
        bar a few pixels long beside a far longer one still says its figures. The value
        axis is then long enough that the longest bar takes :data:`NOTE_ROOM` of it.
    label_limit : int
        The widest category name on the axis in pixels; a longer one ends in "…" and is
        whole in the tooltip.

    Returns
    -------
    (pandas.DataFrame, dict)
        The long table the chart reads and its Vega-Lite specification (for
        ``st.vega_lite_chart``).
    """
    category = str(table.index.name or "")
    categories = [str(c) for c in table.index]
    notes = table[note].astype(str) if note is not None else None
    bars = table.drop(columns=[note]) if note is not None else table
    columns = [str(c) for c in bars.columns]
    rows = (bars.rename(index=str, columns=str).rename_axis(category).reset_index()
            .melt(id_vars=category, var_name=series, value_name=value))
    axis = {"labelFontSize": LABEL_PX, "title": None}
    x_axis: dict[str, Any] = {"field": value, "type": "quantitative",
                              "stack": "zero" if stack else None,
                              # a tick about every 80 px: across a 1920 px page Vega-Lite
                              # put one every 20 px, and in a 1280 px window's half it
                              # drew "16000" so close to "12000" it left out every other
                              "axis": {**axis, "tickMinStep": 1, "format": "d",
                                       "tickCount": {"expr": "ceil(width / 80)"}}}
    tooltip = [{"field": category, "type": "nominal", "title": category},
               {"field": series, "type": "nominal", "title": series},
               {"field": value, "type": "quantitative", "title": value}]
    if notes is not None:
        rows[note] = rows[category].map(dict(zip(categories, notes, strict=True)))
        tooltip.insert(1, {"field": note, "type": "nominal", "title": note})
        longest = bars.sum(axis=1).max() if stack else bars.max(axis=None)
        x_axis["scale"] = {"domain": [0, max(1.0, float(longest) / NOTE_ROOM)], "nice": False}
    y_axis = {"field": category, "type": "nominal", "sort": categories,
              "axis": {**axis, "labelLimit": label_limit}}
    encoding: dict[str, Any] = {
        "y": y_axis,
        "x": x_axis,
        # the colour's sort is the stacking order: the table's columns, left to right
        "color": {"field": series, "type": "nominal", "sort": columns,
                  "scale": {"domain": columns, "range": list(colours)[:len(columns)]},
                  "legend": {"orient": "bottom", "title": None, "labelFontSize": LABEL_PX,
                             "symbolSize": 160,
                             "direction": "vertical" if legend_column else "horizontal"}},
        "tooltip": tooltip,
    }
    if not stack:
        encoding["yOffset"] = {"field": series, "type": "nominal", "sort": columns}
    size: int | dict[str, int] = height if height is not None else {"step": BAR_STEP_PX}
    spec: dict[str, Any] = {"mark": {"type": "bar"}, "encoding": encoding}
    if notes is not None:
        # one note per category, after its whole bar (the bars' sum), on the same axes
        end = {"field": value, "type": "quantitative", "aggregate": "sum" if stack else "max",
               "scale": x_axis["scale"]}
        words = {"mark": {"type": "text", "align": "left", "baseline": "middle", "dx": 6,
                          "fontSize": LABEL_PX},
                 "encoding": {"y": y_axis, "x": end,
                              "text": {"field": note, "type": "nominal"}}}
        spec = {"layer": [spec, words]}
    return rows, {**spec, "height": size}
