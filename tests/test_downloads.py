"""Downloads: built when asked, audited, handed over once, dead after sign-out and in time.

Streamlit's own media file manager and in-memory storage (the objects its ``/media`` route
reads) run the deferred download as the server does: ``add_deferred`` when the page is
drawn, ``execute_deferred`` when the button is pressed, then ``get_file`` for each request
of the address. The audit entries land in a real store, SQLite and Neo4j.
(``test_browser_trust.py`` does the same through a real server and Chromium.)
"""

from __future__ import annotations

import contextlib
import threading
import time
from functools import partial

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from netsupport.audit import AuditAction
from netsupport.ui import downloads

MIME = "text/csv"
NAME = "audit.csv"


@pytest.fixture
def media():
    storage = downloads.guard(MemoryMediaFileStorage("/media"))
    assert storage is not None
    return MediaFileManager(storage), storage


def offered(manager, store, session: str, grant: str, built: list, seconds=60.0,
            data: bytes = b"id,name\n1,x\n") -> str:
    """What ``downloads.offer`` registers: a deferred callable (its placeholder id)."""
    def build():
        built.append(1)
        return data
    return manager.add_deferred(
        partial(downloads.build_once, build, session=session, grant=grant, store=store,
                username="t-admin", what="audit_log", household_id="H-1", mime=MIME,
                file_name=NAME, detail={"entries": 1}, storage=manager._storage,
                seconds=seconds),
        MIME, "1.0", file_name=NAME)


def fetch(storage, url: str) -> bytes:
    """One request of the address, as Streamlit's ``/media/{file_id}`` route makes it."""
    return storage.get_file(url.rsplit("/", 1)[1]).content


def test_the_file_is_built_only_when_asked_audited_and_handed_over_once(media, store):
    manager, storage = media
    grant = downloads.open_grant("s1")
    built: list = []
    placeholder = offered(manager, store, "s1", grant, built)
    assert built == [] and store.audit_log() == []  # drawing the button builds nothing
    url = manager.execute_deferred(placeholder)
    assert built == [1]
    [entry] = store.audit_log()
    assert (entry.username, entry.action, entry.household_id) == (
        "t-admin", AuditAction.EXPORT, "H-1")
    assert entry.detail == {"what": "audit_log", "bytes": 12, "entries": 1}
    for _ in range(downloads.FETCHES_PER_PRESS):  # the frontend's check, then the download
        assert fetch(storage, url) == b"id,name\n1,x\n"
    for _ in range(2):  # the same address again, from anyone: gone
        with pytest.raises(MediaFileStorageError):
            fetch(storage, url)


def test_after_sign_out_nothing_is_built_or_served(media, store):
    manager, storage = media
    grant = downloads.open_grant("s2")
    built: list = []
    placeholder = offered(manager, store, "s2", grant, built)
    url = manager.execute_deferred(placeholder)  # built, not yet fetched
    downloads.revoke("s2")
    with pytest.raises(MediaFileStorageError):
        fetch(storage, url)
    with pytest.raises(MediaFileStorageError):  # pressing the old button again: refused
        manager.execute_deferred(placeholder)
    assert built == [1] and len(store.audit_log()) == 1
    downloads.open_grant("s2")  # signed in again: a new grant, the old buttons stay dead
    with pytest.raises(MediaFileStorageError):
        manager.execute_deferred(placeholder)


def test_an_address_not_fetched_in_time_is_dead(media, sqlite_store):
    manager, storage = media
    grant = downloads.open_grant("s3")
    url = manager.execute_deferred(offered(manager, sqlite_store, "s3", grant, [],
                                           seconds=0.2))
    time.sleep(0.4)
    with pytest.raises(MediaFileStorageError):
        fetch(storage, url)


def test_an_unfetched_file_leaves_memory_after_its_time(media, sqlite_store):
    manager, storage = media
    grant = downloads.open_grant("s4")
    url = manager.execute_deferred(offered(manager, sqlite_store, "s4", grant, [],
                                           seconds=0.1, data=b"other bytes"))
    file_id = url.rsplit("/", 1)[1].split(".")[0]
    deadline = time.monotonic() + 5
    while file_id in storage._files_by_id and time.monotonic() < deadline:
        time.sleep(0.1)
    assert file_id not in storage._files_by_id


def test_another_sessions_grant_does_not_open_a_download(media, sqlite_store):
    manager, storage = media
    downloads.open_grant("s5")
    other = downloads.open_grant("s6")
    with pytest.raises(MediaFileStorageError):  # s6's grant on a button of s5
        manager.execute_deferred(offered(manager, sqlite_store, "s5", other, []))
    assert sqlite_store.audit_log() == []


def test_files_not_offered_through_downloads_are_served_as_before(media):
    manager, storage = media
    file_id = storage.load_and_get_id(b"\x89PNG", "image/png", "media")
    assert storage.get_file(file_id + ".png").content == b"\x89PNG"
    assert storage.get_file(file_id + ".png").content == b"\x89PNG"


def test_parallel_fetches_get_the_file_only_as_often_as_one_press_asks(media, sqlite_store):
    manager, storage = media
    grant = downloads.open_grant("s7")
    url = manager.execute_deferred(offered(manager, sqlite_store, "s7", grant, [],
                                           data=b"race"))
    got: list = []

    def one():
        with contextlib.suppress(MediaFileStorageError):
            got.append(fetch(storage, url))

    threads = [threading.Thread(target=one) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert got == [b"race"] * downloads.FETCHES_PER_PRESS
