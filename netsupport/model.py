"""The domain core: codes, Japanese labels and the records of a support network.

Everything else in netsupport imports this module; it imports nothing of ours and does no
I/O. The enums are the codes of ``DATA-FORMAT.md``; ``LABELS`` is the one table of their
Japanese (and English) labels, read by the importer (which accepts a code or a label), the
exporter, the CLI and the UI alike.

Examples
--------
>>> AgencyKind.CARE_MANAGER.label()
'ケアマネジャー (居宅介護支援事業所)'
>>> parse_enum(AgencyKind, "ケアマネジャー")
<AgencyKind.CARE_MANAGER: 'care_manager'>
>>> parse_enum(Strength, "ストレス・対立")
<Strength.STRESSFUL: 'stressful'>
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TypeVar

__all__ = [
    "WARDS",
    "LABELS",
    "Coded",
    "AgencyKind",
    "HouseholdStatus",
    "Stage",
    "Acceptance",
    "FamilyCapacity",
    "Relation",
    "Condition",
    "Diagnosis",
    "TieKind",
    "Strength",
    "Role",
    "EventType",
    "PARENT_RELATIONS",
    "MEMBER_RELATIONS",
    "CONTACT_RELATIONS",
    "Agency",
    "Household",
    "Person",
    "Tie",
    "TieKey",
    "Event",
    "Bundle",
    "parse_enum",
    "parse_bool",
    "bool_label",
]

#: The nine wards of Kobe, in the city's own order.
WARDS: tuple[str, ...] = (
    "東灘区", "灘区", "中央区", "兵庫区", "北区", "長田区", "須磨区", "垂水区", "西区",
)


class Coded(StrEnum):
    """A code of the data format; its labels live in :data:`LABELS`."""

    def label(self, lang: str = "ja") -> str:
        """The label shown to people, Japanese by default."""
        ja, en = LABELS[type(self)][self.value]
        return ja if lang == "ja" else en


class AgencyKind(Coded):
    HIKIKOMORI_SUPPORT_OFFICE = "hikikomori_support_office"
    COMMUNITY_SUPPORT_CENTER = "community_support_center"
    CARE_MANAGER = "care_manager"
    WELFARE_OFFICE = "welfare_office"
    LIVELIHOOD_SUPPORT = "livelihood_support"
    HEALTH_WELFARE_SECTION = "health_welfare_section"
    HEALTH_CENTER = "health_center"
    MENTAL_HEALTH_CENTER = "mental_health_center"
    SOCIAL_WELFARE_COUNCIL = "social_welfare_council"
    MINSEI_IIN = "minsei_iin"
    NEIGHBORHOOD_ASSOCIATION = "neighborhood_association"
    CLINIC = "clinic"
    HOME_NURSING = "home_nursing"
    HOME_CARE = "home_care"
    DISABILITY_SUPPORT = "disability_support"
    DEVELOPMENTAL_DISABILITY = "developmental_disability"
    EMPLOYMENT_SUPPORT = "employment_support"
    IBASHO = "ibasho"
    PARENTS_ASSOCIATION = "parents_association"
    SCHOOL = "school"
    OTHER = "other"


class HouseholdStatus(Coded):
    ACTIVE = "active"
    FOLLOW_UP = "follow_up"
    CLOSED = "closed"


class Stage(Coded):
    ENGAGEMENT = "engagement"
    INDIVIDUAL = "individual"
    GROUP = "group"
    PARTICIPATION = "participation"


class Acceptance(Coded):
    ACCEPTS = "accepts"
    REFUSES = "refuses"


class FamilyCapacity(Coded):
    GOOD = "good"
    DIFFICULT = "difficult"


class Relation(Coded):
    SUBJECT = "subject"
    FATHER = "father"
    MOTHER = "mother"
    PARENT = "parent"
    SIBLING = "sibling"
    SPOUSE = "spouse"
    CHILD = "child"
    GRANDPARENT = "grandparent"
    OTHER_FAMILY = "other_family"
    NEIGHBOUR = "neighbour"
    RELATIVE = "relative"
    FRIEND = "friend"


class Condition(Coded):
    DEMENTIA = "dementia"
    NEEDS_CARE = "needs_care"
    ILLNESS = "illness"
    DISABILITY = "disability"


class Diagnosis(Coded):
    NONE = "none"
    MOOD = "mood"
    DEVELOPMENTAL = "developmental"
    SCHIZOPHRENIA = "schizophrenia"
    NEUROTIC = "neurotic"
    OTHER = "other"
    UNKNOWN = "unknown"


class TieKind(Coded):
    SUPPORT = "support"
    INFORMAL = "informal"
    FAMILY = "family"
    COLLABORATION = "collaboration"


class Strength(Coded):
    STRONG = "strong"
    NORMAL = "normal"
    WEAK = "weak"
    STRESSFUL = "stressful"


class Role(Coded):
    LEAD = "lead"
    TEAM = "team"
    BACKUP = "backup"
    NONE = "none"


class EventType(Coded):
    CONTACT = "contact"
    VISIT = "visit"
    CONFERENCE = "conference"
    HANDOVER = "handover"
    CRISIS = "crisis"
    NOTE = "note"


E = TypeVar("E", bound=Coded)

PARENT_RELATIONS = frozenset({Relation.FATHER, Relation.MOTHER, Relation.PARENT})
#: Relations of people who are not household members (informal contacts).
CONTACT_RELATIONS = frozenset({Relation.NEIGHBOUR, Relation.RELATIVE, Relation.FRIEND})
MEMBER_RELATIONS = frozenset(Relation) - CONTACT_RELATIONS

#: The one table of labels: enum -> code -> (Japanese, English). The first Japanese label is
#: the one shown; the importer also accepts each part of it split at "・" and brackets.
LABELS: dict[type[Coded], dict[str, tuple[str, str]]] = {
    AgencyKind: {
        "hikikomori_support_office": (
            "ひきこもり支援室・ひきこもり地域支援センター", "Hikikomori support office"),
        "community_support_center": (
            "あんしんすこやかセンター (地域包括支援センター)",
            "Community comprehensive support centre"),
        "care_manager": ("ケアマネジャー (居宅介護支援事業所)", "Care manager"),
        "welfare_office": (
            "福祉事務所・生活支援課 (生活保護)", "Welfare office (public assistance)"),
        "livelihood_support": (
            "くらし支援窓口 (生活困窮者自立相談支援)", "Livelihood support desk"),
        "health_welfare_section": (
            "区保健福祉課 (保健師・精神保健福祉相談)", "Ward health & welfare section"),
        "health_center": ("保健センター", "Health centre"),
        "mental_health_center": ("精神保健福祉センター", "Mental health & welfare centre"),
        "social_welfare_council": (
            "社会福祉協議会 (地域福祉ネットワーカー・区社協)", "Social welfare council"),
        "minsei_iin": ("民生委員", "Minsei-iin (volunteer commissioner)"),
        "neighborhood_association": ("自治会", "Neighbourhood association"),
        "clinic": ("地域の診療所・医療機関", "Clinic / hospital"),
        "home_nursing": ("訪問看護ステーション", "Home-visit nursing station"),
        "home_care": ("訪問介護事業所", "Home-care provider"),
        "disability_support": ("障害者相談支援センター", "Disability support centre"),
        "developmental_disability": ("発達障害者相談窓口", "Developmental disability desk"),
        "employment_support": (
            "ハローワーク・しごとサポート・若者サポートステーション", "Employment support"),
        "ibasho": ("居場所・地域活動支援センター・電子居場所", "Ibasho (a place to be)"),
        "parents_association": ("不登校・ひきこもりの親の会", "Parents' association"),
        "school": ("学校", "School"),
        "other": ("その他", "Other"),
    },
    HouseholdStatus: {
        "active": ("支援中", "Active"),
        "follow_up": ("定着支援・見守り", "Follow-up"),
        "closed": ("終結", "Closed"),
    },
    Stage: {
        "engagement": ("出会い・評価段階", "Engagement & assessment"),
        "individual": ("個人的支援段階", "Individual support"),
        "group": ("中間的・過渡的な集団との再会段階", "Intermediate group"),
        "participation": ("社会参加の試行段階", "Trying social participation"),
    },
    Acceptance: {
        "accepts": ("拒否なし", "Accepts support"),
        "refuses": ("拒否", "Refuses support"),
    },
    FamilyCapacity: {
        "good": ("良好", "Good"),
        "difficult": ("困難", "Difficult"),
    },
    Relation: {
        "subject": ("本人", "Subject"),
        "father": ("父", "Father"),
        "mother": ("母", "Mother"),
        "parent": ("親", "Parent"),
        "sibling": ("きょうだい", "Sibling"),
        "spouse": ("配偶者", "Spouse"),
        "child": ("子", "Child"),
        "grandparent": ("祖父母", "Grandparent"),
        "other_family": ("その他の家族", "Other family"),
        "neighbour": ("近隣住民", "Neighbour"),
        "relative": ("親戚", "Relative"),
        "friend": ("友人", "Friend"),
    },
    Condition: {
        "dementia": ("認知症", "Dementia"),
        "needs_care": ("要介護", "Needs care"),
        "illness": ("疾病", "Illness"),
        "disability": ("障害", "Disability"),
    },
    Diagnosis: {
        "none": ("なし", "None"),
        "mood": ("気分障害", "Mood disorder"),
        "developmental": ("発達障害", "Developmental disorder"),
        "schizophrenia": ("統合失調症", "Schizophrenia"),
        "neurotic": ("神経症性障害 (F4)", "Neurotic disorder (F4)"),
        "other": ("その他", "Other"),
        "unknown": ("不明", "Unknown"),
    },
    TieKind: {
        "support": ("支援", "Support"),
        "informal": ("インフォーマル", "Informal"),
        "family": ("家族", "Family"),
        "collaboration": ("連携", "Collaboration"),
    },
    Strength: {
        "strong": ("強い", "Strong"),
        "normal": ("普通", "Normal"),
        "weak": ("弱い", "Weak"),
        "stressful": ("ストレス・対立", "Stressful"),
    },
    Role: {
        "lead": ("主担当", "Lead"),
        "team": ("ミニサポートチーム", "Mini support team"),
        "backup": ("バックアップ", "Backup"),
        "none": ("なし", "None"),
    },
    EventType: {
        "contact": ("連絡", "Contact"),
        "visit": ("訪問", "Visit"),
        "conference": ("ケース会議", "Case conference"),
        "handover": ("引継ぎ", "Handover"),
        "crisis": ("危機対応", "Crisis"),
        "note": ("メモ", "Note"),
    },
}

#: Further spellings staff use in their sheets, per enum: alias -> code.
ALIASES: dict[type[Coded], dict[str, str]] = {
    AgencyKind: {"地域包括": "community_support_center", "ケアマネ": "care_manager",
                 "社協": "social_welfare_council", "生活保護": "welfare_office",
                 "診療所": "clinic", "病院": "clinic", "ハローワーク": "employment_support"},
    Relation: {"兄弟姉妹": "sibling", "兄": "sibling", "弟": "sibling", "姉": "sibling",
               "妹": "sibling", "近所": "neighbour", "隣人": "neighbour", "neighbor": "neighbour"},
    Diagnosis: {"F4": "neurotic", "神経症性障害": "neurotic", "気分障害・感情障害": "mood"},
    Strength: {"ストレス": "stressful", "対立": "stressful"},
    Acceptance: {"受け入れ": "accepts", "拒否的": "refuses"},
    Stage: {"出会い": "engagement", "評価": "engagement", "個人的支援": "individual",
            "集団": "group", "社会参加": "participation"},
}

_YES = {"yes", "y", "true", "1", "はい", "あり", "有", "○", "〇", "同意あり", "有り"}
_NO = {"no", "n", "false", "0", "いいえ", "なし", "無", "×", "同意なし", "無し"}


def _norm(text: str) -> str:
    """Fold full-width letters, spaces and case so that 'ＹＥＳ ' matches 'yes'."""
    return unicodedata.normalize("NFKC", text).strip().casefold()


def _spellings(cls: type[Coded]) -> dict[str, Coded]:
    table: dict[str, Coded] = {}
    for code, (ja, en) in LABELS[cls].items():
        member = cls(code)
        parts = {code, ja, en}
        for sep in ("・", "(", ")", "（", "）"):
            ja = ja.replace(sep, "|")
        parts.update(p for p in ja.split("|") if p.strip())
        for part in parts:
            table.setdefault(_norm(part), member)
    for alias, code in ALIASES.get(cls, {}).items():
        table.setdefault(_norm(alias), cls(code))
    return table


_SPELLINGS: dict[type[Coded], dict[str, Coded]] = {cls: _spellings(cls) for cls in LABELS}


def parse_enum(cls: type[E], text: str) -> E:
    """Read a code, its Japanese or English label, or a known alias.

    Raises ``ValueError`` naming the accepted codes when nothing matches.
    """
    member = _SPELLINGS[cls].get(_norm(text))
    if member is None:
        codes = ", ".join(m.value for m in cls)
        raise ValueError(f"unknown value {text!r}; expected one of: {codes}")
    return member  # type: ignore[return-value]


def parse_bool(text: str) -> bool:
    """Read yes/no in the spellings found in Japanese sheets (はい, あり, 有, TRUE, 1 ...)."""
    key = _norm(text)
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise ValueError(f"unknown value {text!r}; expected yes or no (はい / いいえ)")


def bool_label(value: bool | None, lang: str = "ja") -> str:
    """Label of a yes/no value; unknown for ``None``."""
    if value is None:
        return "不明" if lang == "ja" else "unknown"
    if lang == "ja":
        return "はい" if value else "いいえ"
    return "yes" if value else "no"


@dataclass(frozen=True, slots=True)
class Agency:
    """関係機関: an organisation or appointed person that supports households."""

    agency_id: str
    name: str
    kind: AgencyKind
    ward: str | None = None
    capacity: int | None = None  # most households it can lead at once; None = no limit
    age_from: int | None = None  # youngest subject age it serves; None = no lower bound
    age_to: int | None = None  # oldest subject age it serves; None = no upper bound

    def serves_age(self, age: int | None) -> bool:
        """Whether the agency serves a subject of ``age`` (``age_from`` ≤ age ≤ ``age_to``,
        both ends included where given). An unknown age passes: a missing birth year must
        not cost a household its lead (RULES.md, Lead).

        >>> saposute = Agency("A1", "サポステ", AgencyKind.EMPLOYMENT_SUPPORT,
        ...                   age_from=15, age_to=49)
        >>> saposute.serves_age(49), saposute.serves_age(50), saposute.serves_age(None)
        (True, False, True)
        """
        if age is None:
            return True
        return ((self.age_from is None or self.age_from <= age)
                and (self.age_to is None or age <= self.age_to))


@dataclass(frozen=True, slots=True)
class Household:
    """世帯: the subject and the family members living with them."""

    household_id: str
    ward: str
    opened_on: date | None = None
    status: HouseholdStatus = HouseholdStatus.ACTIVE
    stage: Stage | None = None
    crisis: bool | None = None  # None = not recorded, read as no
    acceptance: Acceptance | None = None
    family_capacity: FamilyCapacity | None = None
    financial_hardship: bool | None = None


@dataclass(frozen=True, slots=True)
class Person:
    """人: a household member, or an informal contact with no household."""

    person_id: str
    relation: Relation
    household_id: str | None = None
    display_name: str | None = None
    birth_year: int | None = None
    deceased: bool | None = None
    conditions: tuple[Condition, ...] = ()
    diagnosis: Diagnosis | None = None
    withdrawn_since: date | None = None
    kana: str | None = None  # フリガナ of display_name, for searching (last: added in v2)

    @property
    def alive(self) -> bool:
        return not self.deceased


@dataclass(frozen=True, slots=True)
class TieKey:
    """What names one tie: the bundle has no tie id, so (source, target, kind, since) does."""

    source_id: str
    target_id: str
    kind: TieKind
    since: date | None = None


@dataclass(frozen=True, slots=True)
class Tie:
    """つながり: one relationship between two ids of the bundle."""

    source_id: str
    target_id: str
    kind: TieKind
    strength: Strength = Strength.NORMAL
    role: Role = Role.NONE
    since: date | None = None
    until: date | None = None
    last_contact: date | None = None
    consent: bool | None = None

    @property
    def key(self) -> TieKey:
        return TieKey(self.source_id, self.target_id, self.kind, self.since)

    def active_on(self, day: date) -> bool:
        """Whether the tie holds on ``day``: begun (or no since) and not ended (or no until).

        The one definition of an active tie (RULES.md), used by the analysis, the maps and
        the edits alike.
        """
        return ((self.since is None or self.since <= day)
                and (self.until is None or self.until >= day))


@dataclass(frozen=True, slots=True)
class Event:
    """支援経過: one entry of a household's support history."""

    event_id: str
    household_id: str
    date: date
    type: EventType
    agency_id: str | None = None
    note: str | None = None


@dataclass(slots=True)
class Bundle:
    """A whole network, or a part of one (a household's neighbourhood, a ward).

    Stores hand these out and take them in; :func:`netsupport.graph.to_graph` turns one into
    the NetworkX graph that the analysis reads.
    """

    agencies: list[Agency] = field(default_factory=list)
    households: list[Household] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    ties: list[Tie] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def sorted(self) -> Bundle:
        """The same records in a canonical order, so that two bundles compare equal."""
        return Bundle(
            agencies=sorted(self.agencies, key=lambda a: a.agency_id),
            households=sorted(self.households, key=lambda h: h.household_id),
            people=sorted(self.people, key=lambda p: p.person_id),
            ties=sorted(self.ties, key=_tie_order),
            events=sorted(self.events, key=lambda e: e.event_id),
        )

    def counts(self) -> dict[str, int]:
        return {"agencies": len(self.agencies), "households": len(self.households),
                "people": len(self.people), "ties": len(self.ties), "events": len(self.events)}


def _tie_order(t: Tie) -> tuple:
    return (t.source_id, t.target_id, t.kind.value, t.since or date.min, t.until or date.max)
