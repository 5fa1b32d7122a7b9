"""The ecomap of one household, drawn the way social workers draw it at a case conference.

The household is a circle in the centre with its members inside as a small genogram
(parents above, the subject and siblings below, joined by family lines). The agencies and
informal contacts with an active tie sit around it on a ring, grouped and coloured by kind
family (:data:`~netsupport.viz.legend.FAMILY_STYLES`). Lines follow the ecomap convention
(:data:`~netsupport.viz.legend.STRENGTH_STYLES`) with an arrow from the supporter to the
household or member it supports. The lead, team and backup agencies carry marks; open gaps
are dashed "missing" boxes on the ring, next to the kinds that would fill them.

Choices a reader of the map should know:

- Ties that are not active on ``as_of`` (ended, or not yet started) are **not drawn**, and
  neither is a party whose only ties are inactive, unless it is the lead, in the team or a
  backup. The legend says so. A what-if map uses ``faded_ids`` / ``faded_ties`` instead.
- Membership is shown by being inside the circle; the graph's ``member`` edges are not
  drawn. Collaboration ties between agencies belong to the agency map, not here.
- Positions are computed here, deterministically, and vis-network physics is off: the map
  appears at once and looks the same every time.
- The page is self-contained and escapes all user text (:mod:`netsupport.viz.offline`).
- ``disclose`` names agencies by consent (:func:`netsupport.sharing.disclosed_agencies`):
  an agency outside it is drawn by its kind only, with neither its name nor its id anywhere
  in the page, and the heading says so.

Examples
--------
>>> from datetime import date
>>> from netsupport.graph import to_graph
>>> from netsupport.model import Bundle, Household, Person, Relation
>>> g = to_graph(Bundle(households=[Household("H1", "北区")],
...                     people=[Person("P1", Relation.SUBJECT, household_id="H1")]))
>>> page = ecomap_html(g, "H1", as_of=date(2026, 11, 1), lead_id=None)
>>> "本人" in page and "2026-11-01" in page
True
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any

import networkx as nx

from ..errors import NotFoundError
from ..graph import MEMBER
from ..i18n import TEXTS, t
from ..model import (
    PARENT_RELATIONS,
    Agency,
    AgencyKind,
    Household,
    Person,
    Relation,
    Role,
    Strength,
    Tie,
    TieKey,
    TieKind,
    bool_label,
)
from ..sharing import age_words, when_words
from .legend import (
    DECEASED_STYLE,
    FAMILY_BY_CODE,
    FONT_FACE,
    GENOGRAM_LINE,
    HOUSEHOLD_STYLE,
    INFORMAL_STYLE,
    KIND_FAMILY,
    MARK_DECEASED,
    MARK_SUBJECT,
    MEMBER_STYLE,
    MISSING_LINE,
    MISSING_STYLE,
    STRENGTH_STYLES,
    FamilyStyle,
    LineStyle,
    ecomap_legend_html,
    fade,
    role_word,
    text,
)
from .offline import network_page

__all__ = ["MissingSupport", "ecomap_html", "is_active", "wrap_label", "short_kind_label",
           "RING_ORDER"]

#: Ring groups, clockwise from the top: the families, with informal contacts beside the
#: community watch they belong with.
RING_ORDER: tuple[str, ...] = (
    "mental_health", "care", "medical", "welfare", "community", "informal", "participation",
    "other",
)
_KIND_ORDER = {kind: i for i, kind in enumerate(AgencyKind)}
_GENERATION = {
    Relation.GRANDPARENT: -2, Relation.FATHER: -1, Relation.PARENT: -1, Relation.MOTHER: -1,
    Relation.SUBJECT: 0, Relation.SIBLING: 0, Relation.SPOUSE: 0, Relation.OTHER_FAMILY: 0,
    Relation.CHILD: 1,
}
_ROW_ORDER = {r: i for i, r in enumerate((
    Relation.FATHER, Relation.PARENT, Relation.MOTHER, Relation.GRANDPARENT,
    Relation.SIBLING, Relation.SUBJECT, Relation.SPOUSE, Relation.OTHER_FAMILY, Relation.CHILD))}
_SIBSHIP = frozenset({Relation.SUBJECT, Relation.SIBLING})

MEMBER_DX, MEMBER_DY = 150.0, 105.0  # genogram spacing
SLOT_PX = 205.0  # room per party along the top of the ring
RING_ASPECT = 1.45  # the ring is an ellipse, wider than tall, like the boxes on it
STAGGER_FROM = 11  # slots from which every other party moves to an outer ellipse
STAGGER_DX, STAGGER_DY = 170.0, 110.0


@dataclass(frozen=True, slots=True)
class MissingSupport:
    """An open gap drawn as a dashed "missing" box, e.g. ``ケアマネジャー未接続``.

    ``code`` is the gap code (``care_manager``); ``label`` the words shown; ``kinds`` the
    agency kinds that would close it (they place the box next to its family on the ring).
    """

    code: str
    label: str
    kinds: tuple[AgencyKind, ...] = ()


def is_active(tie: Tie, as_of: date) -> bool:
    """A tie is active when it started on or before ``as_of`` and has not ended before it."""
    return tie.active_on(as_of)


#: Characters that Japanese typesetting never puts at the start of a line (kinsoku).
_NO_LINE_START = frozenset(
    "ーァィゥェォッャュョヮぁぃぅぇぉっゃゅょゎ"
    "、。，．・：；？！）」』】〕〉》ゝゞヽヾ々"
)


def _columns(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def wrap_label(words: str, columns: int = 20) -> str:
    r"""Break a label into balanced lines of at most ``columns`` display columns (a kanji
    counts two): Japanese has no spaces to break at, and vis-network breaks only at spaces.

    >>> wrap_label("訪問看護ステーションあおば", 22)
    '訪問看護ステー\nションあおば'
    """
    words = " ".join(words.split())
    total = sum(_columns(ch) for ch in words)
    if total <= columns:
        return words
    lines_needed = math.ceil(total / columns)
    target = math.ceil(total / lines_needed)
    lines, line, width = [], "", 0
    for ch in words:
        w = _columns(ch)
        if (width + w > target and line and len(lines) < lines_needed - 1
                and ch not in _NO_LINE_START):
            lines.append(line.rstrip())
            line, width = "", 0
            if ch == " ":
                continue
        line += ch
        width += w
    lines.append(line)
    return "\n".join(lines)


def short_kind_label(kind: AgencyKind, lang: str = "ja") -> str:
    """The kind label without its bracketed gloss, and cut at the first ``・`` when the
    part before it can stand alone (``ひきこもり支援室・…`` → ``ひきこもり支援室``).

    >>> short_kind_label(AgencyKind.CARE_MANAGER)
    'ケアマネジャー'
    >>> short_kind_label(AgencyKind.PARENTS_ASSOCIATION)
    '不登校・ひきこもりの親の会'

    A kind whose first part names one agency of it (ハローワーク for a 若者サポートステーション)
    has its own short label in the translation table (``kind.short.<code>``):

    >>> short_kind_label(AgencyKind.EMPLOYMENT_SUPPORT)
    '就労支援'
    """
    own = f"kind.short.{kind.value}"
    if own in TEXTS:
        return t(own, lang)
    label = kind.label(lang).split(" (")[0]
    head = label.split("・")[0]
    return head if len(label) > 12 and len(head) >= 4 else label


@dataclass(slots=True)
class _Party:
    """A node around the household: an agency, an informal contact, or a missing support."""

    node_id: str | None  # graph id; None for a missing support
    family: str
    order: tuple
    missing: MissingSupport | None = None


def ecomap_html(
    graph: nx.MultiDiGraph,
    household_id: str,
    *,
    as_of: date,
    lead_id: str | None,
    team_ids: Sequence[str] = (),
    backup_ids: Sequence[str] = (),
    missing: Sequence[MissingSupport] = (),
    faded_ids: Sequence[str] = (),
    faded_ties: Collection[TieKey] = (),
    lang: str = "ja",
    pseudonymise: bool = False,
    disclose: Collection[str] | None = None,
    height_px: int = 640,
) -> str:
    """Draw a household's ecomap as one self-contained HTML page.

    Parameters
    ----------
    graph : nx.MultiDiGraph
        The network, as :func:`netsupport.graph.to_graph` builds it (the household's
        neighbourhood is enough).
    household_id : str
        The household in the centre.
    as_of : date
        The date of the map: only ties active on it are drawn; members' ages are counted
        from it; it is printed in the heading.
    lead_id, team_ids, backup_ids : str or None, sequence of str
        Agencies to mark ★ lead, ◆ team and ◇ backup (from the lead and team analysis). They
        are drawn even without an active tie.
    missing : sequence of MissingSupport
        Open gaps, drawn as dashed boxes joined to the household by a dotted line.
    faded_ids, faded_ties : sequence of str, collection of TieKey
        Nodes (with all their lines), and single ties, drawn faded: the what-if view of
        ties that would be lost.
    lang : str
        ``"ja"`` (default) or ``"en"``.
    pseudonymise : bool
        Show no display names or ids: only relations, and the kinds of agencies (unless
        ``disclose`` names them).
    disclose : collection of str, optional
        The agencies that may be shown in full; every other agency is drawn by its kind
        only (no name, no id, in labels, tooltips and data alike), whether or not the map is
        pseudonymised. ``None`` (default): all by name, or all by kind when pseudonymised.
    height_px : int
        Height of the drawing area.

    Returns
    -------
    str
        The HTML page (see :func:`netsupport.viz.offline.network_page`).

    Raises
    ------
    NotFoundError
        If the household, the lead, a team or a backup id is not in the graph.
    """
    household = _record(graph, household_id, Household)
    for marked in (lead_id, *team_ids, *backup_ids):
        if marked is not None and marked not in graph:
            raise NotFoundError(f"agency {marked!r} is not in the graph of the ecomap")
    members = sorted(
        (graph.nodes[p]["record"] for _, p, k in graph.out_edges(household_id, keys=True)
         if k == MEMBER and isinstance(graph.nodes[p].get("record"), Person)),
        key=lambda p: (_ROW_ORDER.get(p.relation, 99), p.birth_year or 9999, p.person_id))
    inner = {household_id} | {m.person_id for m in members}
    ties = _active_ties(graph, inner, as_of)
    roles = _roles(lead_id, team_ids, backup_ids)
    disclosed = None if disclose is None else frozenset(disclose)
    parties = _parties(graph, inner, ties, roles, missing, disclosed)
    faded = set(faded_ids)
    kind_only = False  # an agency drawn by its kind for want of consent: the heading says so

    def named(node_id: str) -> bool:
        """Whether an agency (or unknown id) on the ring may show its name and id."""
        return not pseudonymise if disclosed is None else node_id in disclosed

    # vis-network ids are made up ("n0", "n1" ...): a pseudonymised page holds no record id,
    # and a helper node ("port", "junction") can never collide with a record id.
    vis_ids: dict[tuple[str, str], str] = {}
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    present: set[str] = set()
    if faded & (inner | {p.node_id for p in parties.values()}) or any(
            t.key in faded_ties for t in ties):
        present.add("faded")

    def vis_id(key: str, role: str = "node") -> str:
        return vis_ids.setdefault((role, key), f"n{len(vis_ids)}")

    member_pos = _genogram_positions(members)
    radius = max([120.0] + [math.hypot(x, y) + 85.0 for x, y in member_pos.values()])
    nodes.append(_household_node(vis_id(household_id), household, radius, lang, pseudonymise,
                                 household_id in faded))
    _add_genogram(members, member_pos, nodes, edges, vis_id, present)
    for m in members:
        nodes.append(_member_node(vis_id(m.person_id), m, member_pos[m.person_id], as_of, lang,
                                  pseudonymise, m.person_id in faded, present))

    for (key, x, y) in _ring_positions(parties, radius):
        party = parties[key]
        # Lines to the household end on its circle, at a point facing the party:
        # vis-network would draw them to its centre, through the family.
        distance = math.hypot(x, y) or 1.0
        port = vis_id(":".join(key), "port")
        nodes.append({"id": port, "x": round(x * radius / distance, 1),
                      "y": round(y * radius / distance, 1), "shape": "dot", "size": 1,
                      "color": {"background": "rgba(0,0,0,0)", "border": "rgba(0,0,0,0)"},
                      "chosen": False, "fixed": True, "label": "", "ns": {"type": "port"}})
        if party.missing is not None:
            present.add("missing")
            nid = vis_id(key[1], "missing")
            nodes.append(_missing_node(nid, party.missing, x, y, lang))
            edges.append(_line(nid, port, MISSING_LINE, arrow=False,
                               meta={"type": "missing", "code": party.missing.code}))
            continue
        present.add(party.family)
        node_id = party.node_id
        assert node_id is not None
        role = roles.get(node_id, Role.NONE)
        if role is not Role.NONE:
            present.add(role.value)
        nodes.append(_party_node(vis_id(node_id), graph, node_id, party.family, role, x, y,
                                 lang, pseudonymise, named(node_id), node_id in faded))
        if (disclosed is not None and node_id not in disclosed
                and isinstance(graph.nodes[node_id].get("record"), Agency)):
            kind_only = True

    for tie in ties:
        family_tie = tie.source_id in inner and tie.target_id in inner
        if family_tie:
            src, dst = tie.source_id, tie.target_id
        else:  # drawn from the supporter to the household side, whichever way it was stored
            src, dst = ((tie.target_id, tie.source_id) if tie.source_id in inner
                        else (tie.source_id, tie.target_id))
        is_faded = src in faded or dst in faded or tie.key in faded_ties
        present.add(tie.strength.value)
        to_circle = dst == household_id and not family_tie
        end = vis_id(f"node:{src}", "port") if to_circle else vis_id(dst)
        edges.append(_tie_edge(vis_id(src), end, tie, family_tie, is_faded, lang,
                               as_of if pseudonymise else None))

    title = text("title.ecomap", lang)
    subject_words = _household_words(household, lang, pseudonymise)
    heading = (f'<header class="ns-head"><h1>{escape(title)}</h1>'
               f'<span class="ns-sub">{escape(subject_words)}</span>'
               + (f'<span class="ns-sub">{escape(t("sharing.ecomap.kind_only", lang))}</span>'
                  if kind_only else "") +
               f'<span class="ns-date">{escape(text("as_of", lang))} '
               f'{escape(as_of.isoformat())}</span></header>')
    return network_page(
        title=f"{title} {subject_words} {as_of.isoformat()}", heading_html=heading,
        legend_html=ecomap_legend_html(present, lang), nodes=nodes, edges=edges,
        options=_options(), height_px=height_px, lang=lang, noscript=text("noscript", lang))


def _record(graph: nx.MultiDiGraph, node_id: str, cls: type) -> Any:
    if node_id not in graph or not isinstance(graph.nodes[node_id].get("record"), cls):
        raise NotFoundError(f"{cls.__name__.lower()} {node_id!r} is not in the graph")
    return graph.nodes[node_id]["record"]


def _active_ties(graph: nx.MultiDiGraph, inner: set[str], as_of: date) -> list[Tie]:
    seen: dict[TieKey, Tie] = {}
    for node in sorted(inner):
        for edges in (graph.out_edges(node, data="tie"), graph.in_edges(node, data="tie")):
            for _, _, tie in edges:
                if isinstance(tie, Tie) and tie.kind is not TieKind.COLLABORATION \
                        and is_active(tie, as_of):
                    seen.setdefault(tie.key, tie)
    return sorted(seen.values(), key=lambda t: (t.source_id, t.target_id, t.kind.value,
                                                t.since or date.min))


def _roles(lead_id: str | None, team_ids: Sequence[str],
           backup_ids: Sequence[str]) -> dict[str, Role]:
    roles = {a: Role.BACKUP for a in backup_ids}
    roles.update({a: Role.TEAM for a in team_ids})
    if lead_id is not None:
        roles[lead_id] = Role.LEAD
    return roles


def _parties(graph: nx.MultiDiGraph, inner: set[str], ties: list[Tie],
             roles: dict[str, Role], missing: Sequence[MissingSupport],
             disclose: Collection[str] | None) -> dict[tuple[str, str], _Party]:
    ids = {end for t in ties for end in (t.source_id, t.target_id) if end not in inner}
    ids |= set(roles) - inner
    parties: dict[tuple[str, str], _Party] = {}  # ("node", id) or ("missing", index)
    for node_id in ids:
        record = graph.nodes[node_id].get("record")
        if isinstance(record, Agency):
            family = KIND_FAMILY[record.kind]
            # An undisclosed name must not even order the ring.
            name = record.name if disclose is None or node_id in disclose else ""
            order = (0, _KIND_ORDER[record.kind], name, node_id)
        elif isinstance(record, Person):
            family, order = "informal", (0, 0, record.relation.value, node_id)
        else:
            family, order = "other", (0, 99, "", node_id)
        parties[("node", node_id)] = _Party(node_id, family, order)
    for i, gap in enumerate(missing):
        family = KIND_FAMILY[gap.kinds[0]] if gap.kinds else "other"
        parties[("missing", str(i))] = _Party(None, family, (1, i, gap.code, ""), gap)
    return parties


def _ring_positions(parties: dict[tuple[str, str], _Party],
                    inner_radius: float) -> list[tuple[tuple[str, str], float, float]]:
    """Slots on an ellipse, clockwise from the top, one empty slot between families.

    With many parties every other slot moves out to a second ellipse, so that neighbours
    can sit closer in angle without their boxes overlapping, and the map stays legible.
    """
    slots: list[tuple[str, str] | None] = []
    for family in RING_ORDER:
        group = sorted((k for k, p in parties.items() if p.family == family),
                       key=lambda k: parties[k].order)
        if group:
            if slots:
                slots.append(None)
            slots.extend(group)
    if len(slots) > 2:
        slots.append(None)  # also between the last family and the first
    n = max(len(slots), 1)
    staggered = n > STAGGER_FROM
    per_slot = SLOT_PX / 2 if staggered else SLOT_PX
    rx = max(inner_radius * RING_ASPECT + 230.0, per_slot * n / (2 * math.pi))
    ry = max(inner_radius + 150.0, rx / RING_ASPECT)
    placed = []
    for i, key in enumerate(slots):
        if key is None:
            continue
        angle = -math.pi / 2 + 2 * math.pi * i / n
        out = staggered and i % 2 == 1
        ex, ey = (rx + STAGGER_DX, ry + STAGGER_DY) if out else (rx, ry)
        placed.append((key, round(ex * math.cos(angle), 1), round(ey * math.sin(angle), 1)))
    return placed


def _genogram_positions(members: list[Person]) -> dict[str, tuple[float, float]]:
    rows: dict[int, list[Person]] = {}
    for m in members:
        rows.setdefault(_GENERATION.get(m.relation, 0), []).append(m)
    if not rows:
        return {}
    for gen, row in rows.items():
        if gen == 0:
            rows[gen] = _sibship_order(row)
    low, high = min(rows), max(rows)
    positions = {}
    for gen, row in rows.items():
        y = (gen - (low + high) / 2) * MEMBER_DY
        for i, m in enumerate(row):
            positions[m.person_id] = ((i - (len(row) - 1) / 2) * MEMBER_DX, y)
    return positions


def _sibship_order(row: list[Person]) -> list[Person]:
    """Subject and siblings by birth year (eldest left), the spouse beside the subject."""
    sibs = sorted((m for m in row if m.relation in _SIBSHIP),
                  key=lambda m: (m.birth_year or 9999, m.relation is not Relation.SUBJECT,
                                 m.person_id))
    spouses = [m for m in row if m.relation is Relation.SPOUSE]
    others = [m for m in row if m.relation not in _SIBSHIP and m.relation is not Relation.SPOUSE]
    at = next((i + 1 for i, m in enumerate(sibs) if m.relation is Relation.SUBJECT), len(sibs))
    return sibs[:at] + spouses + sibs[at:] + others


def _add_genogram(members: list[Person], pos: dict[str, tuple[float, float]],
                  nodes: list[dict], edges: list[dict], vis_id, present: set[str]) -> None:
    """Couple lines and parent–child lines, through a small junction dot on the couple line."""
    def descent(parents: list[Person], children: list[Person], tag: str) -> None:
        if not parents or not children:
            return
        present.add("genogram")
        if len(parents) >= 2:
            a, b = parents[0], parents[1]
            edges.append(_line(vis_id(a.person_id), vis_id(b.person_id), GENOGRAM_LINE,
                               arrow=False, meta={"type": "genogram"}))
            junction = vis_id(tag, "junction")
            (ax, ay), (bx, by) = pos[a.person_id], pos[b.person_id]
            nodes.append({"id": junction, "x": (ax + bx) / 2, "y": (ay + by) / 2,
                          "shape": "dot", "size": 3, "color": GENOGRAM_LINE.color,
                          "chosen": False, "fixed": True, "label": "",
                          "ns": {"type": "junction"}})
            top = junction
        else:
            top = vis_id(parents[0].person_id)
        for child in children:
            edges.append(_line(top, vis_id(child.person_id), GENOGRAM_LINE, arrow=False,
                               meta={"type": "genogram"}))

    parents = [m for m in members if m.relation in PARENT_RELATIONS]
    descent(parents, [m for m in members if m.relation in _SIBSHIP], "parents")
    subject = [m for m in members if m.relation is Relation.SUBJECT]
    spouses = [m for m in members if m.relation is Relation.SPOUSE]
    if subject and spouses:
        present.add("genogram")
        edges.append(_line(vis_id(subject[0].person_id), vis_id(spouses[0].person_id),
                           GENOGRAM_LINE, arrow=False, meta={"type": "genogram"}))
    descent(subject + spouses[:1], [m for m in members if m.relation is Relation.CHILD],
            "subject")


def _colour(style: FamilyStyle, faded: bool) -> dict[str, Any]:
    fill = fade(style.fill) if faded else style.fill
    border = fade(style.border, 0.6) if faded else style.border
    both = {"background": fill, "border": border}
    return {**both, "highlight": both, "hover": both}


def _font(faded: bool, colour: str = "#222222", size: int = 14) -> dict[str, Any]:
    return {"color": fade(colour, 0.6) if faded else colour, "size": size, "face": FONT_FACE,
            "multi": False}


def _household_words(household: Household, lang: str, pseudonymise: bool) -> str:
    words = text("household", lang)
    if not pseudonymise:
        words += f" {household.household_id}"
    return f"{words}・{household.ward}" if household.ward else words


def _household_node(nid: str, household: Household, radius: float, lang: str,
                    pseudonymise: bool, faded: bool) -> dict[str, Any]:
    return {
        "id": nid, "x": 0, "y": 0, "shape": "dot", "size": round(radius, 1), "fixed": True,
        "label": _household_words(household, lang, pseudonymise),
        "title": _household_words(household, lang, pseudonymise),
        "color": _colour(HOUSEHOLD_STYLE, False), "borderWidth": 3, "chosen": False,
        "font": {**_font(faded, size=16), "vadjust": 4},
        "ns": {"type": "household"},
    }


def _member_node(nid: str, m: Person, xy: tuple[float, float], as_of: date, lang: str,
                 pseudonymise: bool, faded: bool, present: set[str]) -> dict[str, Any]:
    relation = m.relation.label(lang)
    head = relation
    border = 1.5
    style = MEMBER_STYLE
    if m.relation is Relation.SUBJECT:
        head, border = f"{MARK_SUBJECT} {relation}", 4
        present.add("subject")
    if m.deceased:
        head, style = f"{MARK_DECEASED} {head}{text('deceased', lang)}", DECEASED_STYLE
        present.add("deceased")
    facts = []
    if m.birth_year is not None and not m.deceased:  # pseudonymised: the export's band
        facts.append(age_words(m.birth_year, as_of, lang) if pseudonymise
                     else text("age", lang, n=as_of.year - m.birth_year))
    facts.extend(c.label(lang) for c in m.conditions)
    lines, tip = [head], [head]
    if not pseudonymise and m.display_name:
        lines.append(wrap_label(m.display_name, 14))
        tip.append(m.display_name)
    if facts:
        lines.append("・".join(facts))
        tip.append("・".join(facts))
    if m.diagnosis is not None:
        tip.append(f"{text('tooltip.diagnosis', lang)}: {m.diagnosis.label(lang)}")
    node = {
        "id": nid, "x": xy[0], "y": xy[1], "shape": "box", "label": "\n".join(lines),
        "title": "\n".join(tip), "color": _colour(style, faded), "borderWidth": border,
        "borderWidthSelected": border + 1, "margin": 8,
        "font": _font(faded, "#666666" if m.deceased else "#222222"),
        "ns": {"type": "member", "relation": m.relation.value,
               "deceased": bool(m.deceased), "faded": faded},
    }
    if not pseudonymise:
        node["ns"]["ref"] = m.person_id
    return node


def _party_node(nid: str, graph: nx.MultiDiGraph, node_id: str, family: str, role: Role,
                x: float, y: float, lang: str, pseudonymise: bool, named: bool,
                faded: bool) -> dict[str, Any]:
    """A node on the ring. ``named``: an agency (or an unknown id) may show its name and id;
    people are shown by ``pseudonymise`` alone."""
    record = graph.nodes[node_id].get("record")
    lines: list[str] = [role_word(role, lang)] if role is not Role.NONE else []
    tip: list[str] = list(lines)
    meta: dict[str, Any] = {"type": "agency", "family": family, "role": role.value,
                            "faded": faded}
    if isinstance(record, Agency):
        style, shape = FAMILY_BY_CODE[family], "box"
        meta["kind"] = record.kind.value
        if not named:
            lines.append(wrap_label(short_kind_label(record.kind, lang), 26))
        else:
            lines.append(wrap_label(record.name, 26))
            kind_words = short_kind_label(record.kind, lang)
            if kind_words not in record.name:
                lines.append(kind_words)
            tip.append(record.name)
        tip.append(f"{text('tooltip.kind', lang)}: {record.kind.label(lang)}")
        if record.ward:
            tip.append(f"{text('tooltip.ward', lang)}: {record.ward}")
    elif isinstance(record, Person):
        style, shape = INFORMAL_STYLE, "ellipse"
        meta.update(type="informal", relation=record.relation.value)
        lines.append(record.relation.label(lang))
        tip.append(record.relation.label(lang))
        if not pseudonymise and record.display_name:
            lines.append(wrap_label(record.display_name, 14))
            tip.append(record.display_name)
    else:
        style, shape = FAMILY_BY_CODE["other"], "box"
        meta["type"] = "unknown"
        lines.append(text("unknown_node", lang))
        tip.append(text("unknown_node", lang))
        if named and not pseudonymise:
            lines.append(node_id)
    if not pseudonymise and (named or isinstance(record, Person)):
        meta["ref"] = node_id
    border = {Role.LEAD: 5, Role.TEAM: 3, Role.BACKUP: 2}.get(role, 1.5)
    colour = _colour(style, faded)
    if role is Role.LEAD:
        dark = fade("#222222", 0.6) if faded else "#222222"
        colour = {**colour, "border": dark, "highlight": {**colour["highlight"], "border": dark},
                  "hover": {**colour["hover"], "border": dark}}
    return {
        "id": nid, "x": x, "y": y, "shape": shape, "label": "\n".join(lines),
        "title": "\n".join(tip), "color": colour, "borderWidth": border,
        "borderWidthSelected": border + 1, "margin": 9, "font": _font(faded), "ns": meta,
    }


def _missing_node(nid: str, gap: MissingSupport, x: float, y: float,
                  lang: str) -> dict[str, Any]:
    tip = [gap.label]
    if gap.kinds:
        tip.append(f"{text('tooltip.needs', lang)}: "
                   + "、".join(k.label(lang) for k in gap.kinds))
    return {
        "id": nid, "x": x, "y": y, "shape": "box", "label": wrap_label(gap.label, 18),
        "title": "\n".join(tip), "color": _colour(MISSING_STYLE, False), "borderWidth": 2,
        "shapeProperties": {"borderDashes": [6, 4]}, "margin": 9,
        "font": _font(False, "#555555"),
        "ns": {"type": "missing", "code": gap.code, "kinds": [k.value for k in gap.kinds]},
    }


def _line(src: str, dst: str, style: LineStyle, *, arrow: bool,
          meta: dict[str, Any]) -> dict[str, Any]:
    return {
        "from": src, "to": dst, "width": style.width,
        "dashes": list(style.dashes) if style.dashes else False,
        "color": {"color": style.color, "highlight": style.color, "hover": style.color,
                  "inherit": False},
        "arrows": {"to": {"enabled": arrow, "scaleFactor": 0.7}}, "smooth": False,
        "ns": meta,
    }


def _tie_edge(src: str, dst: str, tie: Tie, family_tie: bool, faded: bool,
              lang: str, months_before: date | None = None) -> dict[str, Any]:
    """One tie's line; with ``months_before`` (pseudonymised) its dates as months before."""
    def when(day: date) -> str:
        return when_words(day, months_before, lang) if months_before else day.isoformat()

    style = STRENGTH_STYLES[tie.strength]
    if faded:
        style = LineStyle(style.width, style.dashes or (6, 6), fade(style.color, 0.7))
    edge = _line(src, dst, style, arrow=not family_tie,
                 meta={"type": "tie", "kind": tie.kind.value, "strength": tie.strength.value,
                       "role": tie.role.value, "faded": faded})
    tip = [f"{text('tooltip.strength', lang)}: {tie.strength.label(lang)}",
           tie.kind.label(lang)]
    if tie.role is not Role.NONE:
        tip.append(f"{text('tooltip.role', lang)}: {tie.role.label(lang)}")
    if tie.since:
        tip.append(f"{text('tooltip.since', lang)}: {when(tie.since)}")
    if tie.last_contact:
        tip.append(f"{text('tooltip.last_contact', lang)}: {when(tie.last_contact)}")
    if tie.kind is TieKind.SUPPORT:
        tip.append(f"{text('tooltip.consent', lang)}: {bool_label(tie.consent, lang)}")
    edge["title"] = "\n".join(tip)
    if family_tie:
        edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.35}
    if tie.strength is Strength.STRESSFUL:
        edge["label"] = text("edge.stressful", lang)
        edge["font"] = {"color": style.color, "size": 13, "face": FONT_FACE,
                        "strokeWidth": 4, "strokeColor": "#ffffff", "align": "top"}
    return edge


def _options() -> dict[str, Any]:
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False,
                        "keyboard": False, "multiselect": False},
        "nodes": {"font": {"face": FONT_FACE}},
        "edges": {"smooth": False, "font": {"face": FONT_FACE}},
    }

