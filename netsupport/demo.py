"""Synthetic Kobe data: households, agencies and ties that look like the city's, all made up.

:func:`generate` builds a whole :class:`~netsupport.model.Bundle` from a seed, so that the
analysis, the stores, the maps and the benchmarks have realistic data to run on without
touching anyone's records. The shapes come from the Kobe training slides (``DOMAIN.md``):

- households spread over the nine wards exactly as the support office's R4 subjects were
  (西区 20%, 東灘区 14%, 垂水区 14%, 北区 13%, 須磨区 10%, 兵庫区 9%, 中央区 8%, 灘区 7%,
  長田区 5%);
- subjects aged 15-39 and 40-64 in the ratio of the city's estimate (7,800 : 10,500), a
  diagnosis for about one in three (mood 31%, developmental 23%, F4 neurotic 19%,
  schizophrenia 5%, other the rest), withdrawn for 1 to 25 years;
- parents about 30 years older than the subject, so most subjects over 45 live with parents
  of 75 to 92 (8050); older parents more often have died, have dementia or need care;
- every agency kind, city-wide ones (ひきこもり支援室, 精神保健福祉センター) once or a few
  times, ward offices once per ward, and the many small ones (ケアマネジャー, 診療所,
  民生委員 ...) scaled with the number of households;
- a family capacity that agrees with who is at home: nobody well at home besides the
  subject means 困難, but for 4% of them recorded 良好 (noise); employment agencies with
  age ranges (サポステ 15-49) that support nobody outside them; the フリガナ of every name;
- about ten ties per household in all (support, informal, family, collaboration), with leads,
  mini teams and backups, stressful and weak lines, stale contacts, missing consent, ended
  ties and handovers; and on purpose a share of isolated or unconnected 8050 households,
  the ones a supervisor's scan is meant to find.

Every name is synthetic: people are ``本人・ケンタ(仮)``-style pseudonyms; agencies carry
Kobe ward and district names with generic words (``塩屋こころのクリニック``), never a
real person. Output depends only on ``(households, seed, as_of)``.

Examples
--------
>>> b = generate(50, seed=1)
>>> len(b.households), b.households[0].household_id
(50, 'H-00001')
>>> generate(50, seed=1) == b
True
"""

from __future__ import annotations

import random
from bisect import bisect
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import accumulate
from math import ceil
from typing import Generic, TypeVar

from .model import (
    Acceptance,
    Agency,
    AgencyKind,
    Bundle,
    Condition,
    Diagnosis,
    Event,
    EventType,
    FamilyCapacity,
    Household,
    HouseholdStatus,
    Person,
    Relation,
    Role,
    Stage,
    Strength,
    Tie,
    TieKind,
)

__all__ = ["generate", "ward_sequence", "DEFAULT_AS_OF", "WARD_SHARES", "LEAD_KINDS"]

#: The date the synthetic data is "as of" unless told otherwise: contacts, intakes and ends
#: are dated back from it. Pass the same date to the analysis (``--as-of 2026-11-01``).
DEFAULT_AS_OF = date(2026, 11, 1)

#: Wards of residence of the support office's subjects, R4 (percent).
WARD_SHARES: dict[str, int] = {
    "西区": 20, "東灘区": 14, "垂水区": 14, "北区": 13, "須磨区": 10,
    "兵庫区": 9, "中央区": 8, "灘区": 7, "長田区": 5,
}

K = AgencyKind

#: Subject ages an agency serves (age_from, age_to): the 地域若者サポートステーション take
#: people of 15 to 49 (the national programme's range); ハローワーク and the rest take all.
_SAPOSUTE_AGES: tuple[int | None, int | None] = (15, 49)
_ALL_AGES: tuple[int | None, int | None] = (None, None)
#: The share of households recorded as capable (good) although nobody at home but the
#: subject is free of dementia and care needs: data-entry noise, kept on purpose.
_CAPACITY_NOISE = 0.04

#: Readings of the relation words of the synthetic display names, for their kana.
_READINGS = {"本人": "ホンニン", "父": "チチ", "母": "ハハ", "親": "オヤ", "兄": "アニ",
             "弟": "オトウト", "姉": "アネ", "妹": "イモウト", "祖母": "ソボ", "おじ": "オジ",
             "近所": "キンジョ", "親戚": "シンセキ", "友人": "ユウジン"}


def kana_of(name: str) -> str | None:
    """The フリガナ of a synthetic display name (``本人・ケンタ(仮)`` -> ``ホンニン・ケンタ``),
    ``None`` for a name it cannot read.

    >>> kana_of("本人・ケンタ(仮)"), kana_of("近所・ヤマダさん(仮)"), kana_of("おじ(仮)")
    ('ホンニン・ケンタ', 'キンジョ・ヤマダサン', 'オジ')
    """
    parts = name.removesuffix("(仮)").split("・")
    reading = _READINGS.get(parts[0])
    if reading is None:
        return None
    return "・".join([reading, *(p.replace("さん", "サン") for p in parts[1:])])

#: Kinds that lead households in the rules' preference lists; only these get a capacity.
LEAD_KINDS = frozenset({
    K.HIKIKOMORI_SUPPORT_OFFICE, K.HEALTH_WELFARE_SECTION, K.MENTAL_HEALTH_CENTER,
    K.IBASHO, K.SOCIAL_WELFARE_COUNCIL, K.EMPLOYMENT_SUPPORT,
})

T = TypeVar("T")


class _Table(Generic[T]):
    """A weighted choice drawn with a single ``rng.random()`` call (faster than choices)."""

    __slots__ = ("values", "cum", "total")

    def __init__(self, weights: dict[T, float]):
        self.values = list(weights)
        self.cum = list(accumulate(weights.values()))
        self.total = self.cum[-1]

    def draw(self, rng: random.Random) -> T:
        i = bisect(self.cum, rng.random() * self.total)
        return self.values[min(i, len(self.values) - 1)]


_STATUS = _Table({HouseholdStatus.ACTIVE: 81, HouseholdStatus.FOLLOW_UP: 14,
                  HouseholdStatus.CLOSED: 5})
_STAGE = _Table({Stage.ENGAGEMENT: 45, Stage.INDIVIDUAL: 26, Stage.GROUP: 16,
                 Stage.PARTICIPATION: 10, None: 3})
_ACCEPTANCE = _Table({Acceptance.ACCEPTS: 45, Acceptance.REFUSES: 35, None: 20})
#: Diagnosis of a subject: one in three named (R4: 150 of 451), split as the 129 named ones.
_DIAGNOSIS = _Table({Diagnosis.MOOD: 31 / 3, Diagnosis.DEVELOPMENTAL: 23 / 3,
                     Diagnosis.NEUROTIC: 19 / 3, Diagnosis.SCHIZOPHRENIA: 5 / 3,
                     Diagnosis.OTHER: 22 / 3, Diagnosis.NONE: 30, Diagnosis.UNKNOWN: 30,
                     None: 100 / 3 * 2 - 60})
_STRENGTH = _Table({Strength.STRONG: 18, Strength.NORMAL: 55, Strength.WEAK: 22,
                    Strength.STRESSFUL: 5})
_LEAD_STRENGTH = _Table({Strength.STRONG: 40, Strength.NORMAL: 50, Strength.WEAK: 6,
                         Strength.STRESSFUL: 4})
_PARENT_CHILD_STRENGTH = _Table({Strength.STRONG: 20, Strength.NORMAL: 50, Strength.WEAK: 12,
                                 Strength.STRESSFUL: 18})
_SIBLING_STRENGTH = _Table({Strength.STRONG: 15, Strength.NORMAL: 45, Strength.WEAK: 30,
                            Strength.STRESSFUL: 10})
_CONSENT_TEAM = _Table({True: 86, False: 4, None: 10})
_CONSENT_OTHER = _Table({True: 62, False: 6, None: 32})
#: Days before the reference day of a tie's last contact: (low, high) or None = not recorded.
_LAST_CONTACT = _Table({(0, 30): 35, (31, 90): 33, (91, 180): 17, (181, 400): 10, None: 5})
_LEAD_LAST_CONTACT = _Table({(0, 30): 50, (31, 90): 35, (91, 180): 10, (181, 365): 3,
                             None: 2})
_STALE_LAST_CONTACT = _Table({(181, 400): 55, (401, 900): 30, None: 15})
#: How a household is connected; 8050 households are isolated more often, on purpose.
_PROFILE = _Table({"normal": 77, "rich": 14, "one": 4, "stale": 3, "none": 2})
_PROFILE_8050 = _Table({"normal": 62, "rich": 16, "one": 9, "stale": 7, "none": 6})
_INFORMAL_COUNT = _Table({0: 50, 1: 36, 2: 14})
_SIBLINGS = _Table({0: 45, 1: 40, 2: 15})
#: Ended support ties besides the current ones (past supports, handovers aside).
_ENDED_COUNT = _Table({0: 72, 1: 22, 2: 6})
_CONTACT_RELATION = _Table({Relation.NEIGHBOUR: 60, Relation.RELATIVE: 28, Relation.FRIEND: 12})
_INFORMAL_STRENGTH = {
    Relation.NEIGHBOUR: _Table({Strength.STRONG: 5, Strength.NORMAL: 40, Strength.WEAK: 50,
                                Strength.STRESSFUL: 5}),
    Relation.RELATIVE: _Table({Strength.STRONG: 20, Strength.NORMAL: 45, Strength.WEAK: 20,
                               Strength.STRESSFUL: 15}),
    Relation.FRIEND: _Table({Strength.STRONG: 25, Strength.NORMAL: 55, Strength.WEAK: 20}),
}

#: Preferred lead kinds by stage, as in the rules, drawn 60 / 25 / 15.
_LEAD_KIND = {
    Stage.ENGAGEMENT: _Table({K.HIKIKOMORI_SUPPORT_OFFICE: 60, K.HEALTH_WELFARE_SECTION: 25,
                              K.MENTAL_HEALTH_CENTER: 15}),
    Stage.INDIVIDUAL: _Table({K.HIKIKOMORI_SUPPORT_OFFICE: 60, K.MENTAL_HEALTH_CENTER: 25,
                              K.HEALTH_WELFARE_SECTION: 15}),
    Stage.GROUP: _Table({K.IBASHO: 60, K.SOCIAL_WELFARE_COUNCIL: 25,
                         K.HIKIKOMORI_SUPPORT_OFFICE: 15}),
    Stage.PARTICIPATION: _Table({K.EMPLOYMENT_SUPPORT: 60, K.IBASHO: 25,
                                 K.SOCIAL_WELFARE_COUNCIL: 15}),
}
#: Agencies that lead in practice though the rules would hand over (kind_mismatch).
_MISMATCH_LEAD = _Table({K.COMMUNITY_SUPPORT_CENTER: 40, K.WELFARE_OFFICE: 20,
                         K.LIVELIHOOD_SUPPORT: 20, K.CARE_MANAGER: 10, K.CLINIC: 10})
#: Kinds that work with the household directly, so their ties may be mini-team ties.
_DIRECT_KINDS = frozenset({
    K.HIKIKOMORI_SUPPORT_OFFICE, K.HEALTH_WELFARE_SECTION, K.COMMUNITY_SUPPORT_CENTER,
    K.CARE_MANAGER, K.WELFARE_OFFICE, K.LIVELIHOOD_SUPPORT, K.CLINIC, K.HOME_NURSING,
    K.HOME_CARE, K.HEALTH_CENTER, K.SOCIAL_WELFARE_COUNCIL, K.IBASHO, K.EMPLOYMENT_SUPPORT,
})
_BACKUP_KINDS = frozenset({K.MENTAL_HEALTH_CENTER, K.HIKIKOMORI_SUPPORT_OFFICE})
#: Kinds whose tie usually goes to the parent who needs care, not to the household.
_PARENT_KINDS = frozenset({K.CARE_MANAGER, K.HOME_CARE, K.COMMUNITY_SUPPORT_CENTER})
#: Kinds whose tie usually goes to the subject.
_SUBJECT_KINDS = frozenset({
    K.SCHOOL, K.EMPLOYMENT_SUPPORT, K.IBASHO, K.DEVELOPMENTAL_DISABILITY,
    K.DISABILITY_SUPPORT, K.MENTAL_HEALTH_CENTER,
})
#: Kinds that often knew the family before the intake (the parent's care, the district).
_EARLIER_KINDS = frozenset({
    K.CARE_MANAGER, K.HOME_CARE, K.COMMUNITY_SUPPORT_CENTER, K.CLINIC, K.MINSEI_IIN,
    K.NEIGHBORHOOD_ASSOCIATION,
})
#: Extra kinds a well-connected ("rich") household draws from.
_EXTRA_KINDS = _Table({
    K.HEALTH_CENTER: 10, K.SOCIAL_WELFARE_COUNCIL: 10, K.MINSEI_IIN: 10,
    K.NEIGHBORHOOD_ASSOCIATION: 6, K.PARENTS_ASSOCIATION: 8, K.MENTAL_HEALTH_CENTER: 8,
    K.CLINIC: 8, K.HOME_NURSING: 6, K.IBASHO: 6, K.LIVELIHOOD_SUPPORT: 6,
    K.WELFARE_OFFICE: 4, K.DISABILITY_SUPPORT: 4, K.COMMUNITY_SUPPORT_CENTER: 6,
    K.EMPLOYMENT_SUPPORT: 4, K.OTHER: 2, K.HIKIKOMORI_SUPPORT_OFFICE: 6,
    K.HEALTH_WELFARE_SECTION: 8,
})

#: Districts of each ward, for the names of district-level agencies.
_DISTRICTS: dict[str, tuple[str, ...]] = {
    "東灘区": ("住吉", "御影", "魚崎", "本山", "岡本", "深江", "青木", "六甲アイランド"),
    "灘区": ("六甲", "岩屋", "摩耶", "篠原", "鶴甲", "王子", "高羽"),
    "中央区": ("三宮", "元町", "春日野", "熊内", "港島", "北野", "楠"),
    "兵庫区": ("湊川", "平野", "会下山", "和田岬", "大開", "夢野"),
    "北区": ("鈴蘭台", "北五葉", "有馬", "道場", "藤原台", "淡河", "山田", "八多"),
    "長田区": ("駒ヶ林", "真野", "高取", "丸山", "池田", "新長田"),
    "須磨区": ("板宿", "名谷", "白川台", "高倉台", "北須磨", "須磨浦", "落合"),
    "垂水区": ("舞子", "塩屋", "霞ヶ丘", "学が丘", "本多聞", "青山台", "高丸", "星陵台"),
    "西区": ("玉津", "伊川谷", "押部谷", "岩岡", "神出", "櫨谷", "西神", "井吹台"),
}
_WORDS = ("さくら", "ひまわり", "あおば", "みなと", "すずらん", "こころ", "やまて", "はまかぜ",
          "ふたば", "みどり", "つばさ", "ひだまり", "あさひ", "かえで", "のぞみ", "しおかぜ")
_CLINIC_SUFFIX = ("クリニック", "こころのクリニック", "内科", "心療内科", "診療所",
                  "メンタルクリニック")
#: Katakana given names by (sex, generation); "(仮)" marks them as pseudonyms.
_NAMES = {
    ("m", "young"): ("ケンタ", "ユウキ", "ショウタ", "ダイキ", "リョウ", "タクミ", "ハルト",
                     "ソウタ", "ユウト", "カイト"),
    ("m", "mid"): ("ヒロシ", "マコト", "タカシ", "ツヨシ", "サトシ", "カズヤ", "ノボル",
                   "イサム", "ススム", "テツヤ"),
    ("m", "old"): ("キヨシ", "シゲル", "ミノル", "ヒデオ", "トシオ", "カズオ", "ヨシオ",
                   "マサオ"),
    ("f", "young"): ("ミサキ", "アヤカ", "ユイ", "ハルカ", "サクラ", "ナナミ", "モエ", "アオイ"),
    ("f", "mid"): ("ヨウコ", "ケイコ", "ヒロミ", "ユミ", "マユミ", "ノリコ", "ナオコ", "エミ"),
    ("f", "old"): ("カズコ", "ヨシコ", "トシコ", "ミチコ", "セツコ", "ヒサコ", "フミコ",
                   "テルコ"),
}
_SURNAMES = ("ヤマダ", "タナカ", "サトウ", "スズキ", "ナカムラ", "コバヤシ", "イトウ",
             "ワタナベ", "マツモト", "イノウエ", "キムラ", "ハヤシ")

_INTAKE_FAMILY = ("{who}より電話相談。本人は自室中心の生活が続いている。",
                  "{who}が来所。本人への声のかけ方について相談。",
                  "{who}よりメール相談。本人が家族とも話さなくなった。")
_INTAKE_SUBJECT = ("本人よりメール相談。外に出るのが怖いとのこと。",
                   "本人より電話。働きたいがどうしたらいいかわからない。")
_INTAKE_AGENCY = "{agency}より紹介。世帯の状況について情報提供あり。"
_NOTES: dict[EventType, tuple[str, ...]] = {
    EventType.VISIT: ("家庭訪問。本人は自室から出なかったが、ドア越しに挨拶できた。",
                      "家庭訪問。家族と面談。本人と当たり障りのない会話ができている。",
                      "家庭訪問。親の介護負担について聞き取り。",
                      "本人と面談。昼夜逆転が続いている。",
                      "家庭訪問。応答なし。手紙を投函。"),
    EventType.CONTACT: ("家族より電話。本人の様子に大きな変化なし。",
                        "関係機関に対応状況を照会（同意あり）。",
                        "家族教室の案内を送付。",
                        "本人より電話。居場所の見学を希望。",
                        "きょうだいより電話。親なき後の手続きについて相談。"),
    EventType.CONFERENCE: ("ケース会議（支援会議）。役割分担と次回訪問日を確認。",
                           "個別ケース検討会議。主担当の交代を検討。",
                           "ミニサポートチームで情報共有。見守り体制を確認。"),
    EventType.CRISIS: ("親が救急搬送。本人のみ在宅となり緊急訪問。",
                       "親の入院で本人の食事が確保できず緊急対応。",
                       "家族間の口論がエスカレート。警察から連絡あり安全確認。",
                       "ライフライン停止の恐れ。生活支援課と同行訪問。"),
    EventType.NOTE: ("親なき後の準備（財産管理・住まい）について情報提供。",
                     "近隣から見守りに関する情報あり。",
                     "本人が居場所に初めて参加。",
                     "就労体験の日程を調整中。"),
}
_FOLLOW_EVENTS = _Table({EventType.VISIT: 35, EventType.CONTACT: 35,
                         EventType.CONFERENCE: 15, EventType.NOTE: 15})


@dataclass(slots=True)
class _Home:
    """What the later steps need to know about a household being generated."""

    household_id: str
    ward: str
    ref: int  # ordinal of the day ties are dated back from: as_of, or the closing day
    opened: int  # ordinal of the intake
    subject: Person
    parents: list[Person]  # living
    carer_target: Person | None  # the parent with care needs, or the oldest living one
    is_8050: bool
    care_need: bool
    ill: bool
    agencies: dict[str, Agency] = field(default_factory=dict)  # active supports
    started: dict[str, int] = field(default_factory=dict)  # agency id -> ordinal of its since
    keys: set = field(default_factory=set)  # (source, target, since) of the ties made
    pending: list[tuple[int, EventType, str | None, str]] = field(default_factory=list)
    others: list[Person] = field(default_factory=list)  # living members but the subject
    subject_age: int | None = None


class _Generator:
    """One run of :func:`generate`; holds the random stream, counters and lookups."""

    def __init__(self, households: int, seed: int, as_of: date):
        self.n = households
        self.rng = random.Random(seed)
        self.seed = seed
        self.as_of = as_of
        self.today = as_of.toordinal()
        self.bundle = Bundle()
        self.by_kind: dict[AgencyKind, list[Agency]] = {k: [] for k in AgencyKind}
        self.by_kind_ward: dict[tuple[AgencyKind, str | None], list[Agency]] = {}
        self.names: set[str] = set()
        self.people = 0
        self.events = 0
        self.contacts_by_ward: dict[str, list[Person]] = {w: [] for w in WARD_SHARES}
        self.wards: list[str] = []

    def run(self) -> Bundle:
        self.wards = ward_sequence(self.n, self.rng)
        self.make_agencies()
        for i in range(1, self.n + 1):
            self.make_household(i)
        self.make_collaboration()
        self.set_capacities()
        return self.bundle

    def add_agency(self, kind: AgencyKind, name: str, ward: str | None,
                   ages: tuple[int | None, int | None] = (None, None)) -> None:
        base, n = name, 2
        while name in self.names:
            name, n = f"{base}第{n}", n + 1
        self.names.add(name)
        agency = Agency(f"A-{len(self.bundle.agencies) + 1:04d}", name, kind, ward,
                        age_from=ages[0], age_to=ages[1])
        self.bundle.agencies.append(agency)
        self.by_kind[kind].append(agency)
        self.by_kind_ward.setdefault((kind, ward), []).append(agency)

    def make_agencies(self) -> None:
        """City-wide agencies once or a few times, ward offices once per ward, the small
        local ones scaled with each ward's expected number of households."""
        rng, n = self.rng, self.n
        self.add_agency(K.HIKIKOMORI_SUPPORT_OFFICE, "神戸ひきこもり支援室", "中央区")
        big_wards = sorted(WARD_SHARES, key=WARD_SHARES.__getitem__, reverse=True)
        branch_wards = [w for w in big_wards if w != "中央区"]
        for ward in branch_wards[: min(8, n // 2500)]:
            self.add_agency(K.HIKIKOMORI_SUPPORT_OFFICE, f"ひきこもり地域支援センター{ward}分室",
                            ward)
        self.add_agency(K.MENTAL_HEALTH_CENTER, "神戸市精神保健福祉センター", "中央区")
        self.add_agency(K.DEVELOPMENTAL_DISABILITY, "神戸市発達障害者相談窓口", "中央区")
        if n >= 10_000:
            self.add_agency(K.DEVELOPMENTAL_DISABILITY, "発達障害者相談窓口 西神分室", "西区")
        for name, ward, ages in (("ハローワーク神戸", "中央区", _ALL_AGES),
                                 ("ハローワーク灘", "灘区", _ALL_AGES),
                                 ("ハローワーク西神", "西区", _ALL_AGES),
                                 ("こうべ若者サポートステーション", "中央区", _SAPOSUTE_AGES)):
            self.add_agency(K.EMPLOYMENT_SUPPORT, name, ward, ages)
        self.add_agency(K.IBASHO, "電子居場所（オンライン）", None)
        for i in range(2 + n // 20_000):
            ward = None if i == 0 else rng.choice(big_wards)
            self.add_agency(K.PARENTS_ASSOCIATION, f"ひきこもり親の会「{_WORDS[i % 16]}の会」",
                            ward)
        for _ in range(2 + n // 10_000):
            self.add_agency(K.OTHER, f"NPO法人{rng.choice(_WORDS)}自立支援ネット",
                            rng.choice(big_wards))
        for ward, share in WARD_SHARES.items():
            self.make_ward_agencies(ward, n * share / 100)

    def make_ward_agencies(self, ward: str, households: float) -> None:
        rng = self.rng
        districts = _DISTRICTS[ward]

        def scaled(per: int) -> int:
            return max(1, round(households / per))

        self.add_agency(K.HEALTH_WELFARE_SECTION, f"{ward}保健福祉課", ward)
        self.add_agency(K.HEALTH_CENTER, f"{ward}保健センター", ward)
        self.add_agency(K.WELFARE_OFFICE, f"{ward}福祉事務所 生活支援課", ward)
        self.add_agency(K.LIVELIHOOD_SUPPORT, f"{ward}くらし支援窓口", ward)
        self.add_agency(K.SOCIAL_WELFARE_COUNCIL, f"{ward}社会福祉協議会", ward)
        self.add_agency(K.DISABILITY_SUPPORT, f"{ward}障害者地域生活支援センター", ward)
        if self.n >= 5_000:
            self.add_agency(K.EMPLOYMENT_SUPPORT, f"しごとサポート{ward}", ward)
        for k in range(1, scaled(250) + 1):
            self.add_agency(K.COMMUNITY_SUPPORT_CENTER, f"{ward}あんしんすこやかセンター第{k}",
                            ward)
        for _ in range(scaled(120)):
            place = rng.choice(districts + _WORDS)
            self.add_agency(K.CARE_MANAGER, f"{place}居宅介護支援事業所", ward)
        for _ in range(scaled(150)):
            place = rng.choice(districts + _WORDS)
            self.add_agency(K.CLINIC, f"{place}{rng.choice(_CLINIC_SUFFIX)}", ward)
        for _ in range(scaled(300)):
            self.add_agency(K.HOME_NURSING, f"{rng.choice(_WORDS)}訪問看護ステーション", ward)
        for _ in range(scaled(300)):
            name = rng.choice((f"ヘルパーステーション{rng.choice(_WORDS)}",
                               f"{rng.choice(districts)}訪問介護事業所"))
            self.add_agency(K.HOME_CARE, name, ward)
        for k in range(scaled(60)):
            district = districts[k % len(districts)]
            number = k // len(districts) + 1
            self.add_agency(K.MINSEI_IIN, f"民生委員（{district}地区 第{number}区）", ward)
        for k in range(scaled(80)):
            district = districts[k % len(districts)]
            self.add_agency(K.NEIGHBORHOOD_ASSOCIATION,
                            f"{district}第{k // len(districts) + 1}自治会", ward)
        for _ in range(scaled(400)):
            name = rng.choice((f"居場所「{rng.choice(_WORDS)}」",
                               f"地域活動支援センター{rng.choice(districts)}"))
            self.add_agency(K.IBASHO, name, ward)
        for _ in range(scaled(600)):
            name = rng.choice((f"{rng.choice(districts)}高等学校",
                               f"{rng.choice(_WORDS)}学園高等学校（通信制）"))
            self.add_agency(K.SCHOOL, name, ward)

    def pick_agency(self, kind: AgencyKind, ward: str, age: int | None = None) -> Agency:
        """Mostly one of the household's ward, sometimes one elsewhere in the city; one that
        serves a subject of ``age`` (a サポステ takes no one over 49).

        The draws are the same whatever the age (an agency that does not serve it is swapped
        for the first that does, the ward's first), so adding an age range to an agency
        changes no other household of a seed.
        """
        local = self.by_kind_ward.get((kind, ward))
        if local and self.rng.random() < 0.92:
            picked = self.rng.choice(local)
        else:
            picked = self.rng.choice(self.by_kind[kind])
        if picked.serves_age(age):
            return picked
        serving = [a for a in (local or []) + self.by_kind[kind] if a.serves_age(age)]
        return serving[0] if serving else picked

    def new_person(self, relation: Relation, household_id: str | None, name: str,
                   birth_year: int | None = None, **fields) -> Person:
        self.people += 1
        person = Person(f"P-{self.people:06d}", relation, household_id, name, birth_year,
                        kana=kana_of(name), **fields)
        self.bundle.people.append(person)
        return person

    def make_household(self, i: int) -> None:
        rng = self.rng
        hid = f"H-{i:05d}"
        ward = self.wards[i - 1]
        status = _STATUS.draw(rng)
        ref = self.today - (rng.randint(30, 700) if status is HouseholdStatus.CLOSED else 0)
        opened = ref - int(rng.triangular(45, 2900, 300))
        home = self.make_members(hid, ward, ref, opened)
        profile = (_PROFILE_8050 if home.is_8050 else _PROFILE).draw(rng)

        stage = _STAGE.draw(rng)
        if status is HouseholdStatus.FOLLOW_UP and rng.random() < 0.6:
            stage = rng.choice((Stage.GROUP, Stage.PARTICIPATION))
        crisis_p = 0.02 + 0.04 * home.care_need + 0.04 * (profile in ("one", "stale", "none"))
        crisis = True if rng.random() < crisis_p else (None if rng.random() < 0.3 else False)
        difficult_p = 0.35 + 0.25 * home.care_need
        capacity = (None if rng.random() < 0.2 else
                    FamilyCapacity.DIFFICULT if rng.random() < difficult_p else FamilyCapacity.GOOD)
        capacity = self.judged_capacity(home, capacity)
        hardship_p = 0.15 + 0.25 * (not home.parents) + 0.1 * home.is_8050
        hardship = None if rng.random() < 0.2 else rng.random() < hardship_p
        self.bundle.households.append(Household(
            hid, ward, date.fromordinal(opened), status, stage, crisis, _ACCEPTANCE.draw(rng),
            capacity, hardship))

        lead = self.make_supports(home, profile, stage, hardship, status)
        self.make_informal(home, profile)
        self.make_events(home, lead, crisis)

    def judged_capacity(self, home: _Home, drawn: FamilyCapacity | None) -> FamilyCapacity | None:
        """The family capacity staff would record, given who is at home.

        With nobody at home but people with dementia or care needs (or nobody at all),
        nobody records the family as capable: "good" becomes "difficult", but for
        :data:`_CAPACITY_NOISE` (4%) of them, kept as data-entry noise. The noise has its own
        random stream (seed and household id), so the main stream -- and every other
        household of the seed -- stays as it was.
        """
        if drawn is not FamilyCapacity.GOOD:
            return drawn
        able = [p for p in home.others
                if not {Condition.DEMENTIA, Condition.NEEDS_CARE} & set(p.conditions)]
        if able:
            return drawn
        noise = random.Random(f"family-capacity:{self.seed}:{home.household_id}")
        return drawn if noise.random() < _CAPACITY_NOISE else FamilyCapacity.DIFFICULT

    def make_members(self, hid: str, ward: str, ref: int, opened: int) -> _Home:
        """The subject, their parents (living or not) and sometimes siblings or a grandparent.

        Parents are born about 30 years before the subject, so a subject of 45 to 60 has
        parents of about 75 to 92: the 8050 households.
        """
        rng, year = self.rng, self.as_of.year
        age = rng.randint(15, 39) if rng.random() < 7_800 / 18_300 else rng.randint(40, 64)
        sex = "m" if rng.random() < 0.65 else "f"
        gen = "young" if age < 35 else "mid"
        max_years = max(1.0, min(25.0, age - 13.0))
        withdrawn = int(rng.triangular(1.0, max_years, min(max_years, 6.0)) * 365.25)
        diagnosis = _DIAGNOSIS.draw(rng)
        subject = self.new_person(
            Relation.SUBJECT, hid, f"本人・{rng.choice(_NAMES[sex, gen])}(仮)", year - age,
            conditions=(Condition.DISABILITY,) if rng.random() < 0.05 else (),
            diagnosis=diagnosis,
            withdrawn_since=date.fromordinal(min(ref, self.today - withdrawn)))

        father_age = min(99, age + max(20, min(45, round(rng.gauss(31, 4)))))
        mother_age = max(age + 18, father_age - rng.randint(0, 5))
        parents: list[Person] = []
        all_parents = 0
        for relation, p_age, present_p, death_at in (
                (Relation.FATHER, father_age, 0.85, 60), (Relation.MOTHER, mother_age, 0.94, 66)):
            if rng.random() > present_p:
                continue
            all_parents += 1
            if rng.random() < 0.03:
                relation = Relation.PARENT
            dead = rng.random() < min(0.75, max(0.01, (p_age - death_at) / 50))
            psex = "m" if relation is Relation.FATHER else "f"
            label = {Relation.FATHER: "父", Relation.MOTHER: "母"}.get(relation, "親")
            person = self.new_person(
                relation, hid, f"{label}・{rng.choice(_NAMES[psex, 'old'])}(仮)", year - p_age,
                deceased=True if dead else (None if rng.random() < 0.5 else False),
                conditions=() if dead else self.parent_conditions(p_age))
            if not dead:
                parents.append(person)
        care = [p for p in parents
                if Condition.DEMENTIA in p.conditions or Condition.NEEDS_CARE in p.conditions]
        ill = any(Condition.ILLNESS in p.conditions or Condition.DEMENTIA in p.conditions
                  for p in parents)
        oldest = max(parents, key=lambda p: year - (p.birth_year or year), default=None)
        home = _Home(hid, ward, ref, opened, subject, parents, care[0] if care else oldest,
                     age >= 40 and any(year - (p.birth_year or year) >= 70 for p in parents),
                     bool(care), ill or diagnosis not in (None, Diagnosis.NONE, Diagnosis.UNKNOWN))
        members = [subject, *parents]

        for _ in range(_SIBLINGS.draw(rng)):
            s_age = max(10, age + rng.choice((-1, 1)) * rng.randint(1, 8))
            s_sex = "m" if rng.random() < 0.5 else "f"
            label = {("m", True): "兄", ("m", False): "弟", ("f", True): "姉",
                     ("f", False): "妹"}[s_sex, s_age > age]
            s_gen = "young" if s_age < 35 else "mid"
            members.append(self.new_person(
                Relation.SIBLING, hid, f"{label}・{rng.choice(_NAMES[s_sex, s_gen])}(仮)",
                year - s_age))
        if age < 30 and rng.random() < 0.1:
            g_age = min(99, father_age + rng.randint(22, 32))
            members.append(self.new_person(
                Relation.GRANDPARENT, hid, f"祖母・{rng.choice(_NAMES['f', 'old'])}(仮)",
                year - g_age, conditions=self.parent_conditions(g_age)))
        if all_parents and rng.random() < 0.02:
            members.append(self.new_person(Relation.OTHER_FAMILY, hid, "おじ(仮)"))
        self.make_family_ties(subject, parents, members[1 + len(parents):])
        home.others = [p for p in members[1:] if p.alive]
        home.subject_age = age
        return home

    def parent_conditions(self, age: int) -> tuple[Condition, ...]:
        """Dementia and care needs grow with age (about 40% and 55% past 90)."""
        rng = self.rng
        found = []
        if rng.random() < min(0.45, max(0.0, (age - 70) * 0.02)):
            found.append(Condition.DEMENTIA)
        if rng.random() < min(0.6, max(0.0, (age - 68) * 0.025)):
            found.append(Condition.NEEDS_CARE)
        if rng.random() < (0.25 if age >= 65 else 0.1):
            found.append(Condition.ILLNESS)
        if rng.random() < 0.03:
            found.append(Condition.DISABILITY)
        return tuple(found)

    def make_family_ties(self, subject: Person, parents: list[Person],
                         others: list[Person]) -> None:
        rng, ties = self.rng, self.bundle.ties
        for parent in parents:
            ties.append(Tie(parent.person_id, subject.person_id, TieKind.FAMILY,
                            _PARENT_CHILD_STRENGTH.draw(rng)))
        if len(parents) == 2:
            ties.append(Tie(parents[0].person_id, parents[1].person_id, TieKind.FAMILY,
                            Strength.NORMAL if rng.random() < 0.8 else Strength.STRESSFUL))
        for other in others:
            if other.relation is Relation.SIBLING:
                ties.append(Tie(subject.person_id, other.person_id, TieKind.FAMILY,
                                _SIBLING_STRENGTH.draw(rng)))
                if parents and rng.random() < 0.5:
                    ties.append(Tie(other.person_id, parents[0].person_id, TieKind.FAMILY,
                                    Strength.STRONG if rng.random() < 0.4 else Strength.NORMAL))

    def wanted_kinds(self, home: _Home, stage: Stage | None,
                     hardship: bool | None) -> list[AgencyKind]:
        """The kinds a household of this make-up would plausibly be supported by."""
        rng = self.rng
        wanted: list[AgencyKind] = []

        def maybe(kind: AgencyKind, p: float) -> None:
            if rng.random() < p:
                wanted.append(kind)

        maybe(K.HEALTH_WELFARE_SECTION, 0.55)
        maybe(K.HIKIKOMORI_SUPPORT_OFFICE, 0.5)
        maybe(K.HEALTH_CENTER, 0.15)
        maybe(K.PARENTS_ASSOCIATION, 0.15)
        maybe(K.OTHER, 0.04)
        elder = any(self.as_of.year - (p.birth_year or 0) >= 65 for p in home.parents)
        if home.care_need or elder:
            maybe(K.COMMUNITY_SUPPORT_CENTER, 0.8 if home.care_need else 0.4)
        if home.care_need:
            maybe(K.CARE_MANAGER, 0.72)
            maybe(K.HOME_CARE, 0.4)
            maybe(K.HOME_NURSING, 0.2)
        if home.ill:
            maybe(K.CLINIC, 0.65)
            maybe(K.MENTAL_HEALTH_CENTER, 0.2)
            maybe(K.HOME_NURSING, 0.12)
        diagnosis = home.subject.diagnosis
        if diagnosis is Diagnosis.DEVELOPMENTAL:
            maybe(K.DEVELOPMENTAL_DISABILITY, 0.4)
        if diagnosis in (Diagnosis.DEVELOPMENTAL, Diagnosis.SCHIZOPHRENIA, Diagnosis.MOOD):
            maybe(K.DISABILITY_SUPPORT, 0.2)
        if hardship:
            maybe(K.WELFARE_OFFICE, 0.5)
            maybe(K.LIVELIHOOD_SUPPORT, 0.45)
        if home.is_8050:
            maybe(K.MINSEI_IIN, 0.45)
            maybe(K.NEIGHBORHOOD_ASSOCIATION, 0.2)
            maybe(K.SOCIAL_WELFARE_COUNCIL, 0.35)
        if stage is Stage.GROUP:
            maybe(K.IBASHO, 0.6)
            maybe(K.SOCIAL_WELFARE_COUNCIL, 0.4)
            maybe(K.PARENTS_ASSOCIATION, 0.3)
        if stage is Stage.PARTICIPATION:
            maybe(K.EMPLOYMENT_SUPPORT, 0.65)
            maybe(K.IBASHO, 0.5)
        if self.as_of.year - (home.subject.birth_year or 0) < 20:
            maybe(K.SCHOOL, 0.45)
        return wanted

    def tie_target(self, home: _Home, kind: AgencyKind) -> str:
        """A support tie goes to the member it is about, or to the household as a whole."""
        r = self.rng.random()
        carer = home.carer_target
        if kind in _PARENT_KINDS and carer is not None and r < 0.6:
            return carer.person_id
        if kind in (K.CLINIC, K.HOME_NURSING):
            if carer is not None and home.care_need and r < 0.5:
                return carer.person_id
            if r < 0.8:
                return home.subject.person_id
        if kind in _SUBJECT_KINDS and r < 0.6:
            return home.subject.person_id
        if r > 0.85:
            return home.subject.person_id
        return home.household_id

    def support_tie(self, home: _Home, agency: Agency, role: Role, stale: bool,
                    ended_before: int | None = None) -> Tie | None:
        """One support tie, dated back from the household's reference day; ``None`` when a
        tie with the same key exists already.

        The last contact is drawn first, then ``since`` between the intake (years earlier
        for agencies that knew the family before) and that contact. ``ended_before`` makes
        an ended tie whose ``until`` falls before that ordinal.
        """
        rng = self.rng
        end = home.ref if ended_before is None else ended_before - rng.randint(1, 400)
        lc_table = (_STALE_LAST_CONTACT if stale else
                    _LEAD_LAST_CONTACT if role is Role.LEAD else _LAST_CONTACT)
        span = lc_table.draw(rng)
        lc_ago = None if span is None else rng.randint(*span)
        back = home.opened - (rng.randint(0, 1500) if agency.kind in _EARLIER_KINDS else 0)
        latest = end - (lc_ago or 0)
        start = rng.randint(back, latest) if latest > back else latest
        since = None if (rng.random() < 0.04 and ended_before is None) else start
        until = None
        if ended_before is not None or home.ref < self.today:
            until = date.fromordinal(end)
        elif rng.random() < 0.02:
            until = date.fromordinal(self.today + rng.randint(1, 180))
        target = self.tie_target(home, agency.kind)
        key = (agency.agency_id, target, since)
        if key in home.keys:
            return None
        home.keys.add(key)
        consent = _CONSENT_TEAM if role in (Role.LEAD, Role.TEAM) else _CONSENT_OTHER
        return Tie(agency.agency_id, target, TieKind.SUPPORT,
                   (_LEAD_STRENGTH if role is Role.LEAD else _STRENGTH).draw(rng),
                   role, None if since is None else date.fromordinal(since), until,
                   None if lc_ago is None else date.fromordinal(end - lc_ago),
                   consent.draw(rng))

    def make_supports(self, home: _Home, profile: str, stage: Stage | None,
                      hardship: bool | None, status: HouseholdStatus) -> Agency | None:
        """Support ties of one household; returns its current lead, if any."""
        rng, ward = self.rng, home.ward
        lead_kind = (_MISMATCH_LEAD.draw(rng) if rng.random() < 0.12 else
                     _LEAD_KIND[stage or Stage.ENGAGEMENT].draw(rng))
        lead_count = 0 if rng.random() < (0.25 if status is HouseholdStatus.FOLLOW_UP else 0.06) \
            else 2 if rng.random() < 0.035 else 1
        kinds = self.wanted_kinds(home, stage, hardship)
        if profile == "rich":
            while len(kinds) < rng.randint(9, 15):
                kinds.append(_EXTRA_KINDS.draw(rng))
        elif status is HouseholdStatus.FOLLOW_UP:
            kinds = kinds[: max(1, round(len(kinds) * 0.7))]
        else:
            kinds.extend(_EXTRA_KINDS.draw(rng) for _ in range(rng.randint(1, 4)))
        if lead_count:
            kinds.insert(0, lead_kind)
        if lead_count == 2:
            kinds.insert(1, rng.choice([k for k in _LEAD_KIND[Stage.ENGAGEMENT].values
                                        if k != lead_kind]))
        if profile == "none":
            kinds = []
        elif profile == "one":
            kinds = kinds[:1] if kinds and rng.random() < 0.85 else []
        elif not kinds:
            kinds = [K.HEALTH_WELFARE_SECTION]

        lead: Agency | None = None
        lead_since: date | None = None
        teams = 0
        for i, kind in enumerate(kinds):
            agency = self.pick_agency(kind, ward, home.subject_age)
            if agency.agency_id in home.agencies:
                continue
            if i < lead_count:
                role = Role.LEAD
            elif kind in _BACKUP_KINDS and rng.random() < 0.6:
                role = Role.BACKUP
            elif kind in _DIRECT_KINDS and teams < 4 and rng.random() < 0.45:
                role, teams = Role.TEAM, teams + 1
            else:
                role = Role.NONE
            tie = self.support_tie(home, agency, role, profile == "stale")
            if tie is None:
                continue
            self.bundle.ties.append(tie)
            home.agencies[agency.agency_id] = agency
            home.started[agency.agency_id] = tie.since.toordinal() if tie.since else home.opened
            if role is Role.LEAD:
                lead = agency
                lead_since = tie.since

        if lead is not None and lead_since is not None and rng.random() < 0.15:
            self.make_handover(home, lead, lead_since.toordinal())
        for _ in range(_ENDED_COUNT.draw(rng)):
            agency = self.pick_agency(_EXTRA_KINDS.draw(rng), ward, home.subject_age)
            if agency.agency_id not in home.agencies:
                tie = self.support_tie(home, agency, Role.NONE, False, ended_before=home.ref)
                if tie is not None:
                    self.bundle.ties.append(tie)
        return lead

    def make_handover(self, home: _Home, lead: Agency, handed_over: int) -> None:
        """An ended lead tie of an earlier agency: the lead slid to the current one."""
        if handed_over - home.opened < 60:
            return
        kind = self.rng.choice((K.HEALTH_WELFARE_SECTION, K.HIKIKOMORI_SUPPORT_OFFICE,
                                K.COMMUNITY_SUPPORT_CENTER))
        earlier = self.pick_agency(kind, home.ward)
        if earlier.agency_id in home.agencies or earlier is lead:
            return
        since = self.rng.randint(home.opened, handed_over - 30)
        key = (earlier.agency_id, home.household_id, since)
        if key in home.keys:
            return
        home.keys.add(key)
        self.bundle.ties.append(Tie(
            earlier.agency_id, home.household_id, TieKind.SUPPORT, Strength.NORMAL, Role.LEAD,
            date.fromordinal(since), date.fromordinal(handed_over),
            date.fromordinal(handed_over - self.rng.randint(0, 20)), True))
        home.pending.append((handed_over, EventType.HANDOVER, lead.agency_id,
                             f"主担当を{earlier.name}から{lead.name}へ引継ぎ。"))

    def make_informal(self, home: _Home, profile: str) -> None:
        """Neighbours, relatives and friends: people with no household, tied informally.

        Now and then a neighbour already watching another household of the ward is reused.
        """
        rng = self.rng
        if profile == "none" or (profile == "one" and home.agencies):
            return
        count = 1 if profile == "one" else _INFORMAL_COUNT.draw(rng) + (
            home.is_8050 and rng.random() < 0.2)
        pool = self.contacts_by_ward[home.ward]
        for _ in range(count):
            if pool and rng.random() < 0.12:
                contact = rng.choice(pool)
            else:
                relation = _CONTACT_RELATION.draw(rng)
                label = {Relation.NEIGHBOUR: "近所", Relation.RELATIVE: "親戚",
                         Relation.FRIEND: "友人"}[relation]
                contact = self.new_person(relation, None,
                                          f"{label}・{rng.choice(_SURNAMES)}さん(仮)")
                if relation is Relation.NEIGHBOUR:
                    pool.append(contact)
            target = (home.household_id if rng.random() < 0.7 or not home.parents
                      else rng.choice((home.subject, *home.parents)).person_id)
            key = (contact.person_id, target, None)
            if key in home.keys:
                continue
            home.keys.add(key)
            span = (_STALE_LAST_CONTACT if profile == "stale" else _LAST_CONTACT).draw(rng)
            last = None if span is None or rng.random() < 0.4 else home.ref - rng.randint(*span)
            self.bundle.ties.append(Tie(
                contact.person_id, target, TieKind.INFORMAL,
                _INFORMAL_STRENGTH[contact.relation].draw(rng),
                last_contact=None if last is None else date.fromordinal(last),
                until=None))

    def new_event(self, household_id: str, day: int, kind: EventType, agency_id: str | None,
                  note: str) -> None:
        self.events += 1
        self.bundle.events.append(Event(f"E-{self.events:07d}", household_id,
                                        date.fromordinal(day), kind, agency_id, note))

    def make_events(self, home: _Home, lead: Agency | None, crisis: bool | None) -> None:
        """The intake, a few follow-up entries, a crisis entry for households in crisis, and
        any handover, numbered in date order.

        The intake is at the support office or the ward's health and welfare section (相談受理);
        a follow-up entry by an agency falls after that agency's tie began.
        """
        rng = self.rng
        intake = self.pick_agency(
            K.HIKIKOMORI_SUPPORT_OFFICE if rng.random() < 0.65 else K.HEALTH_WELFARE_SECTION,
            home.ward)
        agencies = list(home.agencies.values())
        who = rng.random()
        if who < 0.75:
            relation = home.parents[0].relation if home.parents else Relation.SIBLING
            note = rng.choice(_INTAKE_FAMILY).format(who=relation.label())
        elif who < 0.89 or not agencies:
            note = rng.choice(_INTAKE_SUBJECT)
        else:
            note = _INTAKE_AGENCY.format(agency=rng.choice(agencies).name)
        entries = [(home.opened, EventType.CONTACT, intake.agency_id, note), *home.pending]
        for _ in range(rng.randint(0, 4) if agencies else rng.randint(0, 1)):
            if agencies:
                agency = rng.choice(agencies)
                start = min(home.ref, max(home.opened, home.started[agency.agency_id]))
                kind = _FOLLOW_EVENTS.draw(rng)
                entries.append((rng.randint(start, home.ref), kind, agency.agency_id,
                                rng.choice(_NOTES[kind])))
            else:
                entries.append((rng.randint(home.opened, home.ref), EventType.VISIT,
                                intake.agency_id, _NOTES[EventType.VISIT][-1]))
        if crisis:
            entries.append((rng.randint(max(home.opened, home.ref - 60), home.ref),
                            EventType.CRISIS, (lead or intake).agency_id,
                            rng.choice(_NOTES[EventType.CRISIS])))
        entries.sort(key=lambda entry: entry[0])
        for day, kind, agency_id, note in entries:
            self.new_event(home.household_id, day, kind, agency_id, note)

    def make_collaboration(self) -> None:
        """Standing agency-to-agency links: ward offices with the support office, centres
        with care managers, councils with 民生委員, and so on; a few have ended."""
        rng = self.rng
        seen: set[frozenset[str]] = set()

        def link(a: Agency, b: Agency, p: float = 1.0) -> None:
            pair = frozenset((a.agency_id, b.agency_id))
            if a is b or pair in seen or rng.random() >= p:
                return
            seen.add(pair)
            since = self.today - rng.randint(180, 3650)
            until = rng.randint(since + 30, self.today - 1) if rng.random() < 0.05 else None
            self.bundle.ties.append(Tie(
                a.agency_id, b.agency_id, TieKind.COLLABORATION,
                Strength.STRONG if rng.random() < 0.3 else Strength.NORMAL,
                since=date.fromordinal(since),
                until=None if until is None else date.fromordinal(until)))

        offices = self.by_kind[K.HIKIKOMORI_SUPPORT_OFFICE]
        main = offices[0]
        for office in offices[1:]:
            link(main, office)
        for centre in self.by_kind[K.MENTAL_HEALTH_CENTER]:
            link(main, centre)
        for desk in self.by_kind[K.DEVELOPMENTAL_DISABILITY]:
            link(main, desk)
        for ibasho in self.by_kind[K.IBASHO]:
            link(rng.choice(self.by_kind[K.EMPLOYMENT_SUPPORT]), ibasho, 0.4)
        for association in self.by_kind[K.PARENTS_ASSOCIATION]:
            link(main, association)
        for ward in WARD_SHARES:
            def local(kind: AgencyKind, ward: str = ward) -> list[Agency]:
                return self.by_kind_ward.get((kind, ward), [])
            section = local(K.HEALTH_WELFARE_SECTION)[0]
            link(section, rng.choice(offices))
            link(section, local(K.HEALTH_CENTER)[0])
            link(local(K.WELFARE_OFFICE)[0], local(K.LIVELIHOOD_SUPPORT)[0])
            council = local(K.SOCIAL_WELFARE_COUNCIL)[0]
            link(section, council, 0.8)
            for centre in local(K.COMMUNITY_SUPPORT_CENTER):
                link(section, centre, 0.7)
                link(centre, council, 0.3)
            centres = local(K.COMMUNITY_SUPPORT_CENTER)
            for manager in local(K.CARE_MANAGER):
                link(rng.choice(centres), manager, 0.8)
            for iin in local(K.MINSEI_IIN):
                link(council, iin, 0.5)
            for association in local(K.NEIGHBORHOOD_ASSOCIATION):
                link(council, association, 0.2)
            for nursing in local(K.HOME_NURSING):
                link(rng.choice(local(K.CLINIC)), nursing, 0.5)
            for care in local(K.HOME_CARE):
                link(rng.choice(local(K.CARE_MANAGER)), care, 0.6)

    def set_capacities(self) -> None:
        """Capacities of lead kinds, set from the leads each agency ended up with.

        About 15% have no limit, 40% have room, 30% are full or nearly, 8% are over, and
        the rest of those leading nobody get a small round number.
        """
        rng = self.rng
        leads: dict[str, int] = {}
        for tie in self.bundle.ties:
            if tie.role is Role.LEAD and (tie.until is None or tie.until >= self.as_of):
                leads[tie.source_id] = leads.get(tie.source_id, 0) + 1
        agencies = self.bundle.agencies
        for i, agency in enumerate(agencies):
            if agency.kind not in LEAD_KINDS:
                continue
            count = leads.get(agency.agency_id, 0)
            r = rng.random()
            if r < 0.15:
                continue
            if count == 0:
                capacity = rng.choice((5, 10, 15, 20, 30))
            elif r < 0.55:
                capacity = count + ceil(count * rng.uniform(0.1, 0.4)) + 1
            elif r < 0.92:
                capacity = count + rng.randint(0, 1)
            else:
                capacity = max(0, count - rng.randint(1, max(1, count // 8)))
            agencies[i] = replace(agency, capacity=capacity)


def ward_sequence(households: int, rng: random.Random) -> list[str]:
    """The ward of each household: :data:`WARD_SHARES` met as closely as whole numbers allow
    (largest remainders), in a shuffled order, so even a small demo has the city's shape.

    >>> ward_sequence(100, random.Random(1)).count("西区")
    20
    """
    quotas = {w: households * share / 100 for w, share in WARD_SHARES.items()}
    counts = {w: int(q) for w, q in quotas.items()}
    by_remainder = sorted(quotas, key=lambda w: counts[w] - quotas[w])
    for ward in by_remainder[: households - sum(counts.values())]:
        counts[ward] += 1
    wards = [w for w, count in counts.items() for _ in range(count)]
    rng.shuffle(wards)
    return wards


def generate(households: int, seed: int, as_of: date | None = None) -> Bundle:
    """A synthetic Kobe bundle of ``households`` households, the same for the same arguments.

    Parameters
    ----------
    households : int
        How many households (世帯) to make. Agencies scale with it: every local kind exists
        at least once per ward (147 agencies at 300 households), then about one agency per
        16 households (1,264 at 20,000; 4,817 at 80,000).
    seed : int
        Seed of the private ``random.Random`` stream; the global one is never touched.
    as_of : date, optional
        The day the data describes (default :data:`DEFAULT_AS_OF`, 2026-11-01, so the output
        never changes with today's date). Contacts, intakes and ends are dated back from it;
        analyse the result as of the same day. A day between 2000 and 2090 keeps every date
        and birth year inside the ranges the validator accepts.

    Returns
    -------
    Bundle
        Agencies ``A-0001``…, households ``H-00001``…, people ``P-000001``…, events
        ``E-0000001``…; ties with no id. It passes ``validate_bundle`` without problems.

    Examples
    --------
    >>> b = generate(20, seed=8050)
    >>> sorted({a.kind for a in b.agencies}) == sorted(AgencyKind)
    True
    """
    if households < 0:
        raise ValueError("households must be 0 or more")
    return _Generator(households, seed, as_of or DEFAULT_AS_OF).run()
