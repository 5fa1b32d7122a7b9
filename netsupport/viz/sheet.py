"""The printable case-conference sheet: one household on one landscape page, as HTML.

The sheet is what the agencies around a household look at together in a case conference
(ケース会議): the ecomap beside the findings (risk and its factors, gaps, strategy, the lead
decision, the proposed mini support team), the members, the recent support history, and an
empty table for the roles agreed at the meeting, to fill in by hand. ``@page`` sets A3
landscape (or A4 landscape for the A4 variant); the sheet is laid out at the A3 width and
its one script (:data:`FIT_JS`) zooms it to fit one page of the paper, however long the
household's tables are. The map in it is drawn with three canvas pixels per CSS pixel, so
that it stays sharp on paper.

Every word of data is escaped with :func:`html.escape`; the ecomap (a whole page already
escaped by :mod:`netsupport.viz`) sits in an ``<iframe srcdoc>``, escaped once more as an
attribute value. The sheet's one script reads no data: it measures the page and zooms it.

The pseudonymised variant (``names`` built with ``pseudonymise=True`` and the pseudonymised
ecomap) carries no names of people and no ids: people by relation, the household as
「対象世帯」, and no free-text notes.

Agencies are named by consent, in both variants. Outside a support meeting (支援会議:
社会福祉法 第106条の6, 生活困窮者自立支援法 第9条) the household's information may go to an
agency, and an agency be named as one of its supports, only with the household's consent: an
agency without it (no, or unknown) appears as its kind only, everywhere on the sheet -- the
tables, the team, the lead, the handover path, the history (whose notes by such an agency
are left out, and in whose other notes its name is replaced by its kind) and the ecomap. In a
support meeting every agency is named: its members share the case under a duty of
confidentiality. The heading says which applies. The sheet names agencies as
:func:`sheet_disclosure` says; draw the ecomap with the same ``disclose``.

Examples
--------
>>> from datetime import date
>>> from netsupport.example import seed_example, HOUSEHOLD_ID
>>> from netsupport.queries import household_view
>>> from netsupport.rules import load_rules
>>> from netsupport.storage import open_store
>>> store = open_store("sqlite:///:memory:")
>>> store.load(seed_example())
>>> view = household_view(store, HOUSEHOLD_ID, load_rules(), date(2026, 11, 1))
>>> names = Names(view.network, {}, "ja", pseudonymise=True)
>>> page = case_conference_sheet(view, names, "<p>map</p>", lang="ja")
>>> "size: A3 landscape" in page and HOUSEHOLD_ID not in page
True
>>> "同意のある機関のみ実名" in page
True
>>> meeting = case_conference_sheet(view, names, "<p>map</p>", support_meeting=True)
>>> "支援会議（社会福祉法第106条の6" in meeting
True
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from datetime import date
from html import escape

import pandas as pd

from ..i18n import t
from ..model import Bundle
from ..queries import HouseholdView
from ..sharing import disclosed_agencies
from . import tables
from .naming import Names

__all__ = ["case_conference_sheet", "sheet_disclosure", "SHEET_CSS", "ROLE_ROWS",
           "HISTORY_ROWS", "PAPERS", "FIT_JS", "SHEET_MIN_LABEL_PX"]

ROLE_ROWS = 5  # empty rows for the roles agreed at the conference
HISTORY_ROWS = 12  # most recent entries of the support history
#: The smallest label of the sheet's ecomap, in CSS pixels (the map's labels grow to it, as
#: in projector mode): 10 px is 2.6 mm, 7.5 pt on A3. Fitted without it the map's labels
#: were 4 to 7 px, about 1.5 mm on paper, unreadable at the table.
SHEET_MIN_LABEL_PX = 10

#: The paper sizes of the sheet: the page (landscape), and its printable width and height
#: in mm inside the 10 mm margins.
PAPERS = {"A3": ("A3 landscape", 400, 277), "A4": ("A4 landscape", 277, 190)}
#: The width the sheet is laid out at (the A3 printable width), whatever the paper: a
#: smaller paper gets the same sheet, zoomed down (FIT_JS).
LAYOUT_WIDTH_MM = 400

#: Zoom the sheet so that it fits one page: the printable width and height (mm) are on the
#: sheet's element. Run on load and again before printing (fonts and the map's frame are
#: laid out by then); the zoom never enlarges.
FIT_JS = """(function () {
  function fit() {
    var sheet = document.getElementById("sheet");
    if (!sheet) { return; }
    var mm = 96 / 25.4 * 0.96;  // 4 % to spare: print rounds lines and borders up
    sheet.style.zoom = "1";
    var zoom = Math.min(1, sheet.dataset.widthMm * mm / sheet.scrollWidth,
                        sheet.dataset.heightMm * mm / sheet.scrollHeight);
    sheet.style.zoom = String(Math.floor(zoom * 1000) / 1000);
  }
  fit();
  window.addEventListener("load", fit);
  window.addEventListener("beforeprint", fit);
})();"""

SHEET_CSS = """
@page { size: A3 landscape; margin: 10mm; }
* { box-sizing: border-box; }
#sheet { width: 400mm; }
body { margin: 0; color: #222; font-size: 9pt; line-height: 1.3;
  font-family: "BIZ UDPGothic", Meiryo, "Yu Gothic", "Hiragino Sans", "Noto Sans CJK JP",
  sans-serif; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
header { display: flex; align-items: baseline; gap: 8mm; border-bottom: 2px solid #2E6DA4;
  padding-bottom: 1.5mm; margin-bottom: 2mm; }
header h1 { font-size: 15pt; margin: 0; }
header .who { font-size: 11pt; }
header .basis { font-size: 8.5pt; color: #444; }
header .mark { margin-left: auto; color: #B03A2E; font-weight: bold; border: 1.5px solid;
  padding: 0 3mm; }
.grid { display: grid; grid-template-columns: minmax(0, 6fr) minmax(0, 4fr); gap: 4mm; }
.grid > section > div:first-child h2 { margin-top: 0; }
.map iframe { width: 100%; height: 176mm; border: 1px solid #bbb; }
h2 { font-size: 10pt; margin: 2mm 0 0.8mm; padding-left: 2mm; border-left: 4px solid #2E6DA4; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: 0.5mm 1.2mm; text-align: left; vertical-align: top; }
th { background: #EEF3F8; font-weight: bold; }
td.num { text-align: right; white-space: nowrap; }
.score { font-size: 13pt; font-weight: bold; }
.level-high { color: #B03A2E; } .level-medium { color: #B9770E; }
p { margin: 0.8mm 0; }
.why { color: #444; font-size: 8.5pt; margin: 0.5mm 0 0; }
.lower { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 4fr) minmax(0, 3fr);
  gap: 4mm; margin-top: 2mm; }
.roles td { height: 7mm; }
.next { margin-top: 2mm; }
ul { margin: 0.5mm 0; padding-left: 5mm; }
.grid, .lower > div, section > div { break-inside: avoid; }
"""


def sheet_disclosure(view: HouseholdView, names: Names, *,
                     support_meeting: bool) -> frozenset[str]:
    """The agencies the sheet names in full; draw its ecomap with ``disclose`` set to this.

    In a support meeting, every agency ``names`` knows (the network's, and the city's it
    was told of: a recommended lead, a proposed team member); otherwise those with the
    household's consent on a tie active on the day of the analysis
    (:func:`netsupport.sharing.disclosed_agencies`).
    """
    if support_meeting:
        return names.agency_ids
    return disclosed_agencies(view.network, view.report.household_id, support_meeting=False,
                              as_of=view.report.as_of)


def case_conference_sheet(view: HouseholdView, names: Names, ecomap_page: str, *,
                          lang: str = "ja", printed_on: date | None = None,
                          support_meeting: bool = False, paper: str = "A3") -> str:
    """The case-conference sheet of one household, as a whole HTML page.

    Parameters
    ----------
    view : HouseholdView
        The household's network and analysis (:func:`netsupport.queries.household_view`).
    names : Names
        How ids are named: pass ``Names(..., pseudonymise=True)`` for the shared variant.
        Whatever its ``disclose``, the sheet names agencies as :func:`sheet_disclosure` says.
    ecomap_page : str
        The household's ecomap page (:func:`netsupport.viz.ecomap_html`, pseudonymised for
        the shared variant), drawn with ``disclose=sheet_disclosure(view, names,
        support_meeting=support_meeting)``.
    lang : str
    printed_on : date, optional
        The day printed in the heading (default today).
    support_meeting : bool
        The sheet is for a support meeting (支援会議), whose members may share the case
        without consent: every agency is named. Otherwise (default) only the agencies with
        the household's consent are; the others appear as their kind.
    paper : str
        ``"A3"`` (default) or ``"A4"``, landscape: the sheet is laid out for A3 and zoomed
        to fit one page of the paper (:data:`FIT_JS`), whatever the household holds.
    """
    size, width_mm, height_mm = PAPERS[paper]
    report = view.report
    hid = report.household_id
    household = report.facts.household
    names = names.disclosing(sheet_disclosure(view, names, support_meeting=support_meeting))
    hidden = names.pseudonymise
    basis = t("sharing.basis.support_meeting" if support_meeting else "sharing.basis.consent",
              lang)
    title = t("ui.sheet.title", lang)
    who = names.of(hid) if hidden else f"{t('summary.household', lang)} {hid}"
    mark = t("ui.sheet.pseudonymised" if hidden else "ui.sheet.confidential", lang)
    day = (printed_on or date.today()).isoformat()
    heading = (
        f"<header><h1>{_e(title)}</h1>"
        f"<span class='who'>{_e(who)}・{_e(household.ward)}"
        f"</span><span>{_e(t('summary.as_of', lang))} {_e(report.as_of.isoformat())}・"
        f"{_e(t('ui.sheet.printed_on', lang))} {_e(day)}</span>"
        f"<span class='basis'>{_e(basis)}</span>"
        f"<span class='mark'>{_e(mark)}</span></header>")
    ecomap = (f"<section class='map'><iframe title='{_e(t('ui.case.ecomap', lang))}' "
              f"srcdoc=\"{escape(_legend_beside(ecomap_page), quote=True)}\"></iframe>"
              f"</section>")
    team = tables.team_table(report, names, lang)
    findings = "".join([
        _situation(view, lang),
        _risk(view, lang),
        _section(t("summary.gaps", lang),
                 _table(tables.gap_table(report, lang)) if report.gaps
                 else _p(t("summary.no_gaps", lang))),
        _section(t("summary.strategy", lang),
                 f"<p><b>{_e(report.strategy.label(lang))}</b></p>"
                 f"<p class='why'>{_e(report.strategy.explanation(lang))}</p>"),
        _lead(view, names, lang),
        _section(t("summary.team", lang), _table(team)),
    ])
    history = tables.timeline(_shareable_notes(view.network, names), hid, names, lang,
                              notes=not hidden, as_of=report.as_of)
    members = tables.members(view.network, hid, report.as_of, names, lang)
    if hidden:
        members = members.drop(columns=[t("ui.col.name", lang)], errors="ignore")
    lower = (
        "<div class='lower'>"
        + _section(t("ui.case.members", lang), _table(members))
        + _section(t("ui.sheet.history", lang, n=HISTORY_ROWS),
                   _table(history.head(HISTORY_ROWS)) if not history.empty
                   else _p(t("summary.none", lang)))
        + _section(t("ui.sheet.roles", lang), _roles_table(lang)
                   + f"<p class='next'>{_e(t('ui.sheet.next_meeting', lang))}</p>")
        + "</div>")
    return (
        f"<!DOCTYPE html><html lang='{_e(lang)}'><head><meta charset='utf-8'>"
        f"<meta name='referrer' content='no-referrer'>"
        f"<title>{_e(title)} {_e(who)} {_e(report.as_of.isoformat())}</title>"
        f"<style>{SHEET_CSS.replace('A3 landscape', size)}</style></head><body>"
        f"<div id='sheet' data-width-mm='{width_mm}' data-height-mm='{height_mm}'>{heading}"
        f"<div class='grid'>{ecomap}<section>{findings}</section></div>{lower}</div>"
        f"<script>{FIT_JS}</script></body></html>")


def _shareable_notes(network: Bundle, names: Names) -> Bundle:
    """The network with the notes the sheet may show: none written by an agency it names by
    kind, and in the others each such agency's name replaced by its kind (longest first, so
    that a name inside another is not half replaced).

    Free text can name anyone; this catches the names as recorded, not every spelling staff
    use. The pseudonymised sheet shows no notes at all.
    """
    hidden = sorted((a for a in network.agencies if not names.is_disclosed(a.agency_id)),
                    key=lambda a: -len(a.name))
    if not hidden:
        return network
    events = []
    for e in network.events:
        note = e.note
        if e.agency_id is not None and not names.is_disclosed(e.agency_id):
            note = None
        if note:
            for agency in hidden:
                note = note.replace(agency.name, names.of(agency.agency_id))
        events.append(dataclasses.replace(e, note=note))
    return dataclasses.replace(network, events=events)


#: Printed, the ecomap page puts its legend under the map; in the sheet's frame that would
#: be cut off, so the sheet keeps it beside the map, as on screen.
_LEGEND_BESIDE = ("<style>@media print { .ns-body { display: flex !important; } "
                  ".ns-legend { margin-top: 0 !important; } }</style>")


def _legend_beside(page: str) -> str:
    head_end = page.find("</head>")
    return page if head_end < 0 else page[:head_end] + _LEGEND_BESIDE + page[head_end:]


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _p(text: str) -> str:
    return f"<p>{_e(text)}</p>"


def _section(title: str, body: str) -> str:
    return f"<div><h2>{_e(title)}</h2>{body}</div>"


def _table(frame: pd.DataFrame, numeric: Iterable[str] = ()) -> str:
    if frame.empty:
        return ""
    numeric = set(numeric)
    head = "".join(f"<th>{_e(c)}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(
            f"<td{' class=num' if c in numeric else ''}>{_e('' if pd.isna(v) else v)}</td>"
            for c, v in zip(frame.columns, row, strict=True)) + "</tr>"
        for row in frame.itertuples(index=False))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _rows(pairs: Sequence[tuple[str, str]]) -> str:
    return "<table>" + "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>"
                               for k, v in pairs) + "</table>"


def _situation(view: HouseholdView, lang: str) -> str:
    report = view.report
    h = report.facts.household
    return _section(t("ui.case.situation", lang), _rows([
        (t("ui.col.status", lang), h.status.label(lang)),
        (t("ui.col.stage", lang), tables.stage_label(h.stage, lang)),
        (t("summary.is_8050", lang), report.screening.label(lang)),
        (t("summary.isolation", lang),
         f"{report.isolation.label(lang)}（{report.isolation.explanation(lang)}）"),
    ]))


def _risk(view: HouseholdView, lang: str) -> str:
    risk = view.report.risk
    level = t(risk.level_label_key, lang)
    score = (f"<p><span class='score level-{_e(risk.level)}'>"
             f"{_e(t('summary.points', lang, points=risk.score))}</span>"
             f"（{_e(t('summary.risk_level', lang))} {_e(level)}）</p>")
    factors = tables.risk_factors(view.report, lang)
    return _section(t("summary.risk", lang),
                    score + _table(factors, numeric=[t("ui.col.points", lang)]))


def _lead(view: HouseholdView, names: Names, lang: str) -> str:
    lead = view.report.lead
    pairs = [(t("summary.action", lang), t(lead.action_label_key, lang)),
             (t("summary.current_lead", lang), names.of(lead.current)),
             (t("summary.recommended_lead", lang), names.of(lead.recommended))]
    if lead.reasons:
        pairs.append((t("summary.reasons", lang), "、".join(r.label(lang) for r in lead.reasons)))
    if lead.action == "handover":
        pairs.append((t("lead.bridge", lang), names.path(lead.bridge) if lead.bridge
                      else t("lead.no_bridge", lang)))
    return _section(t("summary.lead", lang), _rows(pairs))


def _roles_table(lang: str) -> str:
    head = "".join(f"<th>{_e(t(k, lang))}</th>"
                   for k in ("ui.col.agency", "ui.sheet.role_next_step", "ui.sheet.by_when"))
    rows = "<tr><td></td><td></td><td></td></tr>" * ROLE_ROWS
    return f"<table class='roles'><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
