"""Data in Markdown: the one way to put text from the data into a Streamlit call that renders
Markdown.

Streamlit renders Markdown (GitHub-flavoured, plus its own extensions) in far more places
than ``st.markdown``: titles and headers, captions, ``st.info``/``success``/``warning``/
``error``, toasts, every widget's label and ``help``, radio options, tab and expander
labels, metric labels. A name from a bundle drawn there unescaped is markup: an agency
named ``![x](http://host/x.png)`` makes the browser fetch an image (a request leaving the
page, and a beacon telling a stranger who opened which case), ``[phish](http://…)`` a link
that looks like ours, ``$x$`` LaTeX, ``:red[r]`` coloured text, ``:material/…:`` an icon.
Option labels of ``st.selectbox``/``st.multiselect`` and dataframe cells are plain text and
must *not* be escaped (the backslashes would show).

- :func:`md_escape`: one piece of data, made inert;
- :func:`md_t`: a translated sentence (:func:`netsupport.i18n.t`) whose values are data: the
  sentence's own Markdown is kept, every value is escaped;
- :func:`md_frame`: a table for ``st.table``, which renders every cell as Markdown;
- :func:`css_string`: text as a quoted CSS string (``content:`` of a style the app adds).

Example
-------
>>> md_t("ui.edit.assigned", "en", household="H-1", agency="![x](http://e/x.png)")
'\\\\!\\\\[x\\\\]\\\\(http\\\\:\\\\/\\\\/e\\\\/x\\\\.png\\\\) now leads household H\\\\-1'
"""

from __future__ import annotations

import re

import pandas as pd

from ..i18n import t

__all__ = ["md_escape", "md_t", "md_frame", "css_string"]

#: Every ASCII punctuation mark: CommonMark lets each be backslash-escaped, and each escaped
#: one is a literal character. That covers links and images (``! [ ] ( )``), emphasis and
#: strike-through (``* _ ~``), code (`````), headings (``#``), HTML (``< > &``), tables
#: (``|``), LaTeX (``$``), and Streamlit's directives (``:red[…]``, ``:material/…:``, emoji
#: ``:smile:``), whose colons no longer pair up.
_MARKUP = re.compile(r"([!-/:-@\[-`{-~])")


def md_escape(text: object) -> str:
    r"""Text from the data, shown literally by any Markdown-rendering Streamlit call: every
    ASCII punctuation mark is backslash-escaped (CommonMark), so no link, image, emphasis,
    HTML, LaTeX, colour or icon directive can form; line breaks (which would start a list
    or a heading) become spaces.

    >>> md_escape("[x](javascript:alert(1)) <b>")
    '\\[x\\]\\(javascript\\:alert\\(1\\)\\) \\<b\\>'
    >>> md_escape("$x$ :red[r]\n# h")
    '\\$x\\$ \\:red\\[r\\] \\# h'
    """
    return _MARKUP.sub(r"\\\1", " ".join(str(text).split()))


def md_t(key: str, lang: str, **values: object) -> str:
    """The sentence ``key`` in ``lang`` with every value escaped by :func:`md_escape`: for
    a sentence that carries data (names, ids, wards, an error's detail) into Markdown."""
    return t(key, lang, **{name: md_escape(value) for name, value in values.items()})


def md_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` for ``st.table``, which renders every cell and column header as
    Markdown (``st.dataframe`` does not: give it the frame as it is). Text cells and headers
    are escaped by :func:`md_escape`; numbers, dates and empty cells are left alone.

    >>> md_frame(pd.DataFrame({"名前": ["**B**", "北区"], "n": [1, 2]})).to_dict("list")
    {'名前': ['\\\\*\\\\*B\\\\*\\\\*', '北区'], 'n': [1, 2]}
    """
    out = frame.copy()
    out.columns = [md_escape(c) if isinstance(c, str) else c for c in frame.columns]
    for i in range(out.shape[1]):
        column = out.iloc[:, i]
        if column.dtype == object or pd.api.types.is_string_dtype(column.dtype):
            out[out.columns[i]] = column.map(lambda v: md_escape(v) if isinstance(v, str) else v)
    return out


def css_string(text: str) -> str:
    r"""``text`` as a double-quoted CSS string that cannot end the string, the rule or the
    ``<style>`` element: every character but letters, digits, spaces and non-ASCII text is
    written as a CSS hex escape.

    >>> css_string('ファイル "x" </style>')
    '"ファイル \\22 x\\22  \\3c \\2f style\\3e "'
    """
    out = []
    for char in text:
        if char.isalnum() or char == " " or ord(char) > 0x7F and char.isprintable():
            out.append(char)
        else:
            out.append(f"\\{ord(char):x} ")
    return '"' + "".join(out) + '"'
