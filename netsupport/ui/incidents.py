"""Errors nobody planned for, shown in words staff can pass on, kept in the server log.

A page or a callback that fails with an unexpected exception (a bug) must not show a
traceback: it says what happened in Japanese (English with the language switch) and gives
an **incident number** that the server log holds with the whole traceback, so that the
person at the screen can tell the person running the server exactly which failure it was.
Streamlit's own error box is switched off as well (``client.showErrorDetails = "none"`` in
``.streamlit/config.toml``) for what still slips past these wrappers.

- :func:`guarded`: wraps a page's ``render`` (``app.py`` registers every page through it);
- :func:`guarded_callback`: wraps a widget callback (a save, a load), whose exceptions
  Streamlit raises before the page is drawn.

A library error (:class:`netsupport.errors.NetsupportError`: the store down, a conflict) is
an expected failure with its own sentence (:func:`netsupport.ui.widgets.error_text`), not
an incident. Streamlit's own control flow (``st.stop``, ``st.rerun``, ``st.switch_page``)
raises ``BaseException`` subclasses and passes through.

The log line holds the incident number, the page and the traceback; nothing the user typed
is added to it (an exception's own message may name a record id, never a password).
"""

from __future__ import annotations

import functools
import logging
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import streamlit as st

from ..errors import NetsupportError
from ..i18n import t
from . import drafts, state

__all__ = ["LOGGER", "new_incident", "report", "guarded", "guarded_callback"]

LOGGER = logging.getLogger("netsupport.incidents")
if not LOGGER.handlers:  # Streamlit configures only its own loggers: print to the server log
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    LOGGER.addHandler(_handler)
    LOGGER.setLevel(logging.INFO)


def new_incident() -> str:
    """A number to quote: the UTC time and four random hex digits, ``20261201-081502-a3f9``.

    >>> import re
    >>> bool(re.fullmatch(r"\\d{8}-\\d{6}-[0-9a-f]{4}", new_incident()))
    True
    """
    return f"{datetime.now(UTC):%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"


def report(error: BaseException, where: str) -> str:
    """Log ``error`` with its traceback under a new incident number; return the number."""
    incident = new_incident()
    LOGGER.error("incident %s in %s: %s", incident, where, type(error).__name__,
                 exc_info=(type(error), error, error.__traceback__))
    return incident


def _show(error: Exception, where: str, lang: str) -> None:
    from .widgets import error_text  # widgets imports resources, which imports state

    if isinstance(error, NetsupportError):
        st.error(error_text(error, lang))
    else:
        st.error(t("ui.error.incident", lang, incident=report(error, where)))
    drafts.show_held(lang)  # no input is lost


def guarded(render: Callable[[], None], where: str) -> Callable[[], None]:
    """``render`` that shows an error as a message (with an incident number) instead of a
    traceback. Named after the page, so ``st.Page`` still derives nothing from it."""

    @functools.wraps(render)
    def page() -> None:
        try:
            render()
        except Exception as error:  # noqa: BLE001 - every failure becomes a message
            _show(error, where, state.lang())

    return page


def guarded_callback(callback: Callable[..., Any]) -> Callable[..., Any]:
    """A widget callback whose unexpected failure is logged as an incident and left as a
    message for the page (``state.notify``) instead of a traceback over the page."""

    @functools.wraps(callback)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return callback(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - every failure becomes a message
            incident = report(error, getattr(callback, "__qualname__", "callback"))
            state.notify("error", t("ui.error.incident", state.lang(), incident=incident))
            return None

    return run
