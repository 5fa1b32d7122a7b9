"""What every finding of the analysis carries: its code, a label key and the facts behind it.

The UI and the CLI only format findings: :meth:`Finding.label` resolves the label key in
:data:`netsupport.i18n.TEXTS` (filling in the rule values a label names, such as an age), and
``facts`` holds the plain values (ids, ages, dates as ISO strings, codes) that triggered it,
ready for JSON.

Examples
--------
>>> f = Finding(code="no_lead", label_key="gap.no_lead", facts={"lead_ties": []})
>>> f.label(), f.label("en")
('主担当未設定', 'No lead agency')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..i18n import t

__all__ = ["Finding"]


@dataclass(frozen=True, slots=True)
class Finding:
    """A code of ``RULES.md``, the key of its label, and the facts that triggered it."""

    code: str
    label_key: str
    facts: Mapping[str, Any] = field(default_factory=dict)
    label_args: Mapping[str, Any] = field(default_factory=dict)

    def label(self, lang: str = "ja") -> str:
        """The label shown to people, Japanese by default. A label argument with a
        ``words(lang)`` method (an age range) is worded in the label's language."""
        args = {k: v.words(lang) if hasattr(v, "words") else v
                for k, v in self.label_args.items()}
        return t(self.label_key, lang, **args)

    def to_dict(self, lang: str = "ja") -> dict[str, Any]:
        """``code``, ``label`` and ``facts``, for JSON."""
        return {"code": self.code, "label": self.label(lang), "facts": dict(self.facts)}
