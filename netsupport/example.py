"""The seed's network diagram as a bundle: one 8050 household and the supports around it.

The Kobe training slides (``seed/000_c8d04d86f739f8b7.txt``, 「ネットワークによるひきこもり
支援 ～8050はつながりを増やす～」, from the Kobe City College of Nursing) draw one household,
本人, 父（認知症） and 妹, surrounded by fifteen supports. :func:`seed_example` turns that
diagram into data, so that a case conference, a test or a demo can start from the picture
every Kobe support worker has seen.

Choices, one by one
-------------------
- **Members**: exactly the three of the diagram. No mother is drawn, so none is recorded.
  The sister is drawn with the family and recorded as a member (relation ``sibling``).
- **Ages**: an 8050 household as of :data:`~netsupport.demo.DEFAULT_AS_OF` (2026-11-01):
  father born 1941 (85), subject 1974 (52), sister 1977 (49). The subject has been withdrawn
  since 2001 (25 years); the diagram names no diagnosis, so it is ``unknown``.
- **Father**: dementia (the diagram says so) and needs_care, because a home-care provider
  (訪問介護事業所) visits him, which presupposes a care-need certification.
- **The fifteen supports**, each one box of the diagram (box → kind → who the tie goes to):
  不登校・ひきこもりの親の会 → parents_association → the sister (family support);
  訪問介護事業所 → home_care → father; 社会福祉協議会 → social_welfare_council → household;
  精神保健福祉センター → mental_health_center → household, role backup;
  ひきこもり地域支援センター → hikikomori_support_office → household, the lead;
  民生委員 → minsei_iin → household (見守り); 地域の人 → an informal contact, a neighbour
  with no household, informal tie → household; 福祉事務所 → welfare_office → household;
  生活保護 → welfare_office (a second agency of the same kind, the public-assistance
  caseworker) → household; 生活困窮者自立支援相談 → livelihood_support → subject
  (independence after the parents); 自治会長 → neighborhood_association → household;
  訪問看護ステーション → home_nursing → father; 保健センター → health_center → subject
  (the public-health nurse's visits); 地域の診療所 → clinic → father (his family doctor);
  地域包括支援センター → community_support_center → father.
- **No care manager**. The diagram has no ケアマネジャー, although home care under long-term
  care insurance normally runs on a care manager's plan. The example keeps the diagram as
  drawn, so the ``care_manager`` gap is open: the question a supervisor would ask of it.
- **Household**: in 垂水区, active since the sister's call on 2025-06-02, stage engagement,
  no crisis, the subject refuses support and the family is struggling (a father with
  dementia, a sister living her own life), so the strategy is to prepare for a crisis with
  regular visits; financial hardship yes, since public assistance is among the supports.
- **Roles**: the hikikomori regional support centre leads; the community support centre, the
  home-care provider, the health centre and the public-assistance caseworker are the mini
  support team (they see the family); the mental health centre backs them; the rest have
  no role. The team is five agencies with the lead, under the rules' limit of six.
- **Lines**: strong for the lead, the father's carers and the sister's bond with him; weak
  for the neighbourhood association, the neighbour, the welfare office as a whole and the
  livelihood desk; the father-subject tie is stressful (the slides: the family presses the
  subject). No support line is stressful, so all fifteen count as supports.
- **Consent** yes for every agency that shares information; unknown for the neighbourhood
  association and the neighbour, who are not part of the information sharing.
- **Contacts**: all within the last three months but the livelihood desk (about four months).
- **Collaboration**: four standing agency links that the slides imply (backup with the
  lead, the community support centre with the home-care provider and with the lead, the
  welfare office with its public-assistance desk).

Examples
--------
>>> b = seed_example()
>>> b.counts()["agencies"], [p.relation.value for p in b.people]
(14, ['subject', 'father', 'sibling', 'neighbour'])
"""

from __future__ import annotations

from datetime import date

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

__all__ = ["seed_example", "HOUSEHOLD_ID", "DIAGRAM_SUPPORTS"]

HOUSEHOLD_ID = "H-01"

#: The fifteen boxes of the diagram around the family, each with the id that stands for it.
DIAGRAM_SUPPORTS: dict[str, str] = {
    "不登校・ひきこもりの親の会": "A-14",
    "訪問介護事業所": "A-12",
    "社会福祉協議会": "A-03",
    "精神保健福祉センター": "A-02",
    "ひきこもり地域支援センター": "A-01",
    "民生委員": "A-04",
    "地域の人": "P-04",
    "福祉事務所": "A-06",
    "生活保護": "A-07",
    "生活困窮者自立支援相談": "A-08",
    "自治会長": "A-05",
    "訪問看護ステーション": "A-11",
    "保健センター": "A-09",
    "地域の診療所": "A-10",
    "地域包括支援センター": "A-13",
}

K = AgencyKind
S = Strength
H, SUBJECT, FATHER, SISTER, NEIGHBOUR = HOUSEHOLD_ID, "P-01", "P-02", "P-03", "P-04"


def _d(text: str) -> date:
    return date.fromisoformat(text)


def seed_example() -> Bundle:
    """The seed's 8050 household with its fifteen supports (see the module docstring).

    Returns
    -------
    Bundle
        14 agencies, household ``H-01``, its three members and one neighbour, support,
        informal, family and collaboration ties, and six events.
    """
    agencies = [
        Agency("A-01", "神戸ひきこもり支援室（ひきこもり地域支援センター）",
               K.HIKIKOMORI_SUPPORT_OFFICE, "中央区", 60),
        Agency("A-02", "神戸市精神保健福祉センター", K.MENTAL_HEALTH_CENTER, "中央区", 40),
        Agency("A-03", "垂水区社会福祉協議会", K.SOCIAL_WELFARE_COUNCIL, "垂水区", 25),
        Agency("A-04", "民生委員（塩屋地区）", K.MINSEI_IIN, "垂水区"),
        Agency("A-05", "塩屋第1自治会（自治会長）", K.NEIGHBORHOOD_ASSOCIATION, "垂水区"),
        Agency("A-06", "垂水区福祉事務所", K.WELFARE_OFFICE, "垂水区"),
        Agency("A-07", "垂水区生活支援課（生活保護）", K.WELFARE_OFFICE, "垂水区"),
        Agency("A-08", "垂水区くらし支援窓口（生活困窮者自立相談支援）", K.LIVELIHOOD_SUPPORT,
               "垂水区"),
        Agency("A-09", "垂水区保健センター", K.HEALTH_CENTER, "垂水区"),
        Agency("A-10", "塩屋内科クリニック", K.CLINIC, "垂水区"),
        Agency("A-11", "しおかぜ訪問看護ステーション", K.HOME_NURSING, "垂水区"),
        Agency("A-12", "ヘルパーステーションあおば", K.HOME_CARE, "垂水区"),
        Agency("A-13", "塩屋あんしんすこやかセンター", K.COMMUNITY_SUPPORT_CENTER, "垂水区"),
        Agency("A-14", "ひきこもり親の会「ひだまりの会」", K.PARENTS_ASSOCIATION, "垂水区"),
    ]
    household = Household(
        H, "垂水区", opened_on=_d("2025-06-02"), status=HouseholdStatus.ACTIVE,
        stage=Stage.ENGAGEMENT, crisis=False, acceptance=Acceptance.REFUSES,
        family_capacity=FamilyCapacity.DIFFICULT, financial_hardship=True)
    people = [
        Person(SUBJECT, Relation.SUBJECT, H, "本人", 1974, deceased=False,
               diagnosis=Diagnosis.UNKNOWN, withdrawn_since=_d("2001-04-01")),
        Person(FATHER, Relation.FATHER, H, "父（認知症）", 1941, deceased=False,
               conditions=(Condition.DEMENTIA, Condition.NEEDS_CARE)),
        Person(SISTER, Relation.SIBLING, H, "妹", 1977, deceased=False),
        Person(NEIGHBOUR, Relation.NEIGHBOUR, None, "地域の人（近所）"),
    ]

    def support(agency: str, target: str, strength: S, role: Role, since: str | None,
                last: str, consent: bool | None = True) -> Tie:
        return Tie(agency, target, TieKind.SUPPORT, strength, role,
                   _d(since) if since else None, None, _d(last), consent)

    ties = [
        support("A-01", H, S.STRONG, Role.LEAD, "2025-06-02", "2026-10-20"),
        support("A-02", H, S.NORMAL, Role.BACKUP, "2025-08-01", "2026-09-10"),
        support("A-13", FATHER, S.STRONG, Role.TEAM, "2023-04-01", "2026-10-15"),
        support("A-12", FATHER, S.STRONG, Role.TEAM, "2024-01-15", "2026-10-30"),
        support("A-09", SUBJECT, S.NORMAL, Role.TEAM, "2025-07-01", "2026-10-01"),
        support("A-07", H, S.NORMAL, Role.TEAM, "2024-11-01", "2026-10-05"),
        support("A-06", H, S.WEAK, Role.NONE, "2024-11-01", "2026-09-15"),
        support("A-08", SUBJECT, S.WEAK, Role.NONE, "2025-09-01", "2026-06-20"),
        support("A-11", FATHER, S.NORMAL, Role.NONE, "2024-02-01", "2026-10-25"),
        support("A-10", FATHER, S.NORMAL, Role.NONE, "2019-05-01", "2026-10-08"),
        support("A-03", H, S.NORMAL, Role.NONE, "2025-10-01", "2026-09-28"),
        support("A-04", H, S.NORMAL, Role.NONE, "2022-04-01", "2026-10-28"),
        support("A-05", H, S.WEAK, Role.NONE, None, "2026-08-30", consent=None),
        support("A-14", SISTER, S.NORMAL, Role.NONE, "2025-09-15", "2026-10-12"),
        Tie(NEIGHBOUR, H, TieKind.INFORMAL, S.WEAK, last_contact=_d("2026-10-30")),
        Tie(FATHER, SUBJECT, TieKind.FAMILY, S.STRESSFUL),
        Tie(SISTER, FATHER, TieKind.FAMILY, S.STRONG),
        Tie(SUBJECT, SISTER, TieKind.FAMILY, S.NORMAL),
        Tie("A-01", "A-02", TieKind.COLLABORATION, S.STRONG, since=_d("2020-02-03")),
        Tie("A-13", "A-12", TieKind.COLLABORATION, S.NORMAL, since=_d("2024-01-15")),
        Tie("A-01", "A-13", TieKind.COLLABORATION, S.NORMAL, since=_d("2025-06-20")),
        Tie("A-06", "A-07", TieKind.COLLABORATION, S.STRONG, since=_d("2015-04-01")),
    ]
    events = [
        Event("E-01", H, _d("2025-06-02"), EventType.CONTACT, "A-01",
              "妹より電話相談。本人は20年以上ひきこもり、父の認知症が進んでいる。"),
        Event("E-02", H, _d("2025-07-10"), EventType.VISIT, "A-01",
              "妹同席で家庭訪問。本人は自室から出なかったが、ドア越しに挨拶できた。"),
        Event("E-03", H, _d("2025-11-20"), EventType.CONFERENCE, "A-01",
              "ケース会議。あんしんすこやかセンター・訪問介護・生活保護担当と役割分担を確認。"),
        Event("E-04", H, _d("2026-09-10"), EventType.CONFERENCE, "A-02",
              "支援会議。父のケアプランの担当者が未確認。親なき後の準備について検討。"),
        Event("E-05", H, _d("2026-10-20"), EventType.VISIT, "A-01",
              "定期訪問。本人と短い会話ができた。"),
        Event("E-06", H, _d("2026-10-28"), EventType.NOTE, "A-04",
              "民生委員より、父が一人で外を歩いていたと近所から情報あり。"),
    ]
    return Bundle(agencies, [household], people, ties, events)
