"""Pinyin initials for search: 张三 → zs."""

import re
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

_PARTS = re.compile(r"[\u3400-\u9fff]|[A-Za-z0-9]+")
_INITIALS: dict[str, str] = {}


def _initial(part: str) -> str:
    if part.isascii():
        return part[0].lower()
    found = _INITIALS.get(part)
    if found is None:
        letters = lazy_pinyin(part, style=Style.FIRST_LETTER)
        found = _INITIALS[part] = letters[0][:1].lower() if letters and letters[0].isascii() else ""
    return found


@lru_cache(maxsize=200_000)
def name_initials(name: str) -> str:
    """Return the lower-case pinyin initials of a name: one per Chinese character, one per Latin word.

    Characters are looked up one at a time (names use a few thousand distinct characters), so a million
    names cost dictionary lookups, not a million pinyin conversions; marks such as · are dropped.
    """
    return "".join(_initial(part) for part in _PARTS.findall(name))
