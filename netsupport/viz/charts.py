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

__all__ = ["bar_chart", "LABEL_PX"]

#: The smallest text on a chart (axis labels, legend), in CSS pixels: readable from the back
#: of a meeting room on a 1920×1080 projector, as the ecomap's projector mode.
LABEL_PX = 14


def bar_chart(table: pd.DataFrame, colours: Sequence[str], *, value: str, series: str,
              stack: bool = True, height: int = 320,
              legend_column: bool = False) -> tuple[pd.DataFrame, dict[str, Any]]:
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
    height : int
        The chart's height in pixels.
    legend_column : bool
        The legend's entries one under the other: where long category names leave the bars
        a narrow space, a row of entries under them is cut ("受け持ち世帯 ■ 上…").

    Returns
    -------
    (pandas.DataFrame, dict)
        The long table the chart reads and its Vega-Lite specification (for
        ``st.vega_lite_chart``).
    """
    category = str(table.index.name or "")
    categories = [str(c) for c in table.index]
    columns = [str(c) for c in table.columns]
    rows = (table.rename(index=str, columns=str).rename_axis(category).reset_index()
            .melt(id_vars=category, var_name=series, value_name=value))
    axis = {"labelFontSize": LABEL_PX, "title": None, "labelLimit": 260}
    encoding: dict[str, Any] = {
        "y": {"field": category, "type": "nominal", "sort": categories, "axis": axis},
        "x": {"field": value, "type": "quantitative", "stack": "zero" if stack else None,
              "axis": {**axis, "tickMinStep": 1, "format": "d"}},
        # the colour's sort is the stacking order: the table's columns, left to right
        "color": {"field": series, "type": "nominal", "sort": columns,
                  "scale": {"domain": columns, "range": list(colours)[:len(columns)]},
                  "legend": {"orient": "bottom", "title": None, "labelFontSize": LABEL_PX,
                             "symbolSize": 160,
                             "direction": "vertical" if legend_column else "horizontal"}},
        "tooltip": [{"field": category, "type": "nominal", "title": category},
                    {"field": series, "type": "nominal", "title": series},
                    {"field": value, "type": "quantitative", "title": value}],
    }
    if not stack:
        encoding["yOffset"] = {"field": series, "type": "nominal", "sort": columns}
    spec = {"mark": {"type": "bar"}, "height": height, "encoding": encoding}
    return rows, spec
