"""How the app names the ids of a household's network: by name, or by pseudonym.

Staff see agency names and the display names of people. A case-conference sheet shared
beyond the agencies at the table is pseudonymised: no names and no ids, only the relation
of a person (本人, 父, 近隣住民) and the kind of an agency (ケアマネジャー), numbered when two
share a label (訪問看護ステーション①, ②). The numbers follow the ids in sorted order, so a
sheet printed twice names everyone the same way.

Agencies are named apart from people, by consent: outside a support meeting (支援会議) an
agency may be named as one of the household's supports only with the household's consent
(:func:`netsupport.sharing.disclosed_agencies`). ``disclose`` lists the agencies that may be
named; every other agency is named by its kind, numbered the same way.

Examples
--------
>>> from netsupport.model import Agency, AgencyKind, Bundle, Household, Person, Relation
>>> net = Bundle(agencies=[Agency("A2", "北区ケアプラン", AgencyKind.CARE_MANAGER),
...                        Agency("A1", "鈴蘭台ケアマネ", AgencyKind.CARE_MANAGER)],
...              households=[Household("H1", "北区")],
...              people=[Person("P1", Relation.SUBJECT, "H1", "本人・ケンタ(仮)")])
>>> names = Names(net, {}, "ja")
>>> names.of("A1"), names.of("P1"), names.of("H1")
('鈴蘭台ケアマネ', '本人・ケンタ(仮)', 'H1')
>>> hidden = Names(net, {}, "ja", pseudonymise=True)
>>> hidden.of("A1"), hidden.of("A2"), hidden.of("P1"), hidden.of("H1")
('ケアマネジャー①', 'ケアマネジャー②', '本人', '対象世帯')

With consent to share with A2 only, A1 is named by its kind; people keep their names:

>>> consent = Names(net, {}, "ja", disclose={"A2"})
>>> consent.of("A1"), consent.of("A2"), consent.of("P1")
('ケアマネジャー', '北区ケアプラン', '本人・ケンタ(仮)')
>>> nobody = consent.disclosing(())
>>> nobody.of("A1"), nobody.of("A2"), nobody.of("P1"), nobody.is_disclosed("A2")
('ケアマネジャー①', 'ケアマネジャー②', '本人・ケンタ(仮)', False)

Pseudonymised, an agency with consent is still named:

>>> Names(net, {}, "ja", pseudonymise=True, disclose={"A2"}).path(["P1", "A1", "A2"])
'本人 → ケアマネジャー → 北区ケアプラン'
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from ..i18n import t
from ..model import Agency, Bundle, Person
from .ecomap import short_kind_label

__all__ = ["Names"]

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


class Names:
    """The words for each id of one household's network (and of the city's agencies).

    Parameters
    ----------
    network : Bundle
        The household's network (``store.household_network``).
    agencies : mapping of str to Agency
        The city's agencies (an :class:`~netsupport.analysis.AgencyIndex`'s), for the ids a
        recommendation or a team names beyond the household's own network.
    lang : str
    pseudonymise : bool
        Name people by relation and the household as 「対象世帯」; ids never appear. Agencies
        are named by kind too, unless ``disclose`` says otherwise.
    also : iterable of str
        Agencies beyond the network the page will name (a recommended lead, a proposed
        team): numbered with the network's own when named by kind.
    disclose : collection of str, optional
        The agencies that may be named in full (:func:`netsupport.sharing.disclosed_agencies`);
        every other agency is named by its kind only, whether or not ``pseudonymise`` is set.
        ``None`` (default): every agency by name, or every agency by kind when pseudonymised.
    """

    def __init__(self, network: Bundle, agencies: Mapping[str, Agency], lang: str = "ja",
                 *, pseudonymise: bool = False, also: Iterable[str] = (),
                 disclose: Collection[str] | None = None):
        self.lang = lang
        self.pseudonymise = pseudonymise
        self.disclose = None if disclose is None else frozenset(disclose)
        self._network, self._city, self._also = network, agencies, tuple(also)
        self._agencies: dict[str, Agency] = dict(agencies)
        self._agencies.update({a.agency_id: a for a in network.agencies})
        self._people: dict[str, Person] = {p.person_id: p for p in network.people}
        self._households = {h.household_id for h in network.households}
        named = sorted({*(a.agency_id for a in network.agencies), *self._people,
                        *(a for a in self._also if a in self._agencies)})
        self._pseudonyms = _number([i for i in named if self._hidden(i)], self._base_pseudonym)

    @property
    def agency_ids(self) -> frozenset[str]:
        """The agencies these names mention: the network's and those given in ``also``."""
        return frozenset({*(a.agency_id for a in self._network.agencies),
                          *(a for a in self._also if a in self._agencies)})

    def disclosing(self, agency_ids: Collection[str]) -> Names:
        """The same names, with exactly ``agency_ids`` named in full (see ``disclose``)."""
        return Names(self._network, self._city, self.lang, pseudonymise=self.pseudonymise,
                     also=self._also, disclose=agency_ids)

    def is_disclosed(self, agency_id: str) -> bool:
        """Whether an agency is named in full (by name and, unpseudonymised, with its id)."""
        return agency_id in self._agencies and not self._hidden(agency_id)

    def _hidden(self, node_id: str) -> bool:
        """Whether ``node_id`` is named by its kind or relation rather than its name."""
        if node_id in self._agencies:
            return self.pseudonymise if self.disclose is None else node_id not in self.disclose
        return self.pseudonymise

    def _base_pseudonym(self, node_id: str) -> str:
        if node_id in self._agencies:
            return short_kind_label(self._agencies[node_id].kind, self.lang)
        return self._people[node_id].relation.label(self.lang)

    def of(self, node_id: str | None) -> str:
        """The name of any id (an unknown one, pseudonymised or under ``disclose``, reads as
        '関係者')."""
        if node_id is None:
            return t("summary.none", self.lang)
        if node_id in self._households:
            return t("ui.sheet.household_pseudonym", self.lang) if self.pseudonymise \
                else node_id
        known = node_id in self._agencies or node_id in self._people
        if known and self._hidden(node_id):
            if node_id not in self._pseudonyms:
                self._pseudonyms[node_id] = self._base_pseudonym(node_id)
            return self._pseudonyms[node_id]
        if not known and (self.pseudonymise or self.disclose is not None):
            return t("ui.sheet.unknown_party", self.lang)  # an unknown id may be anyone's
        if node_id in self._agencies:
            return self._agencies[node_id].name
        person = self._people.get(node_id)
        if person is not None:
            return person.display_name or f"{person.relation.label(self.lang)} {node_id}"
        return node_id

    def kind(self, node_id: str) -> str:
        """The kind of an agency (short), or the relation of a person ('' when unknown)."""
        if node_id in self._agencies:
            return short_kind_label(self._agencies[node_id].kind, self.lang)
        if node_id in self._people:
            return self._people[node_id].relation.label(self.lang)
        return ""

    def path(self, ids: Iterable[str]) -> str:
        """A handover path, ``A → B → C``."""
        return " → ".join(self.of(i) for i in ids)


def _number(ids: list[str], base) -> dict[str, str]:
    """Pseudonyms for ``ids``: the base word, numbered ①② when two or more share it."""
    groups: dict[str, list[str]] = {}
    for node_id in ids:
        groups.setdefault(base(node_id), []).append(node_id)
    names = {}
    for word, members in groups.items():
        for i, node_id in enumerate(members):
            mark = _CIRCLED[i] if i < len(_CIRCLED) else f"({i + 1})"
            names[node_id] = word + mark if len(members) > 1 else word
    return names
