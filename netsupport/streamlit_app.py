"""The file Streamlit runs for ``netsupport app`` (the installed package's ``app.py``).

It lives here, not beside :mod:`netsupport.ui.main`, on purpose: Streamlit treats a
``pages/`` folder next to the script it runs as pages of their own (its first multipage
scheme), which would let a URL run ``netsupport/ui/pages/*.py`` directly, past the sign-in.
The package's top folder has no ``pages/``.
"""

from netsupport.ui.main import main

if __name__ == "__main__":  # Streamlit runs this file as ``__main__``; importing it does nothing
    main()
