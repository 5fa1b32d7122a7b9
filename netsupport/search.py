"""Finding a household by what staff remember: a member's name, its フリガナ, or the id.

Pure functions, no I/O: the app builds the index from the store (cached per data version)
and filters it to the user's scope before it searches, so a search never names a household
the user may not open.

Matching folds what people type differently for the same thing:

- Unicode NFKC (full-width ``Ｈ－００１`` is ``H-001``, half-width ｶﾀｶﾅ is カタカナ);
- katakana and hiragana are one (``ヒロミ`` finds ``ひろみ`` and the other way round);
- case, and every space (``山田 花子``, ``山田　花子`` and ``山田花子`` are one).

A query matches a household when it is a part of the household id or of any member's
display name or フリガナ.

>>> index = {"H-00012": ("山田 ひろみ", "ヤマダ ヒロミ"), "H-00013": ("佐藤 一郎",)}
>>> find(index, "ひろみ")
['H-00012']
>>> find(index, "ﾔﾏﾀﾞ")
['H-00012']
>>> find(index, "h-0001")
['H-00012', 'H-00013']
>>> find(index, "  ")
['H-00012', 'H-00013']
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping

from .model import Bundle

__all__ = ["fold", "household_words", "find"]

#: Katakana ァ..ヶ (U+30A1..U+30F6) to hiragana ぁ..ゖ (U+3041..U+3096): the same offset.
_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}


def fold(text: str) -> str:
    """``text`` as it is compared: NFKC, hiragana for katakana, casefolded, no spaces.

    >>> fold("ヤマダ　ﾋﾛﾐ") == fold("やまだひろみ")
    True
    """
    folded = unicodedata.normalize("NFKC", text).translate(_TO_HIRAGANA).casefold()
    return "".join(folded.split())


def household_words(bundle: Bundle) -> dict[str, tuple[str, ...]]:
    """Per household: the display names and フリガナ of its members (names of people
    without a household are not a household's words)."""
    words: dict[str, list[str]] = {h.household_id: [] for h in bundle.households}
    for person in bundle.people:
        if person.household_id in words:
            words[person.household_id] += [w for w in (person.display_name, person.kana) if w]
    return {hid: tuple(found) for hid, found in words.items()}


def find(index: Mapping[str, Iterable[str]], query: str, *, names: bool = True) -> list[str]:
    """The ids of ``index`` (household id -> its words) that ``query`` matches, sorted;
    every id for an empty query. With ``names=False`` only the ids are searched (a
    pseudonymised view must not let names be probed)."""
    wanted = fold(query)
    if not wanted:
        return sorted(index)
    return sorted(hid for hid, words in index.items()
                  if wanted in fold(hid)
                  or (names and any(wanted in fold(w) for w in words)))
