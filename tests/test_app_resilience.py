"""No lost edits when Neo4j goes down: the app on a real server that crashes and comes back.

This file starts its own Neo4j (``scripts/neo4j.sh``, Bolt port 7721 or
``NETSUPPORT_TEST_NEO4J_RESILIENCE_PORT``, a run directory under
the test's tmp) so that it can kill it: the shared server of ``conftest.py`` must not go
down under other tests. A server that does not start fails the test; nothing is skipped.

One story, with one start and one restart of the server: a member of staff fills in a
contact, the server crashes (SIGKILL, as a power cut would), the save is refused with the
plain "cannot reach the database" message (no traceback) and the input is kept; running the
page again while the server is down says the same; once the server is back the page works
again by itself (the app's cached driver reconnects), the form is filled from the draft,
and saving it lands, together with its audit entry.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from datetime import date
from pathlib import Path

import pytest
from app_support import app_as, run
from streamlit.testing.v1 import AppTest

from netsupport.access import UserRole
from netsupport.audit import AuditAction
from netsupport.demo import generate
from netsupport.storage import open_store
from netsupport.ui import drafts, state

pytestmark = pytest.mark.neo4j

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "neo4j.sh"
PORT = int(os.environ.get("NETSUPPORT_TEST_NEO4J_RESILIENCE_PORT", "7721"))
PASSWORD = "netsupport-resilience-pw"
URI = f"bolt://127.0.0.1:{PORT}"
AS_OF = date(2026, 11, 1)
HOUSEHOLD = "H-00002"  # 灘区
TIMEOUT = 90
NOTE = "停電中に入力した訪問記録"
UNAVAILABLE = "データベースに接続できません"


class Server:
    """The test's own Neo4j, started and crashed at will."""

    def __init__(self, home: Path):
        self.home = home
        self.env = {**os.environ, "NEO4J_BOLT_PORT": str(PORT), "NEO4J_PASSWORD": PASSWORD,
                    "NEO4J_HOME_DIR": str(home)}

    def _script(self, command: str, timeout: float) -> subprocess.CompletedProcess:
        return subprocess.run(["bash", str(SCRIPT), command], env=self.env, text=True,
                              capture_output=True, timeout=timeout)

    def start(self) -> None:
        done = self._script("start", 600)
        if done.returncode != 0:
            pytest.fail(f"Neo4j did not start:\n{done.stdout}\n{done.stderr}", pytrace=False)

    def crash(self) -> None:
        """SIGKILL the server process (its pid file), and wait until it is gone."""
        pid = int((self.home / "neo4j.pid").read_text())
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not Path(f"/proc/{pid}").exists(), "the killed server is still running"

    def stop(self) -> None:
        self._script("stop", 120)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = Server(tmp_path_factory.mktemp("neo4j-resilience"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def app_store(server, monkeypatch):
    """The server holding the demo city, and the app pointed at it."""
    monkeypatch.setenv("NETSUPPORT_STORE", URI)
    monkeypatch.setenv("NEO4J_USER", "neo4j")
    monkeypatch.setenv("NEO4J_PASSWORD", PASSWORD)
    monkeypatch.setenv(state.AS_OF_ENV, AS_OF.isoformat())
    with open_store(URI) as store:
        store.wipe()
        store.load(generate(40, seed=7))
    return URI


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def infos(at: AppTest) -> list[str]:
    return [e.value for e in at.info]


def test_input_survives_a_crash_and_is_saved_after_the_restart(server, app_store):
    at = app_as(UserRole.STAFF, state.LEAD_ASSIGNMENT, HOUSEHOLD, timeout=TIMEOUT,
                username="t-nada", wards=("灘区",))
    with open_store(app_store) as store:
        version = store.data_version()
    run(at)
    assert [e.value for e in at.title] == ["主担当の割当"]
    note = state.form_key(state.CONTACT_NOTE, HOUSEHOLD, version)
    at.text_area(key=note).input(NOTE)

    server.crash()
    next(b for b in at.button if b.label == "連絡を記録する").click()
    run(at)
    assert any(e.startswith(UNAVAILABLE) for e in errors(at)), errors(at)
    assert not any("Traceback" in e for e in errors(at))
    assert any("未保存の入力を保持しています" in i for i in infos(at)), infos(at)
    kept = at.session_state[state.DRAFTS][state.FORM_CONTACT, HOUSEHOLD]
    assert isinstance(kept, drafts.Draft) and kept.values[state.CONTACT_NOTE] == NOTE

    run(at)  # the page again, still down: the same words, no exception
    assert any(e.startswith(UNAVAILABLE) for e in errors(at)), errors(at)
    assert any("未保存の入力を保持しています" in i for i in infos(at)), infos(at)

    server.start()
    run(at)  # no restart of the app: the cached store's driver reconnects by itself
    assert [e.value for e in at.title] == ["主担当の割当"]
    assert at.text_area(key=note).value == NOTE
    assert any("未保存の入力を保持しています" in i for i in infos(at))
    next(b for b in at.button if b.label == "連絡を記録する").click()
    run(at)
    assert any("連絡を記録しました" in s.value for s in at.success), errors(at)
    assert (state.FORM_CONTACT, HOUSEHOLD) not in at.session_state[state.DRAFTS]

    with open_store(app_store) as store:
        assert store.data_version() == version + 1
        events = store.household_network(HOUSEHOLD).events
        assert [e.note for e in events if e.note == NOTE] == [NOTE]
        audited = [e for e in store.audit_log(household_id=HOUSEHOLD)
                   if e.action is AuditAction.EDIT]
        assert [(e.username, e.detail["edit"]) for e in audited] == [
            ("t-nada", "record_contact")]
        assert NOTE in str(audited[0].detail["after"])
