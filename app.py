"""The netsupport app in a checkout: ``streamlit run app.py`` (see README).

Everything is in :mod:`netsupport.ui.main`, so that the installed package runs the same app
(``netsupport app``); Streamlit reruns this file on every interaction, which calls it again.
"""

from netsupport.ui.main import main

main()
