"""Drafts: what someone typed into an edit form and has not saved yet.

A save can fail for reasons that are no fault of the input: Neo4j is down or restarting
(``StoreUnavailableError``), or someone else saved first and the form was drawn from an
older data version (``ConflictError``). The input must survive either. The form's widgets
cannot keep it: Streamlit forgets a widget's value in any run that does not draw it (while
the store is down the page is not drawn; another page may be opened), and the forms' keys
carry the data version (:func:`netsupport.ui.state.form_key`), so after anyone's write they
are new widgets.

So a draft lives in session state that belongs to no widget (:data:`state.DRAFTS`), one per
form and household:

- the submit callback keeps the submitted values (:func:`keep`) *before* it writes, and
  notes why the write failed (:func:`failed`); a successful write drops the draft
  (:func:`drop`);
- when a form is drawn, its widgets start from the draft (:func:`value`), and the page says
  that unsaved input is held, with a button whose callback is :func:`drop`;
- a page that cannot be drawn (the store is down) still says that input is held
  (:func:`show_held`).

Signing out forgets the drafts with the rest of the session (``state.forget_session``): the
next person at the browser must not see them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import streamlit as st

from ..i18n import t
from . import state

__all__ = ["Draft", "keep", "failed", "held", "all_held", "value", "drop", "show_held"]


@dataclass(frozen=True, slots=True)
class Draft:
    """A form's submitted values (by field name, as ``state.form_key`` names the fields) and,
    after a failed save, why it failed (in the words shown to staff)."""

    values: Mapping[str, Any] = field(default_factory=dict)
    problem: str = ""


def _drafts() -> dict[tuple[str, str], Draft]:
    return st.session_state.setdefault(state.DRAFTS, {})


def keep(form: str, household_id: str, values: Mapping[str, Any]) -> None:
    """Hold ``values`` as the draft of ``form`` for the household (replacing an older one)."""
    _drafts()[form, household_id] = Draft(dict(values))


def failed(form: str, household_id: str, problem: str) -> None:
    """Note why saving the draft failed (nothing happens when there is no draft)."""
    drafts = _drafts()
    if (form, household_id) in drafts:
        drafts[form, household_id] = replace(drafts[form, household_id], problem=problem)


def held(form: str, household_id: str) -> Draft | None:
    return _drafts().get((form, household_id))


def all_held() -> list[tuple[str, str]]:
    """``(form, household_id)`` of every draft held, in the order they were first kept."""
    return list(st.session_state.get(state.DRAFTS) or {})


def value(draft: Draft | None, name: str, default: Any) -> Any:
    """The draft's value of field ``name``, else ``default`` (what a fresh form shows)."""
    if draft is None or draft.values.get(name) is None:
        return default
    return draft.values[name]


def drop(form: str, household_id: str, widget_keys: Iterable[str] = ()) -> None:
    """Forget the draft; also reset the form's widgets ``widget_keys`` (the discard
    button: the form then shows its defaults again). Used as a callback."""
    _drafts().pop((form, household_id), None)
    for key in widget_keys:
        st.session_state.pop(key, None)


def show_held(lang: str) -> None:
    """When any draft is held, say so: for a run that cannot draw the forms (the store is
    down), so that nobody thinks the input was lost."""
    if all_held():
        st.info(t("ui.drafts.offline", lang))
