"""The visual vocabulary of the maps: colours, line styles, marks, their words and the legend.

One table per thing a map encodes, so that the map and its legend can never disagree: the
agency kinds grouped into colour families (:data:`KIND_FAMILY`, :data:`FAMILY_STYLES`), the
ecomap line style of each :class:`~netsupport.model.Strength` (:data:`STRENGTH_STYLES`); the
words of both are the ``viz.`` entries of the one translation table (:mod:`netsupport.i18n`,
read through :func:`text`). Labels that the domain core already has (relations, kinds,
strengths, roles) are taken from :mod:`netsupport.model`, not repeated here.

Every legend entry is built from these constants; the only text in it is escaped with
:func:`html.escape`, so the legend is safe to put into a page as it is.

Examples
--------
>>> text("as_of", "ja")
'基準日'
>>> KIND_FAMILY[AgencyKind.CARE_MANAGER]
'care'
>>> "stroke-dasharray" in ecomap_legend_html({"weak"}, "ja")
True
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from html import escape

from ..i18n import t
from ..model import AgencyKind, Role, Strength

__all__ = [
    "text",
    "FamilyStyle",
    "FAMILY_STYLES",
    "FAMILY_BY_CODE",
    "KIND_FAMILY",
    "INFORMAL_STYLE",
    "MEMBER_STYLE",
    "DECEASED_STYLE",
    "MISSING_STYLE",
    "HOUSEHOLD_STYLE",
    "LineStyle",
    "STRENGTH_STYLES",
    "GENOGRAM_LINE",
    "MISSING_LINE",
    "MARK_LEAD",
    "MARK_TEAM",
    "MARK_BACKUP",
    "MARK_SUBJECT",
    "MARK_DECEASED",
    "MARK_SOLE",
    "FONT_FACE",
    "fade",
    "role_word",
    "ecomap_legend_html",
    "agency_legend_html",
]



def text(key: str, lang: str = "ja", **fields: object) -> str:
    """The word for ``key`` in ``lang``: the ``viz.`` entries of the one translation table."""
    return t(f"viz.{key}", lang, **fields)


@dataclass(frozen=True, slots=True)
class FamilyStyle:
    """How one family of agency kinds is drawn: a light fill and a strong border."""

    code: str
    fill: str
    border: str

    def label(self, lang: str = "ja") -> str:
        return text(f"family.{self.code}", lang)


#: The colour families, in the order the ecomap ring and the legend show them.
FAMILY_STYLES: tuple[FamilyStyle, ...] = (
    FamilyStyle("mental_health", "#E9DDF3", "#7B4FA0"),
    FamilyStyle("care", "#FCE2C4", "#D9822B"),
    FamilyStyle("medical", "#D5EFDF", "#2E8B57"),
    FamilyStyle("welfare", "#D6E4F5", "#2F6DB5"),
    FamilyStyle("community", "#FFF1B8", "#B08D00"),
    FamilyStyle("participation", "#CFEFF1", "#1F8F99"),
    FamilyStyle("other", "#E6E6E6", "#7F7F7F"),
)
FAMILY_BY_CODE: dict[str, FamilyStyle] = {f.code: f for f in FAMILY_STYLES}

#: Each agency kind's colour family (one colour per family, not per kind: 21 colours
#: cannot be told apart on a projector).
KIND_FAMILY: dict[AgencyKind, str] = {
    AgencyKind.HIKIKOMORI_SUPPORT_OFFICE: "mental_health",
    AgencyKind.MENTAL_HEALTH_CENTER: "mental_health",
    AgencyKind.HEALTH_WELFARE_SECTION: "mental_health",
    AgencyKind.DISABILITY_SUPPORT: "mental_health",
    AgencyKind.DEVELOPMENTAL_DISABILITY: "mental_health",
    AgencyKind.COMMUNITY_SUPPORT_CENTER: "care",
    AgencyKind.CARE_MANAGER: "care",
    AgencyKind.HOME_CARE: "care",
    AgencyKind.CLINIC: "medical",
    AgencyKind.HOME_NURSING: "medical",
    AgencyKind.HEALTH_CENTER: "medical",
    AgencyKind.WELFARE_OFFICE: "welfare",
    AgencyKind.LIVELIHOOD_SUPPORT: "welfare",
    AgencyKind.MINSEI_IIN: "community",
    AgencyKind.NEIGHBORHOOD_ASSOCIATION: "community",
    AgencyKind.SOCIAL_WELFARE_COUNCIL: "community",
    AgencyKind.EMPLOYMENT_SUPPORT: "participation",
    AgencyKind.IBASHO: "participation",
    AgencyKind.PARENTS_ASSOCIATION: "participation",
    AgencyKind.SCHOOL: "participation",
    AgencyKind.OTHER: "other",
}

#: Informal contacts (neighbours, relatives, friends): white ellipses with a brown border.
INFORMAL_STYLE = FamilyStyle("informal", "#FFFFFF", "#8C6D46")
MEMBER_STYLE = FamilyStyle("member", "#FFFFFF", "#333333")
DECEASED_STYLE = FamilyStyle("deceased", "#DDDDDD", "#9A9A9A")
MISSING_STYLE = FamilyStyle("missing", "#F7F7F7", "#9A9A9A")
HOUSEHOLD_STYLE = FamilyStyle("household", "rgba(255,246,224,0.45)", "#8A7A5A")

MARK_LEAD = "★"
MARK_TEAM = "◆"
MARK_BACKUP = "◇"
MARK_SUBJECT = "◎"
MARK_DECEASED = "✕"
MARK_SOLE = "⚠"

#: Fonts that exist on Windows (municipal PCs), macOS and Linux; no web fonts are loaded.
FONT_FACE = "Meiryo, 'Yu Gothic', 'Hiragino Sans', 'Noto Sans CJK JP', sans-serif"


@dataclass(frozen=True, slots=True)
class LineStyle:
    """An ecomap line: vis-network ``width``, ``dashes`` (False or a pattern) and colour."""

    width: float
    dashes: bool | tuple[int, ...]
    color: str

    def svg(self) -> str:
        """A short sample of the line for the legend."""
        dash = ""
        if self.dashes:
            dash = f' stroke-dasharray="{",".join(str(d) for d in self.dashes)}"'
        return (f'<svg class="ns-line" width="46" height="14" aria-hidden="true">'
                f'<line x1="2" y1="7" x2="44" y2="7" stroke="{self.color}" '
                f'stroke-width="{self.width}"{dash}/></svg>')


#: Ecomap convention: strong = thick solid, normal = plain, weak = dashed, stressful = red.
#: vis-network cannot draw the zig-zag of a stressful line, so it is red, finely dashed and
#: labelled (``edge.stressful``): different from a weak line in colour, dash and words.
STRENGTH_STYLES: dict[Strength, LineStyle] = {
    Strength.STRONG: LineStyle(5, False, "#333333"),
    Strength.NORMAL: LineStyle(2, False, "#555555"),
    Strength.WEAK: LineStyle(1.5, (8, 6), "#777777"),
    Strength.STRESSFUL: LineStyle(3, (2, 2), "#D62728"),
}
GENOGRAM_LINE = LineStyle(1.5, False, "#444444")
MISSING_LINE = LineStyle(1.5, (1, 5), "#9A9A9A")


def fade(colour: str, amount: float = 0.75) -> str:
    """Blend a ``#RRGGBB`` colour towards white: how a what-if map shows what would be lost.

    >>> fade("#000000", 0.5)
    '#808080'
    """
    if not colour.startswith("#") or len(colour) != 7:
        return "#EEEEEE"
    channels = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    blended = [round(c + (255 - c) * amount) for c in channels]
    return "#" + "".join(f"{c:02X}" for c in blended)


def _box(style: FamilyStyle, *, shape: str = "box", border_px: float = 1.5,
         dashed: bool = False) -> str:
    radius = {"box": "3px", "ellipse": "50%", "dot": "50%"}[shape]
    dash = "dashed" if dashed else "solid"
    return (f'<span class="ns-swatch" style="background:{style.fill};'
            f'border:{border_px}px {dash} {style.border};border-radius:{radius}"></span>')


def _item(swatch: str, words: str) -> str:
    return f'<li>{swatch}<span>{escape(words)}</span></li>'


def _section(title: str, items: list[str]) -> str:
    if not items:
        return ""
    return f'<h3>{escape(title)}</h3><ul>{"".join(items)}</ul>'


def _family_items(families: Collection[str], lang: str) -> list[str]:
    return [_item(_box(f), f.label(lang)) for f in FAMILY_STYLES if f.code in families]


def ecomap_legend_html(present: Collection[str], lang: str = "ja") -> str:
    """The ecomap legend: only the entries whose code is in ``present``, in a fixed order.

    Codes are family codes (``care``, ``medical`` ...), ``informal``, ``subject``,
    ``deceased``, ``genogram``, ``lead``, ``team``, ``backup``, ``missing``, ``faded`` and
    strength codes. The household and member entries and the note on inactive ties are
    always shown.
    """
    people = [
        _item(_box(HOUSEHOLD_STYLE, shape="dot"), text("legend.household", lang)),
        _item(_box(MEMBER_STYLE), text("legend.member", lang)),
    ]
    if "subject" in present:
        people.append(_item(_box(MEMBER_STYLE, border_px=3.5),
                            f"{MARK_SUBJECT} " + text("legend.subject", lang)))
    if "deceased" in present:
        people.append(_item(_box(DECEASED_STYLE), f"{MARK_DECEASED} "
                            + text("legend.deceased", lang)))
    if "genogram" in present:
        people.append(_item(GENOGRAM_LINE.svg(), text("legend.genogram", lang)))
    if "informal" in present:
        people.append(_item(_box(INFORMAL_STYLE, shape="ellipse"),
                            text("legend.informal", lang)))
    marks = []
    for code in ("lead", "team", "backup"):
        if code in present:
            border = 4 if code == "lead" else 2
            marks.append(_item(_box(FAMILY_BY_CODE["other"], border_px=border),
                               text(f"legend.{code}", lang)))
    if "missing" in present:
        marks.append(_item(_box(MISSING_STYLE, dashed=True), text("legend.missing", lang)))
    if "faded" in present:
        marks.append(_item(_box(FamilyStyle("faded", "#F4F4F4", "#D0D0D0")),
                           text("legend.faded", lang)))
    lines = [_item(style.svg(), strength.label(lang)
                   + ("（" + text("edge.stressful", lang) + "）"
                      if strength is Strength.STRESSFUL and lang == "ja" else ""))
             for strength, style in STRENGTH_STYLES.items()]
    if "missing" in present:
        lines.append(_item(MISSING_LINE.svg(), text("legend.missing_line", lang)))
    return (f'<section class="ns-legend" aria-label="{escape(text("legend", lang))}">'
            f'<h2>{escape(text("legend", lang))}</h2>'
            + _section(text("legend.people", lang), people)
            + _section(text("legend.nodes", lang), _family_items(present, lang))
            + _section(text("legend.marks", lang), marks)
            + _section(text("legend.lines", lang), lines)
            + f'<p class="ns-note">{escape(text("legend.inactive", lang))}</p></section>')


def agency_legend_html(present: Collection[str], lang: str = "ja") -> str:
    """The agency-map legend: kind families in ``present``, size, sole support, highlight."""
    marks = [_item('<span class="ns-swatch ns-dots"><i></i><i></i></span>',
                   text("legend.size_broker", lang))]
    if "sole" in present:
        marks.append(_item(_box(FamilyStyle("sole", "#FFFFFF", "#C0392B"), shape="dot",
                                border_px=3), text("legend.sole", lang)))
    if "highlight" in present:
        marks.append(_item(_box(FamilyStyle("hl", "#FFFFFF", "#111111"), shape="dot",
                                border_px=4), text("legend.highlight", lang)))
    lines = [_item(LineStyle(1, False, "#999999").svg() + LineStyle(5, False, "#999999").svg(),
                   text("legend.edge_weight", lang))]
    return (f'<section class="ns-legend" aria-label="{escape(text("legend", lang))}">'
            f'<h2>{escape(text("legend", lang))}</h2>'
            + _section(text("legend.nodes", lang), _family_items(present, lang))
            + _section(text("legend.marks", lang), marks)
            + _section(text("legend.agency_lines", lang), lines)
            + "</section>")


def role_word(role: Role, lang: str = "ja") -> str:
    """A role with its mark, e.g. ``★ 主担当``."""
    mark = {Role.LEAD: MARK_LEAD, Role.TEAM: MARK_TEAM, Role.BACKUP: MARK_BACKUP}.get(role, "")
    return f"{mark} {role.label(lang)}".strip()
