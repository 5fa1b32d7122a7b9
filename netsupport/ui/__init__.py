"""The Streamlit app: a thin, Japanese-first shell over the library.

Only this package and ``app.py`` import streamlit. Pages read results through
:mod:`.resources` (cached per store, data version and day), format them with
:mod:`netsupport.viz` (maps, :mod:`~netsupport.viz.tables`, :mod:`~netsupport.viz.naming`,
the :mod:`~netsupport.viz.sheet`), and write only through
:mod:`netsupport.edits` and ``Store.apply`` / ``Store.load``: no analysis, SQL or Cypher here.

- :mod:`.state`: every session-state key and its default, in one place;
- :mod:`.resources`: the store (one per process) and the cached analysis results;
- :mod:`.widgets`: the few widgets more than one page uses;
- :mod:`.pages`: one module per page, each with a ``render()``.
"""
