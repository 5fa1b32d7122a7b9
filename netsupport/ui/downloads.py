"""Downloads that no bare link can fetch: built when asked, handed over once, audited.

Streamlit serves every ``st.download_button`` file from ``/media/<hash>.<ext>`` to anyone who
has the address, with no session or cookie check, for as long as a session refers to it
(and a while after). A workbook of the whole city, or a case-conference sheet, must not
outlive the moment it was asked for. So every download of case data goes through
:func:`offer`:

- the file is not built when the page is drawn but when the button is pressed (Streamlit's
  deferred ``data=callable``: the callable runs on the server, then the browser is sent the
  address);
- the build is refused unless the session that drew the button is still signed in: each
  sign-in gets a random *grant*, which :func:`revoke` (called at every sign-out and
  time-out) withdraws;
- every build is written to the audit log (``EXPORT``, with who, what and the household)
  before the file exists;
- the address answers only the requests of that one press (:data:`FETCHES_PER_PRESS`: the
  frontend's check and the download itself), then the file leaves Streamlit's memory
  storage and every later request gets 404; and it answers only for
  :data:`HAND_OVER_SECONDS` seconds and only while the grant stands (a timer and
  :func:`revoke` delete the file).

The "once" is enforced in Streamlit's in-memory media storage, the one store its ``/media``
route reads: :func:`guard` gives that storage object the class :class:`_HandOverOnce`, a
subclass that serves a ticketed file for one press only (Streamlit offers no hook for this). A
storage of another kind (a host's plug-in) cannot be guarded, and no download is offered.
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st
from streamlit.runtime import exists as runtime_exists
from streamlit.runtime import get_instance
from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.runtime.memory_media_file_storage import (
    MemoryMediaFileStorage,
    _calculate_file_id,
)
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from .. import audit
from ..audit import AuditAction, AuditEntry
from ..storage import Store
from . import state

__all__ = ["HAND_OVER_SECONDS", "FETCHES_PER_PRESS", "offer", "revoke", "build_once", "guard",
           "guarded", "open_grant"]

#: How long the address of a built file answers before the file is deleted.
HAND_OVER_SECONDS = 60.0
#: The requests one press of a download button makes: Streamlit's frontend (1.67) first
#: checks the new address with ``fetch()`` and then has the browser download it; both are
#: whole GETs. The address answers these two and nothing after.
FETCHES_PER_PRESS = 2
_ID_MAX = 64


@dataclass
class _Ticket:
    session: str
    grant: str
    deadline: float
    storage: MemoryMediaFileStorage | None  # where the file will be (to delete it)
    left: int = 0                            # requests it still answers


_LOCK = threading.Lock()
_TICKETS: dict[str, _Ticket] = {}     # Streamlit file id -> the one hand-over it allows
_GRANTS: dict[str, str] = {}          # Streamlit session id -> the grant of its sign-in
_LOOKUP = threading.local()           # set while Streamlit itself reads a file (not a fetch)


class _HandOverOnce(MemoryMediaFileStorage):
    """Streamlit's in-memory media storage, except that a ticketed file is served to one
    press's requests, in time and while its session's grant stands, then deleted. Other
    files (images, the empty template) are served as Streamlit would."""

    def get_file(self, filename: str) -> Any:
        file_id = os.path.splitext(filename)[0]
        if getattr(_LOOKUP, "active", False):
            return super().get_file(filename)
        with _LOCK:  # requests at once: the ticket counts them one by one
            ticket = _TICKETS.get(file_id)
            if ticket is None:
                return super().get_file(filename)
            ticket.left -= 1
            if ticket.left <= 0:
                del _TICKETS[file_id]
            try:
                if (time.monotonic() > ticket.deadline
                        or _GRANTS.get(ticket.session) != ticket.grant):
                    ticket.left = 0
                    raise MediaFileStorageError(f"download {file_id} is no longer offered")
                return super().get_file(filename)
            finally:
                if ticket.left <= 0:
                    _TICKETS.pop(file_id, None)
                    self.delete_file(file_id)

    def get_url(self, file_id: str) -> str:
        # Streamlit asks for the address right after storing the file: not a fetch.
        _LOOKUP.active = True
        try:
            return super().get_url(file_id)
        finally:
            _LOOKUP.active = False


def guard(storage: object) -> MemoryMediaFileStorage | None:
    """``storage`` made :class:`_HandOverOnce` when it is Streamlit's in-memory media
    storage (the object its ``/media`` route reads), else ``None``."""
    if type(storage) is MemoryMediaFileStorage:
        storage.__class__ = _HandOverOnce
    return storage if isinstance(storage, _HandOverOnce) else None


def guarded() -> MemoryMediaFileStorage | None:
    """The running app's media storage, guarded; ``None`` without a runtime."""
    if not runtime_exists():
        return None
    return guard(get_instance().media_file_mgr._storage)


def _session_id() -> str | None:
    ctx = get_script_run_ctx(suppress_warning=True)
    return ctx.session_id if ctx is not None else None


def _grant() -> str | None:
    """This session's grant (made at its first download button after a sign-in)."""
    session = _session_id()
    if session is None:
        return None
    grant = st.session_state.get(state.DOWNLOAD_GRANT)
    grant = st.session_state[state.DOWNLOAD_GRANT] = open_grant(session, grant)
    return grant


def open_grant(session: str, grant: str | None = None) -> str:
    """Make ``grant`` (a new random one when ``None``) the standing grant of ``session``."""
    grant = grant or secrets.token_urlsafe(24)
    with _LOCK:
        _GRANTS[session] = grant
    return grant


def revoke(session: str | None = None) -> None:
    """Withdraw the grant of ``session`` (this script run's session by default) at sign-out,
    time-out or a closed account: no button it drew builds a file any more, and every file
    built for it and not yet fetched is deleted."""
    session = session or _session_id()
    if session is None:
        return
    with _LOCK:
        _GRANTS.pop(session, None)
        gone = [(fid, _TICKETS.pop(fid).storage) for fid, ticket in list(_TICKETS.items())
                if ticket.session == session]
    for file_id, storage in gone:
        if storage is not None:
            storage.delete_file(file_id)


def build_once(build: Callable[[], bytes], *, session: str, grant: str, store: Store,
               username: str, what: str, household_id: str | None, mime: str,
               file_name: str, detail: dict[str, Any],
               storage: MemoryMediaFileStorage | None = None,
               seconds: float = HAND_OVER_SECONDS) -> bytes:
    """Build the file for the session that asked, after checking that its grant stands and
    writing the audit entry; ticket the file Streamlit will store so that it is served once,
    for ``seconds``. (The deferred callable of :func:`offer`; it runs
    on a server thread, without the session's state, so everything comes as arguments.)"""
    with _LOCK:
        if _GRANTS.get(session) != grant:
            raise PermissionError("this session is signed out: nothing is built")
    data = build()
    store.append_audit([AuditEntry(
        audit.now(), username[:_ID_MAX], AuditAction.EXPORT,
        household_id[:_ID_MAX] if household_id else None,
        {"what": what, "bytes": len(data), **detail})])
    # the id Streamlit's memory storage gives these bytes (a hash of data, type and name)
    file_id = _calculate_file_id(data, mime, file_name)
    deadline = time.monotonic() + seconds
    with _LOCK:
        _TICKETS[file_id] = _Ticket(session, grant, deadline, storage, FETCHES_PER_PRESS)
    timer = threading.Timer(seconds + 1, _expire, (file_id, deadline))
    timer.daemon = True
    timer.start()
    return data


def _expire(file_id: str, deadline: float) -> None:
    """Delete a file not fetched in time (unless it was built again since)."""
    with _LOCK:
        ticket = _TICKETS.get(file_id)
        if ticket is None or ticket.deadline != deadline:
            return
        del _TICKETS[file_id]
    if ticket.storage is not None:
        ticket.storage.delete_file(file_id)


def offer(container: Any, label: str, build: Callable[[], bytes], *, file_name: str,
          mime: str, key: str, store: Store, username: str, what: str,
          household_id: str | None = None, width: str = "stretch", **detail: Any) -> None:
    """A download button in ``container`` (``st`` or a column) whose file ``build()`` makes
    only when pressed, for this signed-in session, audited as ``what`` (with
    ``household_id`` and ``detail``), served once (see the module's docstring).
    ``width``: ``"stretch"`` (its column's width) or ``"content"`` (its label's).

    Without a guarded storage (no Streamlit runtime, or a storage of another kind) the
    button is drawn disabled: nothing is ever served unguarded.
    """
    storage = guarded()
    session, grant = _session_id(), _grant()
    if storage is None or session is None or grant is None:
        container.download_button(label, b"", file_name=file_name, mime=mime, key=key,
                                  disabled=True, width=width)
        return

    def deferred() -> bytes:
        return build_once(build, session=session, grant=grant, store=store, username=username,
                          what=what, household_id=household_id, mime=mime,
                          file_name=file_name, detail=detail, storage=storage)

    container.download_button(label, deferred, file_name=file_name, mime=mime, key=key,
                              on_click="ignore", width=width)
