"""What people look at, made from results, without Streamlit: maps, the sheet, tables.

Network maps as HTML: NetworkX graph and analysis results in, one self-contained page out.
Every page inlines vis-network 9.1.2, which ships inside this package (``vendor/``, with its
licence), works on a closed network (nothing is fetched) and shows user text as text only.

- :func:`ecomap_html` — one household's ecomap (:mod:`netsupport.viz.ecomap`).
- :func:`agency_map_html` — the agency network (:mod:`netsupport.viz.agency_map`).
- :func:`assert_offline` — check that a page fetches nothing (:mod:`netsupport.viz.offline`).
- :mod:`netsupport.viz.sheet` — the printable case-conference sheet of one household.
- :mod:`netsupport.viz.tables` — results as the tables the pages and the sheet show.
- :mod:`netsupport.viz.charts` — the dashboard's bar charts, in the user's words.
- :mod:`netsupport.viz.naming` — ids named by name or by pseudonym, by consent.
"""

from .agency_map import agency_map_html, strongest_links
from .ecomap import MissingSupport, ecomap_html
from .offline import NotOfflineError, assert_offline

__all__ = [
    "ecomap_html",
    "MissingSupport",
    "agency_map_html",
    "strongest_links",
    "assert_offline",
    "NotOfflineError",
]
