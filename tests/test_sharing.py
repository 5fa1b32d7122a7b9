"""Sharing: which agencies may be named (consent, the support meeting), pseudonymised exports.

Small hand-drawn networks for the consent rule; the demo generator's city for the
pseudonymised bundle (it must stay valid and keep the network's shape); the command line,
on SQLite, for ``export --pseudonymise``.
"""

from __future__ import annotations

import csv
import doctest
import os
import stat
from datetime import date
from pathlib import Path

import pytest

import netsupport.sharing
from netsupport.analysis.city import agency_report, scan
from netsupport.bundle import read_bundle
from netsupport.cli import main
from netsupport.demo import generate
from netsupport.graph import to_graph
from netsupport.model import (
    Agency,
    AgencyKind,
    Bundle,
    Event,
    EventType,
    Household,
    Person,
    Relation,
    Tie,
    TieKind,
)
from netsupport.rules import load_rules
from netsupport.sharing import (
    KEY_ENV,
    PseudonymKeyError,
    coarse_birth_year,
    disclosed_agencies,
    pseudonym,
    pseudonym_key,
    pseudonymise_bundle,
)
from netsupport.storage import open_store
from netsupport.validate import validate_bundle

AS_OF = date(2026, 11, 1)
KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))


# --- disclosed_agencies ------------------------------------------------------------------

def consent_network() -> Bundle:
    """H1 (subject P1, father P2) and H2 (subject Q1); one agency per consent case."""
    return Bundle(
        agencies=[Agency(a, f"機関{a}", AgencyKind.OTHER)
                  for a in ("YES", "TO_MEMBER", "NO", "UNKNOWN", "ENDED", "OTHER_HOME",
                            "PARTNER")],
        households=[Household("H1", "北区"), Household("H2", "西区")],
        people=[Person("P1", Relation.SUBJECT, "H1"), Person("P2", Relation.FATHER, "H1"),
                Person("Q1", Relation.SUBJECT, "H2")],
        ties=[
            Tie("YES", "H1", TieKind.SUPPORT, consent=True),
            Tie("TO_MEMBER", "P2", TieKind.SUPPORT, consent=True),
            Tie("NO", "H1", TieKind.SUPPORT, consent=False),
            Tie("UNKNOWN", "P1", TieKind.SUPPORT),
            Tie("ENDED", "H1", TieKind.SUPPORT, since=date(2020, 1, 1), until=date(2024, 3, 31),
                consent=True),
            Tie("OTHER_HOME", "Q1", TieKind.SUPPORT, consent=True),
            Tie("YES", "PARTNER", TieKind.COLLABORATION, consent=True),
        ],
    )


def test_without_a_support_meeting_only_agencies_with_consent_are_disclosed():
    net = consent_network()
    assert disclosed_agencies(net, "H1", support_meeting=False) == {"YES", "TO_MEMBER", "ENDED"}
    assert disclosed_agencies(net, "H1", support_meeting=False, as_of=AS_OF) == {
        "YES", "TO_MEMBER"}
    assert disclosed_agencies(net, "H2", support_meeting=False) == {"OTHER_HOME"}


def test_a_support_meeting_discloses_every_agency_of_the_network():
    net = consent_network()
    every = {a.agency_id for a in net.agencies}
    assert disclosed_agencies(net, "H1", support_meeting=True) == every
    assert disclosed_agencies(net, "H1", support_meeting=True, as_of=AS_OF) == every


# --- pseudonymise_bundle -----------------------------------------------------------------

@pytest.fixture(scope="module")
def city() -> Bundle:
    return generate(60, seed=8050)


@pytest.fixture(scope="module")
def shared(city) -> Bundle:
    return pseudonymise_bundle(city, KEY)


def id_map(bundle: Bundle, key: bytes) -> dict[str, str]:
    ids = {h.household_id: pseudonym("H-", h.household_id, key) for h in bundle.households}
    ids.update({p.person_id: pseudonym("P-", p.person_id, key) for p in bundle.people})
    return ids


def test_the_pseudonymised_city_is_valid(shared):
    assert validate_bundle(shared) == []


def test_names_notes_and_exact_birth_years_are_gone(city, shared):
    assert all(p.display_name is None and p.kana is None for p in shared.people)
    assert all(e.note is None for e in shared.events)
    years = [p.birth_year for p in shared.people if p.birth_year is not None]
    assert years and all(y % 5 == 0 for y in years)
    assert [coarse_birth_year(p.birth_year) for p in city.people] == [
        p.birth_year for p in shared.people]
    originals = {h.household_id for h in city.households} | {p.person_id for p in city.people}
    originals |= {e.event_id for e in city.events}
    shown = ({h.household_id for h in shared.households} | {p.person_id for p in shared.people}
             | {e.event_id for e in shared.events}
             | {end for t in shared.ties for end in (t.source_id, t.target_id)})
    assert not originals & shown
    assert shared.agencies == city.agencies  # organisations keep their names


def test_pseudonyms_are_stable_for_a_key_and_change_with_another(city, shared):
    assert pseudonymise_bundle(city, KEY) == shared
    other = pseudonymise_bundle(city, OTHER_KEY)
    assert not {h.household_id for h in other.households} & {
        h.household_id for h in shared.households}
    subject = shared.people[0].person_id
    assert subject.startswith("P-") and len(subject) == 12
    assert shared.households[0].household_id.startswith("H-")
    assert shared.events[0].event_id.startswith("E-")


def test_the_network_keeps_its_shape(city, shared):
    ids = id_map(city, KEY)
    before, after = to_graph(city), to_graph(shared)

    def edges(graph, rename) -> list[tuple]:
        return sorted(
            (rename(u), rename(v), data["kind"],
             *((t.strength, t.role, t.since, t.until, t.last_contact, t.consent)
               if (t := data.get("tie")) is not None else ()))
            for u, v, data in graph.edges(data=True))

    assert edges(before, lambda n: ids.get(n, n)) == edges(after, lambda n: n)
    assert {ids.get(n, n): d["node_type"] for n, d in before.nodes(data=True)} == {
        n: d["node_type"] for n, d in after.nodes(data=True)}


def test_analysis_that_reads_no_exact_age_is_the_same(city, shared):
    ids = id_map(city, KEY)
    rules = load_rules()
    before, after = to_graph(city), to_graph(shared)
    isolation = {ids[r.household_id]: r.isolation for r in scan(before, rules, AS_OF)}
    assert isolation == {r.household_id: r.isolation for r in scan(after, rules, AS_OF)}
    old, new = agency_report(before, rules, AS_OF), agency_report(after, rules, AS_OF)
    assert new.brokers == old.brokers and new.over_capacity == old.over_capacity
    assert [(s.agency_id, sorted(ids[h] for h in s.households)) for s in old.sole_support] == [
        (s.agency_id, sorted(s.households)) for s in new.sole_support]


def test_references_are_rewritten_consistently():
    bundle = Bundle(
        agencies=[Agency("A1", "支援室", AgencyKind.OTHER)],
        households=[Household("H1", "北区")],
        people=[Person("P1", Relation.SUBJECT, "H1", "山田 一郎", 1942),
                Person("N1", Relation.NEIGHBOUR, None, "佐藤さん")],
        ties=[Tie("A1", "P1", TieKind.SUPPORT), Tie("N1", "H1", TieKind.INFORMAL)],
        events=[Event("E1", "H1", date(2026, 1, 5), EventType.VISIT, "A1", "山田さん宅を訪問")])
    out = pseudonymise_bundle(bundle, KEY)
    h, p, n = out.households[0].household_id, out.people[0].person_id, out.people[1].person_id
    assert out.people[0].household_id == h and out.people[1].household_id is None
    assert [(t.source_id, t.target_id) for t in out.ties] == [("A1", p), (n, h)]
    assert out.events[0].household_id == h and out.events[0].agency_id == "A1"
    assert out.people[0].birth_year == 1940 and out.events[0].note is None
    assert bundle.people[0].display_name == "山田 一郎"  # the input is not changed


def test_a_short_key_is_refused():
    with pytest.raises(PseudonymKeyError):
        pseudonymise_bundle(Bundle(), b"short")


# --- pseudonym_key -----------------------------------------------------------------------

def test_a_missing_key_file_is_created_private_and_then_reused(tmp_path, monkeypatch):
    monkeypatch.delenv(KEY_ENV, raising=False)
    path = tmp_path / "secret" / "pseudonym.key"
    key = pseudonym_key(path)
    assert len(key) == 32 and path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert pseudonym_key(path) == key
    assert pseudonym_key(tmp_path / "another.key") != key


def test_the_environment_overrides_the_key_file(tmp_path, monkeypatch):
    monkeypatch.setenv(KEY_ENV, OTHER_KEY.hex())
    assert pseudonym_key(tmp_path / "never.key") == OTHER_KEY
    assert not (tmp_path / "never.key").exists()
    monkeypatch.setenv(KEY_ENV, "not hex")
    with pytest.raises(PseudonymKeyError, match=KEY_ENV):
        pseudonym_key(tmp_path / "never.key")


def test_a_bad_key_file_is_an_error_not_a_new_key(tmp_path, monkeypatch):
    monkeypatch.delenv(KEY_ENV, raising=False)
    path = tmp_path / "bad.key"
    path.write_text("abcd\n")
    with pytest.raises(PseudonymKeyError, match="bad.key"):
        pseudonym_key(path)
    assert path.read_text() == "abcd\n"


def test_examples():
    result = doctest.testmod(netsupport.sharing)
    assert result.failed == 0 and result.attempted > 0


# --- netsupport export --pseudonymise ----------------------------------------------------

@pytest.fixture
def store_uri(tmp_path, city) -> str:
    uri = f"sqlite:///{tmp_path / 'city.db'}"
    with open_store(uri) as store:
        store.load(city)
    return uri


def export(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["export", *args])
    out, err = capsys.readouterr()
    return code, out, err


def files_text(folder: Path) -> dict[str, str]:
    return {f.name: f.read_text(encoding="utf-8-sig") for f in sorted(folder.glob("*.csv"))}


def test_export_pseudonymise_is_stable_and_keyed(tmp_path, store_uri, capsys, monkeypatch):
    monkeypatch.delenv(KEY_ENV, raising=False)
    key_file = tmp_path / "keys" / "pseudonym.key"
    runs = []
    for name, key in (("one", key_file), ("two", key_file), ("other", tmp_path / "k2")):
        code, out, _ = export(capsys, str(tmp_path / name), "--store", store_uri,
                              "--pseudonymise", "--key-file", str(key))
        assert code == 0 and "仮名化しました" in out and str(key) in out
        runs.append(files_text(tmp_path / name))
    assert runs[0] == runs[1]
    assert runs[0]["households.csv"] != runs[2]["households.csv"]
    assert runs[0]["agencies.csv"] == runs[2]["agencies.csv"]


def test_exported_files_hold_no_names_notes_or_exact_years(tmp_path, store_uri, city, capsys,
                                                            monkeypatch):
    monkeypatch.delenv(KEY_ENV, raising=False)
    out = tmp_path / "shared"
    assert export(capsys, str(out), "--store", store_uri, "--pseudonymise",
                  "--key-file", str(tmp_path / "k"))[0] == 0
    text = "\n".join(files_text(out).values())
    for secret in ({p.display_name for p in city.people if p.display_name}
                   | {p.kana for p in city.people if p.kana}
                   | {e.note for e in city.events if e.note}
                   | {p.person_id for p in city.people}
                   | {h.household_id for h in city.households}):
        assert secret not in text
    with (out / "people.csv").open(encoding="utf-8-sig") as f:
        people = list(csv.DictReader(f))
    assert {row["display_name"] for row in people} == {row["kana"] for row in people} == {""}
    assert all(int(row["birth_year"]) % 5 == 0 for row in people if row["birth_year"])
    again = read_bundle(out)  # validates on re-import
    assert again == pseudonymise_bundle(city, pseudonym_key(tmp_path / "k")).sorted()


def test_export_pseudonymise_to_a_workbook_with_the_default_key(tmp_path, store_uri, city,
                                                                capsys, monkeypatch):
    monkeypatch.delenv(KEY_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    assert export(capsys, "shared.xlsx", "--store", store_uri, "--pseudonymise")[0] == 0
    key_file = tmp_path / ".netsupport" / "pseudonym.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert read_bundle(tmp_path / "shared.xlsx") == pseudonymise_bundle(
        city, pseudonym_key(key_file)).sorted()


def test_export_key_from_the_environment(tmp_path, store_uri, city, capsys, monkeypatch):
    monkeypatch.setenv(KEY_ENV, KEY.hex())
    code, out, _ = export(capsys, str(tmp_path / "env"), "--store", store_uri,
                          "--pseudonymise", "--key-file", str(tmp_path / "unused.key"))
    assert code == 0 and "NETSUPPORT_PSEUDONYM_KEY" in out
    assert not (tmp_path / "unused.key").exists()
    assert read_bundle(tmp_path / "env") == pseudonymise_bundle(city, KEY).sorted()


def test_key_file_without_pseudonymise_is_a_usage_error(tmp_path, store_uri, capsys):
    code, _, err = export(capsys, str(tmp_path / "x"), "--store", store_uri,
                          "--key-file", str(tmp_path / "k"))
    assert code == 2 and "--pseudonymise" in err
    assert not (tmp_path / "x").exists() and not (tmp_path / "k").exists()


def test_a_plain_export_is_unchanged(tmp_path, store_uri, city, capsys):
    assert export(capsys, str(tmp_path / "plain"), "--store", store_uri)[0] == 0
    assert read_bundle(tmp_path / "plain") == city.sorted()
    assert not (Path(os.getcwd()) / "plain").exists()
