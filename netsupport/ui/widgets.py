"""The few pieces of page that more than one page draws.

- :func:`page_heading`: the title, and the day and data version everything is read as of;
- :func:`show_notices`: the messages a callback left (an edit saved, a conflict);
- :func:`empty_store`: the message on an empty store, with a way to the データ page;
- :func:`error_text`: a library error as a message for staff (Japanese first);
- :func:`md_escape` (from :mod:`.safe`): data text made inert inside Markdown;
- :func:`household_label`: how a household picker names a household;
- :func:`streamlit_in_words`: Streamlit's own English (uploader, "No results") in our words;
- :func:`page_of`: which rows of a long table to show (a page picker and "n of N shown");
- :func:`table_downloads`: a whole table as CSV and Excel, built when asked for, audited;
- :func:`counts_table`: a table of counts, its numbers shown with their digits grouped;
- :func:`household_search` and :func:`picker_options`: a household picker kept short at
  city scale (a page's households, the one selected, or a search's matches).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from functools import partial

import pandas as pd
import streamlit as st

from ..errors import (
    BundleError,
    ConflictError,
    EditError,
    NetsupportError,
    NotFoundError,
    StoreError,
    StoreNotEmptyError,
    StoreUnavailableError,
)
from ..i18n import t
from ..search import find
from ..sharing import pseudonym
from . import state
from .resources import Snapshot, household_count, household_words
from .safe import css_string, md_escape, md_t

__all__ = ["page_heading", "show_notices", "empty_store", "error_text", "md_escape",
           "household_label", "streamlit_in_words", "page_of", "table_downloads", "PAGE_ROWS",
           "PICK_CAP", "household_search", "picker_options"]

#: Rows of a long table drawn at once. A city of 80,000 households gives lists of thousands:
#: sending them all to the browser on every rerun cost seconds, and nobody reads them on
#: screen; the whole list is a download away (:func:`table_downloads`).
PAGE_ROWS = 50
#: The most households a picker offers at once (besides the one selected). Every option's
#: label goes to the browser on every rerun: 80,000 of them cost 0.15 s a click and a list
#: nobody scrolls; the others are found with the search box.
PICK_CAP = 200

#: Error classes, most specific first, and the key of the sentence that explains them.
_ERROR_KEYS: tuple[tuple[type[Exception], str], ...] = (
    (ConflictError, "ui.error.conflict"),
    (NotFoundError, "ui.error.not_found"),
    (EditError, "ui.error.edit"),
    (StoreNotEmptyError, "ui.error.not_empty"),
    (StoreUnavailableError, "ui.error.unavailable"),
    (BundleError, "ui.error.bundle"),
    (StoreError, "ui.error.store"),
    (NetsupportError, "ui.error.other"),
)


def error_text(error: Exception, lang: str) -> str:
    """What went wrong, for staff: a sentence of the error's class, then its own detail
    (escaped: it may quote a cell of the bundle, and the text goes to ``st.error``).

    >>> from netsupport.errors import ConflictError
    >>> error_text(ConflictError("data version is 3, expected 2"), "ja").split("（")[0]
    '他の職員が先にデータを更新しました。画面を読み込み直し、内容を確かめてからもう一度操作してください。'
    """
    key = next(k for cls, k in _ERROR_KEYS if isinstance(error, cls)) \
        if isinstance(error, NetsupportError) else "ui.error.other"
    detail = (error.text(lang) if isinstance(error, NetsupportError) else str(error)).strip()
    return t(key, lang) + (md_t("ui.error.detail", lang, detail=detail) if detail else "")


def household_label(wards: Mapping[str, str],
                    pseudonym_key: bytes | None = None) -> Callable[[str], str]:
    """How a household picker shows an id: ``H-00075（垂水区）``; with ``pseudonym_key`` (the
    viewer's picker) the id's keyed pseudonym instead, the one the pseudonymised export
    gives it (:func:`netsupport.sharing.pseudonym`).

    Only facts that an edit cannot change, in words that do not change with the language:
    a choice widget keeps showing the label it was picked under until it is picked again.
    """
    def shown(household: str) -> str:
        return household if pseudonym_key is None else pseudonym("H-", household, pseudonym_key)

    return lambda household: t("ui.household_item", "ja", household=shown(household),
                               ward=wards.get(household, ""))


def counts_table(frame: pd.DataFrame, **kwargs: object) -> None:
    """``st.dataframe`` of a table whose whole-number columns are all counts (a ward's
    households by stage, an agency's leads and capacity), shown with their digits grouped
    as the page's figures are (3,652, not 3652): the browser writes them in its own
    language's way (``format="localized"``). Only for such tables: a birth year is a whole
    number too, and must read 1940. The frame itself keeps its numbers, for a download."""
    grouped = st.column_config.NumberColumn(format="localized")
    config = {str(column): grouped for column in frame.columns
              if pd.api.types.is_integer_dtype(frame[column])}
    st.dataframe(frame, column_config=config, **kwargs)


def page_heading(title: str, snap: Snapshot, lang: str) -> None:
    st.title(title)
    st.caption(t("ui.read_as_of", lang, as_of=snap.as_of.isoformat(), version=snap.version))


#: The toast's icon per notice level: Material Symbols, which Streamlit serves itself. An
#: emoji (✅, ⚠️) needs an emoji font, which a PC on a closed network may lack: it showed
#: as an empty box in the headless Chromium here.
TOAST_ICONS = {"success": ":material/check_circle:", "info": ":material/info:",
               "warning": ":material/warning:", "error": ":material/error:"}


def show_notices() -> None:
    """Draw, once, the messages callbacks left with :func:`state.notify`."""
    for level, text in state.take_notices():
        level = level if level in TOAST_ICONS else "info"
        getattr(st, level)(text)
        st.toast(text, icon=TOAST_ICONS[level])


def empty_store(snap: Snapshot, lang: str) -> bool:
    """With no household in the store, say so and offer the データ page (``True``)."""
    if household_count(snap.uri, snap.version, snap.as_of) > 0:
        return False
    st.info(t("ui.empty_store", lang))
    st.button(t("ui.go_to_data", lang), key=state.form_key(state.GO_TO_DATA, None, snap.version),
              on_click=state.open_page, args=(state.DATA,))
    return True


#: Where Streamlit writes words of its own in English, with no setting for them: the file
#: uploader's button and its size line ("Upload", "200MB per file • CSV"), a picker's
#: "No results" when what was typed matches no option, and the line under a text box being
#: typed in ("Press Enter to apply", in a form "Press Enter to submit form", a text area
#: "Press Ctrl+Enter to …"; a character count after it stays as it is), and the link to
#: the page's content that the Tab key shows first ("Skip to main content"), and a long
#: notice's toast's "view more" / "view less" (one word for both: the style cannot tell
#: which is shown; the notice is on the page in full too). A style hides them
#: and shows ours in their place (hidden text is left out of the page's text; the widgets'
#: own labels, given by the pages, are what assistive technology announces).
_WORDS_STYLE = """<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p,
[data-testid="stFileUploaderDropzoneInstructions"] span,
[role="listbox"][data-empty="true"] [role="option"] span {{
  visibility: hidden; font-size: 0; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {{
  content: {button}; visibility: visible; font-size: 0.875rem; }}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{
  content: {instructions}; visibility: visible; font-size: 0.875rem; }}
[role="listbox"][data-empty="true"] [role="option"] span::after {{
  content: {no_match}; visibility: visible; font-size: 1rem; }}
[data-testid="stToastViewButton"] {{ font-size: 0; }}
[data-testid="stToastViewButton"]::after {{ content: {toast_more}; font-size: 0.875rem; }}
[data-testid="stSkipToContent"] {{ font-size: 0; }}
[data-testid="stSkipToContent"]::after {{ content: {skip}; font-size: 1rem; }}
[data-testid="InputInstructions"] > span:first-child {{ visibility: hidden; font-size: 0; }}
[data-testid="InputInstructions"] > span:first-child::after {{
  content: {enter_apply}; visibility: visible; font-size: 0.75rem; }}
[data-testid="stForm"] [data-testid="InputInstructions"] > span:first-child::after {{
  content: {enter_submit}; }}
[data-testid="stTextArea"] [data-testid="InputInstructions"] > span:first-child::after {{
  content: {ctrl_enter_apply}; }}
[data-testid="stForm"] [data-testid="stTextArea"] [data-testid="InputInstructions"]
  > span:first-child::after {{ content: {ctrl_enter_submit}; }}
</style>"""


#: Streamlit cuts a figure's value that is wider than its column with "…" ("支援者なし（…"
#: on the simulation's four figures, from 1280 pixels down), and lines up a multiple
#: choice's picks in one row that scrolls and fades out ("支援者なし（未接" in the
#: dashboard's 孤立度 filter): a value wraps instead, and the picks take more lines.
_READABLE_STYLE = """<style>
[data-testid="stMetricValue"] [data-testid="stMarkdownContainer"],
[data-testid="stMetricValue"] p {
  white-space: normal; overflow: visible; text-overflow: clip; line-height: 1.25; }
[data-testid="stMultiSelectTagsContainer"] {
  flex-wrap: wrap; overflow: visible; mask-image: none; -webkit-mask-image: none; }
[data-testid="stMultiSelect"] [role="group"]:has(> [data-testid="stMultiSelectTagsContainer"]) {
  height: auto; max-height: none; min-height: 2.5rem; }
</style>"""


#: Streamlit's toolbar over a table or a chart (shown on hover), its buttons' tooltips in
#: English: the tooltip of the button under the mouse is hidden and ours drawn in its place
#: (``:has()``: the tooltip is drawn apart from its button). Buttons that lead to more
#: English or to a file are not shown: a table's "Download as CSV" (it would bypass the
#: audited downloads of :mod:`netsupport.ui.downloads`) and its column menu ("Select all"),
#: a chart's "Show data" and "Copy Vega-Lite spec". A date range's quick-select row ("Date
#: range", "Past Week"…) is not shown either: the calendar picks the days.
_TOOLBAR_TIPS = (("Search", "search"), ("Fullscreen", "fullscreen"),
                 ("Close fullscreen", "close_fullscreen"), ("Download as PNG", "png"))
_TOOLBAR_HIDDEN = ("Download as CSV", "Show/hide columns", "Show data", "Copy Vega-Lite spec")
_TOOLBAR_TIP = """
body:has([data-testid="stElementToolbar"] button[aria-label="{name}"]:hover)
  [role="tooltip"] [data-testid="stTooltipContent"] p {{ visibility: hidden; font-size: 0; }}
body:has([data-testid="stElementToolbar"] button[aria-label="{name}"]:hover)
  [role="tooltip"] [data-testid="stTooltipContent"] p::after {{
  content: {words}; visibility: visible; font-size: 0.875rem; }}"""


def _toolbar_style(lang: str) -> str:
    hidden = ",\n".join(f'[data-testid="stElementToolbar"] button[aria-label="{name}"]'
                        for name in _TOOLBAR_HIDDEN)
    tips = "".join(_TOOLBAR_TIP.format(name=name, words=css_string(t(f"ui.toolbar.{key}", lang)))
                   for name, key in _TOOLBAR_TIPS)
    return (f"<style>\n{hidden},\n[data-testid=\"stDateInputQuickSelect\"] {{ display: none; }}"
            f"{tips}\n</style>")


def streamlit_in_words(lang: str) -> None:
    """Streamlit's own English words, on every page (the sign-in page too), in the user's
    language: the file uploader's button and size line (the limit is the server's
    ``server.maxUploadSize``), a picker's "No results" and a text box's "Press Enter to
    apply", the toolbar over tables and charts (:data:`_TOOLBAR_TIPS`); and a figure's
    value wraps rather than being cut (:data:`_READABLE_STYLE`)."""
    size = st.get_option("server.maxUploadSize")
    st.html(_READABLE_STYLE + _toolbar_style(lang) + _WORDS_STYLE.format(
        button=css_string(t("ui.upload.button", lang)),
        instructions=css_string(t("ui.upload.instructions", lang, mb=size)),
        no_match=css_string(t("ui.picker.no_match", lang)),
        skip=css_string(t("ui.skip_to_content", lang)),
        toast_more=css_string(t("ui.toast.more", lang)),
        **{key: css_string(t(f"ui.input.{key}", lang))
           for key in ("enter_apply", "enter_submit", "ctrl_enter_apply", "ctrl_enter_submit")}))


def page_of(key: str, total: int, lang: str, per_page: int = PAGE_ROWS) -> tuple[int, int]:
    """The rows ``[first, last)`` of a table of ``total`` rows to draw now: all of them up
    to ``per_page``; beyond, one page, picked with a page number (``key``) and said in a
    caption ("全 N 件のうち a〜b 件目"). A remembered page past the end (the filters
    narrowed the list) falls back to the first."""
    if total <= per_page:
        return 0, total
    pages = -(-total // per_page)
    page = st.session_state.get(key)
    if not isinstance(page, int) or not 1 <= page <= pages:
        st.session_state[key] = 1
    picker, words = st.columns([1, 5], vertical_alignment="bottom")
    page = int(picker.number_input(t("ui.rows.page", lang), min_value=1, max_value=pages,
                                   step=1, key=key))
    first = (page - 1) * per_page
    last = min(total, first + per_page)
    words.caption(t("ui.rows.shown", lang, total=total, first=first + 1, last=last, page=page,
                    pages=pages))
    return first, last


def table_downloads(make: Callable[[], pd.DataFrame], rows: int, lang: str, *, key: str,
                    stem: str, what: str, **detail: object) -> None:
    """Buttons that download a whole table (``make()``, called only when one is pressed)
    as CSV and as Excel, each audited as ``what`` (:func:`netsupport.ui.downloads.offer`).
    Each as wide as its words, side by side while they fit: in a quarter of a 1280 px
    window "CSVでダウンロード（全 8475 件）" was cut to "CSVでダウンロード（…"."""
    from ..viz import tables
    from . import auth, downloads

    logged = {"store": auth.store(), "username": auth.user().username, "what": what,
              "rows": rows, **detail}
    row = st.container(horizontal=True)
    downloads.offer(row, t("ui.rows.download_csv", lang, n=rows),
                    lambda: tables.audit_csv(make()), file_name=f"{stem}.csv",
                    mime="text/csv", key=f"{key}.csv", format="csv", width="content",
                    **logged)
    downloads.offer(row, t("ui.rows.download_xlsx", lang, n=rows),
                    partial(_xlsx, make), file_name=f"{stem}.xlsx",
                    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    key=f"{key}.xlsx", format="xlsx", width="content", **logged)


def _xlsx(make: Callable[[], pd.DataFrame]) -> bytes:
    from ..viz import tables

    return tables.table_xlsx(make())


def household_search(snap: Snapshot, in_scope: Collection[str], lang: str, *,
                     key: str) -> list[str] | None:
    """A search box (``key``) over the households ``in_scope``: the ids it matches by a
    member's name, フリガナ or the id (:func:`netsupport.search.find`), sorted; ``None``
    when the box is empty or nothing matches (which it says): the page then offers its own
    short list. Any household in scope can be found, whether a list shows it or not. Not
    for a viewer, who sees neither names nor ids."""
    query = st.text_input(t("ui.search.label", lang), key=key, persist_state="session",
                          placeholder=t("ui.search.placeholder", lang))
    if not query.strip():
        return None
    words = household_words(snap.uri, snap.version)
    found = find({h: words.get(h, ()) for h in in_scope}, query)
    if not found:
        st.info(t("ui.search.none", lang))
        return None
    if len(found) > PICK_CAP:
        st.caption(t("ui.search.found_capped", lang, n=len(found), cap=PICK_CAP))
    else:
        st.caption(t("ui.search.found", lang, n=len(found)))
    return found


def picker_options(shown: Sequence[str], key: str, allowed: Collection[str],
                   cap: int = PICK_CAP) -> list[str]:
    """A household picker's options: the first ``cap`` of ``shown`` (a page of a list, the
    highest risk, a search's matches), and the household held under ``key`` when it is
    ``allowed`` (in scope; a search's matches) but not among them: a deep link, the case
    conference's button or another page's pick lands on that household whatever page of a
    list is shown."""
    options = list(shown[:cap])
    held = st.session_state.get(key)
    if held and held in allowed and held not in options:
        options.append(held)
    return options
