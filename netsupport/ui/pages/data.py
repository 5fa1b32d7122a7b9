"""データ: bring a bundle in, take the data out, get the empty template.

An upload (several CSV files, one zip of them, or one workbook) is read and validated as a
whole by :func:`check_upload`; every problem is listed located ``file:row:column``. Only a
clean bundle can be loaded. It either replaces everything in the store (「全件を置き換える」,
which asks for a confirmation first) or is merged (「含まれる世帯だけ追加・更新する」,
:mod:`netsupport.merge`): then it is checked against the store and the file together, and
the difference per household is shown above the load button before anything is written.
The current data downloads as a workbook or a zip of CSV files (which loads back); the
template is the empty workbook with Japanese headers and drop-down lists.

Only an admin sees this page (``Action.LOAD_DATA``); every load and every download of the
data is written to the audit log.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st

from ... import merge as merging
from ...audit import AuditAction, AuditEntry, now
from ...bundle import read_bundle_with_warnings
from ...bundle_read import WORKBOOK_SUFFIXES, ZIP_SUFFIX, parse_bundle
from ...errors import BundleError, NetsupportError, Problem
from ...i18n import number, t
from ...model import Bundle
from ...storage import Store
from ...validate import sort_problems
from ...viz import tables
from .. import auth, downloads, resources, state
from ..safe import md_escape
from ..widgets import error_text, page_heading, show_notices
from . import title

__all__ = ["render", "UploadCheck", "check_upload", "UPLOAD_TYPES"]

UPLOAD_TYPES = ("csv", "zip", "xlsx", "xlsm", "xls")
REPLACE, MERGE = "replace", "merge"
_COUNTS = ("agencies", "households", "people", "ties", "events")


@dataclass(frozen=True)
class UploadCheck:
    """What an upload holds: the bundle when it is clean, and every problem found; for a
    merge, the difference it would make (``preview``)."""

    bundle: Bundle | None
    problems: list[Problem] = field(default_factory=list)
    preview: merging.MergePreview | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.warning]


def check_upload(files: Sequence[tuple[str, bytes]], lang: str = "ja",
                 merge_into: Store | None = None) -> UploadCheck:
    """Read and validate uploaded files as one bundle.

    Parameters
    ----------
    files : sequence of (file name, content)
        Several CSV files of one bundle, or exactly one zip of them, or exactly one
        workbook (``.xlsx``).
    lang : str
        The language of the problems this function finds itself (the reader's own
        messages are as :mod:`netsupport.bundle` words them).
    merge_into : Store, optional
        Check the bundle as a merge into this store (against the store and the bundle
        together) and compute its preview, instead of as a whole city.

    Returns
    -------
    UploadCheck
        ``bundle`` is ``None`` when there is any error; ``problems`` lists them all,
        located ``file:row:column``.

    Examples
    --------
    >>> check = check_upload([("households.csv", b"household_id,ward\\nH1,\\n")])
    >>> check.bundle is None, any(p.file == "households.csv" and p.row == 2
    ...                           for p in check.problems)
    (True, True)
    """
    names = [Path(name).name for name, _ in files]
    single = (*WORKBOOK_SUFFIXES, ".xls", ZIP_SUFFIX)
    workbooks = [n for n in names if n.lower().endswith(single)]
    others = [n for n in names if not n.lower().endswith((*single, ".csv"))]
    if others:
        return UploadCheck(None, [Problem(n, None, None, t("ui.data.unsupported_file", lang))
                                  for n in others])
    if workbooks and len(names) > 1:
        return UploadCheck(None, [Problem(n, None, None, t("ui.data.one_workbook", lang))
                                  for n in workbooks])
    uploaded = {name: content for name, (_, content) in zip(names, files, strict=True)}
    if merge_into is not None:
        return _check_merge(uploaded, merge_into)
    try:
        bundle, warnings = read_bundle_with_warnings(uploaded)
    except BundleError as error:
        return UploadCheck(None, list(error.problems))
    return UploadCheck(bundle, warnings)


def _check_merge(uploaded: dict[str, bytes], store: Store) -> UploadCheck:
    """The upload checked as a merge into ``store``, with its preview when it is clean."""
    bundle, origin, problems = parse_bundle(uploaded)
    base = store.merge_base(bundle)
    problems = sort_problems(problems + merging.check(bundle, base, origin), origin.files)
    if any(not p.warning for p in problems):
        return UploadCheck(None, problems)
    return UploadCheck(bundle, problems, merging.preview(base, bundle))


def _load(uri: str, bundle: Bundle, lang: str) -> None:
    """Replace the store's data with the checked bundle."""
    account = auth.user()
    entry = AuditEntry(now(), account.username if account else "", AuditAction.LOAD, None,
                       {"replace": True, "mode": REPLACE, **bundle.counts()})
    try:  # the load and its audit entry in one transaction
        resources.store(uri).load(bundle, replace=True, audit=entry)
    except NetsupportError as error:
        state.notify("error", error_text(error, lang))
        return
    st.session_state[state.HOUSEHOLD] = None
    state.notify("success", t("ui.data.loaded", lang, **bundle.counts()))


def _merge(uri: str, bundle: Bundle, source: str, lang: str) -> None:
    """Merge the checked bundle; the store checks it again and audits it in its write."""
    account = auth.user()
    try:
        done = resources.store(uri).merge(
            bundle, actor=account.username if account else "", source=source)
    except BundleError as error:
        state.notify("error", t("cli.invalid_bundle", lang, n=len(error.problems)) + "\n\n"
                     + "\n".join(f"- {md_escape(p.located(lang))}"
                                  for p in error.problems[:20]))
        return
    except NetsupportError as error:
        state.notify("error", error_text(error, lang))
        return
    state.notify("success", t("ui.data.merged", lang,
                              summary=merging.summary(done, lang)[0]))


def render() -> None:
    lang = state.lang()
    snap = resources.current()
    page_heading(title(state.DATA, lang), snap, lang)
    show_notices()
    counts = resources.counts(snap.uri, snap.version)

    st.subheader(t("ui.data.current", lang))
    for column, key in zip(st.columns(len(_COUNTS)), _COUNTS, strict=True):
        column.metric(t(f"ui.data.count.{key}", lang), number(counts.get(key, 0)))
    st.caption(t("ui.data.store", lang))
    st.code(snap.uri, language=None)
    empty = counts.get("households", 0) == 0 and counts.get("agencies", 0) == 0

    st.subheader(t("ui.data.upload", lang))
    st.caption(t("ui.data.upload_help", lang))
    mode = REPLACE
    if not empty:
        mode = st.radio(t("ui.data.mode", lang), (REPLACE, MERGE), key=state.DATA_MODE,
                        format_func=lambda m: t(f"ui.data.mode.{m}", lang),
                        help=t("ui.data.mode_help", lang), horizontal=True)
    uploaded = st.file_uploader(t("ui.data.files", lang), type=list(UPLOAD_TYPES),
                                accept_multiple_files=True, key=state.DATA_UPLOAD)
    if uploaded:
        with st.spinner(t("ui.data.checking", lang)):
            check = check_upload([(f.name, f.getvalue()) for f in uploaded], lang,
                                 resources.store(snap.uri) if mode == MERGE else None)
        _report(check, lang)
        if check.bundle is not None and check.preview is not None:
            _show_preview(check.preview, lang)
            if st.button(t("ui.data.load", lang), type="primary", key=state.DATA_LOAD,
                         disabled=not check.preview.writes_anything):
                with st.spinner(t("ui.data.loading", lang)):
                    _merge(snap.uri, check.bundle, ", ".join(f.name for f in uploaded)[:200],
                           lang)
                st.rerun()
        elif check.bundle is not None:
            confirmed = empty or st.checkbox(t("ui.data.confirm_replace", lang),
                                             key=state.DATA_CONFIRM)
            if st.button(t("ui.data.load", lang), type="primary", disabled=not confirmed,
                         key=state.DATA_LOAD):
                with st.spinner(t("ui.data.loading", lang)):
                    _load(snap.uri, check.bundle, lang)
                st.rerun()

    st.subheader(t("ui.data.download", lang))
    if empty:
        st.info(t("ui.data.nothing_to_download", lang))
    else:
        japanese = st.checkbox(t("ui.data.japanese_headers", lang),
                               key=state.DATA_JAPANESE_HEADERS, persist_state="session")
        hidden = st.checkbox(t("ui.data.pseudonymise", lang), key=state.DATA_PSEUDONYMISE,
                             persist_state="session", help=t("ui.data.pseudonymise_help", lang))
        stem = f"netsupport_{snap.as_of.isoformat()}_v{snap.version}" + (
            "_pseudonymised" if hidden else "")
        logged = {"version": snap.version, "pseudonymised": hidden,
                  "store": auth.store(), "username": auth.user().username, "what": "bundle"}
        xlsx, zipped = st.columns(2)
        downloads.offer(
            xlsx, t("ui.data.download_xlsx", lang),
            partial(resources.export_xlsx, snap.uri, snap.version, japanese, hidden),
            file_name=f"{stem}.xlsx", key=state.DATA_DOWNLOAD_XLSX,
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            format="xlsx", **logged)
        downloads.offer(
            zipped, t("ui.data.download_zip", lang),
            partial(resources.export_zip, snap.uri, snap.version, japanese, hidden),
            file_name=f"{stem}_csv.zip", mime="application/zip", key=state.DATA_DOWNLOAD_ZIP,
            format="zip", **logged)

    st.subheader(t("ui.data.template", lang))
    st.caption(t("ui.data.template_help", lang))
    st.download_button(
        t("ui.data.download_template", lang), resources.template_xlsx(),
        file_name=t("ui.data.template_file", lang), key=state.DATA_DOWNLOAD_TEMPLATE,
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _show_preview(preview: merging.MergePreview, lang: str) -> None:
    """The difference a merge makes: totals, then one row per household."""
    st.markdown(f"**{t('ui.data.preview', lang)}**")
    for line in merging.summary(preview, lang):
        st.caption(md_escape(line))  # it names agencies by id
    header, rows = merging.preview_rows(preview, lang)
    if not preview.writes_anything:
        st.info(t("ui.data.nothing_changes", lang))
    if rows:  # (no household in the file: the lines above say it all; an empty table
        # would only show Streamlit's own word for it, in English)
        st.dataframe(pd.DataFrame(rows, columns=header), hide_index=True)


def _report(check: UploadCheck, lang: str) -> None:
    """The validation report of an upload: a verdict, then every problem as a table."""
    if check.errors:
        st.error(t("cli.invalid_bundle", lang, n=len(check.errors)))
    elif check.bundle is not None:
        st.success(t("cli.valid", lang, **check.bundle.counts()))
    if check.warnings and not check.errors:
        st.warning(t("ui.data.warnings", lang, n=len(check.warnings)))
    if check.problems:
        st.dataframe(tables.problems(check.problems, lang), hide_index=True)
