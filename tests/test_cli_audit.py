"""Command-line loads, merges and exports leave audit entries, and ``netsupport audit``
shows them: end to end through ``netsupport.cli.main``, on SQLite and on the live Neo4j."""

from __future__ import annotations

import getpass
import json

from netsupport.bundle import write_bundle
from netsupport.cli import main
from netsupport.demo import generate
from netsupport.storage import open_store

ACTOR = "cli:" + getpass.getuser()


def run(capsys, *args: str) -> str:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_loads_merges_and_exports_are_audited_and_listed(uri, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("NETSUPPORT_PSEUDONYM_KEY", "ab" * 32)
    bundle = generate(12, seed=3)
    write_bundle(bundle, tmp_path / "city")
    counts = bundle.counts()

    run(capsys, "load", str(tmp_path / "city"), "--store", uri)
    run(capsys, "load", str(tmp_path / "city"), "--replace", "--store", uri)
    run(capsys, "load", str(tmp_path / "city"), "--merge", "--store", uri)
    run(capsys, "export", str(tmp_path / "out.xlsx"), "--store", uri)
    run(capsys, "export", str(tmp_path / "research"), "--pseudonymise", "--store", uri)

    rows = json.loads(run(capsys, "audit", "--format", "json", "--store", uri))
    mine = [r for r in reversed(rows) if r["action"] in ("load", "export")]
    assert [(r["username"], r["action"], r["detail"].get("mode")) for r in mine] == [
        (ACTOR, "load", "load"), (ACTOR, "load", "replace"), (ACTOR, "load", "merge"),
        (ACTOR, "export", None), (ACTOR, "export", None)]
    first, second, merged, named, hidden = (r["detail"] for r in mine)
    for detail in (first, second):
        assert {k: detail[k] for k in counts} == counts and detail["source"] == "city"
    assert (first["replace"], second["replace"]) == (False, True)
    assert merged["households"] == counts["households"] and merged["source"] == "city"
    assert named == {"what": "bundle", "via": "cli", "path": str(tmp_path / "out.xlsx"),
                     "pseudonymised": False, **counts}
    assert hidden["path"] == str(tmp_path / "research") and hidden["pseudonymised"] is True
    assert all(r["household_id"] is None for r in mine)  # the log of a load names no household


def test_a_refused_load_leaves_no_entry(uri, tmp_path, capsys):
    write_bundle(generate(5, seed=4), tmp_path / "city")
    run(capsys, "load", str(tmp_path / "city"), "--store", uri)
    assert main(["load", str(tmp_path / "city"), "--store", uri]) != 0  # not empty: refused
    capsys.readouterr()
    with open_store(uri) as store:
        loads = [e for e in store.audit_log() if e.action.value == "load"]
    assert len(loads) == 1
