"""One module per page of the app; each has ``render()`` and ``title(lang)``."""
