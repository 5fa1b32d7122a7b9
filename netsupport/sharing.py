"""Who may see what of a household's network: consent, the support meeting, pseudonyms.

Case information moves between agencies under one of two grounds. A support meeting
(支援会議: 社会福祉法 第106条の6, 生活困窮者自立支援法 第9条) may share it among its members
without the person's consent, because every member is bound to confidentiality by that law;
outside such a meeting an agency may be shown a household's information -- and be named as
one of its supports -- only with the household's consent (the ``consent`` column of a support
tie). An unknown consent is treated as no: the law asks for consent, not for the absence of
a refusal. :func:`disclosed_agencies` turns this into the set of agencies a sheet or a map
may name in full; :class:`netsupport.viz.naming.Names` and :func:`netsupport.viz.ecomap_html`
name the others by their kind only.

Beyond the agencies (research, a supervisor, a city report) a bundle is exported
pseudonymised by :func:`pseudonymise_bundle`: household, person and event ids become keyed
pseudonyms (stable for one key, so two exports can be compared or joined), display names and
free-text notes go, birth years are rounded down to their five-year band. Agencies are
organisations, not people, and keep their names. :func:`pseudonym_key` keeps the key in a
file (or takes it from ``NETSUPPORT_PSEUDONYM_KEY``), so exports stay stable over time.

Everything here is pure except :func:`pseudonym_key`, which reads (or creates) the key file.

Examples
--------
>>> from datetime import date
>>> from netsupport.model import (Agency, AgencyKind, Bundle, Household, Person, Relation,
...                               Tie, TieKind)
>>> net = Bundle(
...     agencies=[Agency("A1", "北区ひきこもり支援室", AgencyKind.HIKIKOMORI_SUPPORT_OFFICE),
...               Agency("A2", "すずらんケアプラン", AgencyKind.CARE_MANAGER)],
...     households=[Household("H1", "北区")],
...     people=[Person("P1", Relation.SUBJECT, "H1", "ケンタ", 1976)],
...     ties=[Tie("A1", "H1", TieKind.SUPPORT, consent=True),
...           Tie("A2", "P1", TieKind.SUPPORT)])
>>> sorted(disclosed_agencies(net, "H1", support_meeting=False))
['A1']
>>> sorted(disclosed_agencies(net, "H1", support_meeting=True))
['A1', 'A2']
>>> shared = pseudonymise_bundle(net, b"a key of at least sixteen bytes")
>>> subject = shared.people[0]
>>> subject.person_id.startswith("P-"), subject.display_name, subject.birth_year
(True, None, 1975)
>>> shared.ties[1].target_id == subject.person_id
True
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import os
import secrets
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from .errors import NetsupportError
from .model import Bundle

__all__ = [
    "disclosed_agencies",
    "pseudonymise_bundle",
    "pseudonym",
    "pseudonym_key",
    "coarse_birth_year",
    "age_band",
    "months_ago",
    "age_words",
    "when_words",
    "KEY_ENV",
    "DEFAULT_KEY_FILE",
    "BIRTH_YEAR_BAND",
    "PseudonymKeyError",
]

#: The environment variable that, set to a key in hex, overrides the key file.
KEY_ENV = "NETSUPPORT_PSEUDONYM_KEY"
#: Where the command line keeps the key unless told otherwise (relative to the working folder).
DEFAULT_KEY_FILE = Path(".netsupport") / "pseudonym.key"
#: Birth years are rounded down to bands of this many years (1942 -> 1940).
BIRTH_YEAR_BAND = 5
KEY_BYTES = 32
MIN_KEY_BYTES = 16
PSEUDONYM_CHARS = 10  # base32 characters: 50 bits, no collision in any city's caseload


class PseudonymKeyError(NetsupportError):
    """A pseudonym key that cannot be read: not hex, too short, or an unreadable file."""


def disclosed_agencies(network: Bundle, household_id: str, *, support_meeting: bool,
                       as_of: date | None = None) -> frozenset[str]:
    """The agencies of a household's network that may be shown in full (by name and id).

    Parameters
    ----------
    network : Bundle
        The household's network (``store.household_network``).
    household_id : str
    support_meeting : bool
        The information is shared in a support meeting (支援会議), whose members share it
        without consent under a duty of confidentiality: every agency of ``network`` is
        disclosed.
    as_of : date, optional
        Count only the ties active on this day: consent given for a tie that has ended (or
        not yet begun) does not name the agency today. ``None`` counts every tie.

    Returns
    -------
    frozenset of str
        Without a support meeting, the agencies with a tie to the household or one of its
        members whose ``consent`` is yes. No consent and unknown consent are not disclosed.

    Examples
    --------
    >>> from netsupport.model import Agency, AgencyKind, Bundle, Household, Tie, TieKind
    >>> net = Bundle(agencies=[Agency("A1", "支援室", AgencyKind.OTHER)],
    ...              households=[Household("H1", "北区")],
    ...              ties=[Tie("A1", "H1", TieKind.SUPPORT, consent=False)])
    >>> disclosed_agencies(net, "H1", support_meeting=False)
    frozenset()
    """
    agencies = {a.agency_id for a in network.agencies}
    if support_meeting:
        return frozenset(agencies)
    inner = {household_id} | {p.person_id for p in network.people
                              if p.household_id == household_id}
    disclosed: set[str] = set()
    for tie in network.ties:
        if tie.consent is not True or (as_of is not None and not tie.active_on(as_of)):
            continue
        for end, other in ((tie.source_id, tie.target_id), (tie.target_id, tie.source_id)):
            if end in agencies and other in inner:
                disclosed.add(end)
    return frozenset(disclosed)


def pseudonym(prefix: str, record_id: str, key: bytes) -> str:
    """The pseudonym of one id: ``prefix`` and 10 base32 characters of its HMAC-SHA256.

    The same id and key always give the same pseudonym; without the key nobody can go back
    to the id, nor test a guessed id. The prefix is part of the hashed text, so that a person
    and an event that happen to share an id do not share a pseudonym.

    >>> pseudonym("H-", "H-00001", b"k" * 32)
    'H-EISEB66U4I'
    >>> pseudonym("H-", "H-00001", b"k" * 32) != pseudonym("H-", "H-00001", b"j" * 32)
    True
    """
    digest = hmac.new(key, f"{prefix}\x00{record_id}".encode(), hashlib.sha256).digest()
    return prefix + base64.b32encode(digest).decode("ascii")[:PSEUDONYM_CHARS]


def coarse_birth_year(year: int | None) -> int | None:
    """The first year of the five-year band of ``year``: 1942 -> 1940, 1945 -> 1945.

    An exact birth year with a ward and a household makeup can single a person out; the band
    keeps what the analysis needs (a parent in their 80s, a subject in their 50s) give or take
    up to four years -- ages read from it are at most four years too high.

    >>> coarse_birth_year(1942), coarse_birth_year(1945), coarse_birth_year(None)
    (1940, 1945, None)
    """
    return None if year is None else year - year % BIRTH_YEAR_BAND


def age_band(birth_year: int | None, as_of: date) -> tuple[int, int] | None:
    """The ages someone can be on ``as_of`` when only the five-year band of their birth year
    is known (:func:`coarse_birth_year`, what the pseudonymised export keeps).

    >>> age_band(1943, date(2026, 11, 1)), age_band(None, date(2026, 11, 1))
    ((82, 86), None)
    """
    if birth_year is None:
        return None
    band = coarse_birth_year(birth_year)
    return as_of.year - band - (BIRTH_YEAR_BAND - 1), as_of.year - band


def months_ago(day: date, as_of: date) -> int:
    """Whole months from ``day`` to ``as_of`` (negative when ``day`` is later): a date
    shown so reveals the rhythm of a case, not the calendar day that could single it out.

    >>> months_ago(date(2026, 8, 15), date(2026, 11, 1)), months_ago(date(2026, 11, 1),
    ...                                                            date(2026, 11, 1))
    (2, 0)
    """
    months = (as_of.year - day.year) * 12 + as_of.month - day.month
    if months > 0 and as_of.day < day.day:
        months -= 1
    elif months < 0 and as_of.day > day.day:
        months += 1
    return months


def age_words(birth_year: int | None, as_of: date, lang: str = "ja") -> str:
    """An age as the pseudonymised view shows it: the band's range (``82〜86歳``)."""
    from .i18n import t

    band = age_band(birth_year, as_of)
    return "" if band is None else t("sharing.age_band", lang, low=band[0], high=band[1])


def when_words(day: date | None, as_of: date, lang: str = "ja") -> str:
    """A date as the pseudonymised view shows it: months before (or after) ``as_of``.

    >>> when_words(date(2026, 5, 2), date(2026, 11, 1)), when_words(None, date(2026, 11, 1))
    ('5か月前', '')
    """
    from .i18n import t

    if day is None:
        return ""
    n = months_ago(day, as_of)
    if n < 0:
        return t("sharing.months_later", lang, n=-n)
    return t("sharing.months_ago", lang, n=n) if n else t("sharing.this_month", lang)


def pseudonymise_bundle(bundle: Bundle, key: bytes) -> Bundle:
    """The bundle as it may leave the agencies: no names, no notes, no ids of people.

    - Household ids become ``H-`` + 10 base32 characters, person ids ``P-…``, event ids
      ``E-…`` (:func:`pseudonym`); every reference to them (people's household, both ends of
      a tie, an event's household) is rewritten the same way, so the network keeps its shape.
    - People lose their ``display_name`` and its ``kana``; events lose their ``note`` (free
      text that may name anyone). Ties and households hold no free text.
    - Birth years are rounded down to the first year of their 5-year band (1942 -> 1940,
      :func:`coarse_birth_year`): analysis that reads exact ages (8050 screening, age-based
      risk factors and gaps) may differ; everything else -- the ties, isolation, the agencies
      involved -- is the same.
    - Agencies, wards, dates, conditions, diagnoses and every code are kept: agencies are
      organisations, and the rest is what the data is shared for.

    Parameters
    ----------
    bundle : Bundle
        A valid bundle (what a store exports).
    key : bytes
        The secret of the pseudonyms (:func:`pseudonym_key`): the same key gives the same
        pseudonyms, another key unrelated ones.

    Returns
    -------
    Bundle
        A new bundle; ``bundle`` is not changed. It passes ``validate_bundle`` when
        ``bundle`` does.

    Raises
    ------
    PseudonymKeyError
        If the key is shorter than 16 bytes.
    NetsupportError
        If two ids would get the same pseudonym, or a pseudonym would equal an agency id
        (about one chance in 10^15 for a city's data; checked rather than assumed).
    """
    if len(key) < MIN_KEY_BYTES:
        raise PseudonymKeyError(f"a pseudonym key needs at least {MIN_KEY_BYTES} bytes")
    ids = {h.household_id: pseudonym("H-", h.household_id, key) for h in bundle.households}
    ids.update({p.person_id: pseudonym("P-", p.person_id, key) for p in bundle.people})
    events = {e.event_id: pseudonym("E-", e.event_id, key) for e in bundle.events}
    agency_ids = {a.agency_id for a in bundle.agencies}
    _check_unique(ids, agency_ids)
    _check_unique(events, set())

    def node(record_id: str) -> str:
        return ids.get(record_id, record_id)

    return Bundle(
        agencies=list(bundle.agencies),
        households=[dataclasses.replace(h, household_id=ids[h.household_id])
                    for h in bundle.households],
        people=[dataclasses.replace(
                    p, person_id=ids[p.person_id],
                    household_id=None if p.household_id is None else node(p.household_id),
                    display_name=None, kana=None,
                    birth_year=coarse_birth_year(p.birth_year))
                for p in bundle.people],
        ties=[dataclasses.replace(t, source_id=node(t.source_id), target_id=node(t.target_id))
              for t in bundle.ties],
        events=[dataclasses.replace(e, event_id=events[e.event_id],
                                    household_id=node(e.household_id), note=None)
                for e in bundle.events],
    )


def _check_unique(mapping: Mapping[str, str], taken: set[str]) -> None:
    made = list(mapping.values())
    if len(set(made)) != len(made) or taken.intersection(made):
        raise NetsupportError("two ids got the same pseudonym; export again with another key")


def pseudonym_key(path: str | os.PathLike[str]) -> bytes:
    """The key of the pseudonyms: from ``$NETSUPPORT_PSEUDONYM_KEY`` (hex), else from ``path``.

    A missing key file is created with 32 random bytes (written as 64 hex characters,
    readable only by its owner, mode 0600), so that the next export gives the same
    pseudonyms. Keep the file: with another key every pseudonym changes, and whoever holds it
    can check a guessed id against a pseudonym -- never send it with the export.

    Raises
    ------
    PseudonymKeyError
        If the variable or the file holds no hex key of at least 16 bytes.
    """
    from_env = os.environ.get(KEY_ENV, "").strip()
    if from_env:
        return _parse_key(from_env, f"${KEY_ENV}")
    path = Path(path)
    try:
        return _parse_key(path.read_text(encoding="ascii"), str(path))
    except FileNotFoundError:
        pass
    except (OSError, UnicodeDecodeError) as exc:
        raise PseudonymKeyError(f"cannot read the pseudonym key {path}: {exc}") from exc
    key = secrets.token_bytes(KEY_BYTES)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # made by another export at the same moment: use that one
        return _parse_key(path.read_text(encoding="ascii"), str(path))
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(key.hex() + "\n")
    return key


def _parse_key(text: str, where: str) -> bytes:
    try:
        key = bytes.fromhex(text.strip())
    except ValueError:
        raise PseudonymKeyError(f"the pseudonym key in {where} is not hex") from None
    if len(key) < MIN_KEY_BYTES:
        raise PseudonymKeyError(
            f"the pseudonym key in {where} is {len(key)} bytes; it needs {MIN_KEY_BYTES}")
    return key
