"""The app's pages, declared once: :data:`PAGES`.

Each page is a module of this package named by its code, with a ``render()``. Its line in
:data:`PAGES` gives everything else: its URL path and place in the navigation (the code),
who may see it (an :class:`~netsupport.access.Action`) and its title (``ui.page.<code>`` in
:mod:`netsupport.i18n`, or a label that already exists). A new page is its module, its
code in :mod:`..state`, its line here, its title in the translation table and its test.

Examples
--------
>>> [page.code for page in PAGES][:3]
['dashboard', 'case_conference', 'lead_assignment']
>>> title("case_conference", "ja"), title("users", "en")
('ケース会議', 'Users')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from ...access import Action
from ...i18n import t
from ...model import EventType
from .. import state

__all__ = ["Page", "PAGES", "page", "title"]


@dataclass(frozen=True, slots=True)
class Page:
    """One page: its code (URL path, session value, module name, title key
    ``ui.page.<code>``), the action a user must be allowed to see it, and ``named``, its
    title when that is a label the model already has."""

    code: str
    action: Action
    named: Callable[[str], str] | None = None

    def title(self, lang: str) -> str:
        return self.named(lang) if self.named else t(f"ui.page.{self.code}", lang)

    def render(self) -> None:
        """Draw the page: ``render()`` of the module named by its code."""
        import_module(f"{__name__}.{self.code}").render()


#: Every page, in the order of the navigation.
PAGES: tuple[Page, ...] = (
    Page(state.DASHBOARD, Action.VIEW_CITY),
    # ケース会議: the label of the conference event (model.LABELS)
    Page(state.CASE_CONFERENCE, Action.VIEW_HOUSEHOLD, EventType.CONFERENCE.label),
    Page(state.LEAD_ASSIGNMENT, Action.ASSIGN_LEAD),
    Page(state.AGENCY_NETWORK, Action.VIEW_AGENCIES),
    Page(state.DATA, Action.LOAD_DATA),
    Page(state.AUDIT_LOG, Action.READ_AUDIT),
    Page(state.USERS, Action.MANAGE_USERS),
)


def page(code: str) -> Page:
    """The page of ``code`` (``KeyError`` for a code that is no page)."""
    for candidate in PAGES:
        if candidate.code == code:
            return candidate
    raise KeyError(code)


def title(code: str, lang: str) -> str:
    """The title of the page ``code`` in ``lang``."""
    return page(code).title(lang)
