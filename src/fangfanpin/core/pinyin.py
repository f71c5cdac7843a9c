"""Pinyin initials for search: 张三 → zs."""

from functools import lru_cache

from pypinyin import Style, lazy_pinyin


@lru_cache(maxsize=65536)
def name_initials(name: str) -> str:
    """Return the lower-case pinyin initials of a name (letters and digits kept, other marks dropped)."""
    # Non-Chinese runs come back whole ("·", " Anna"); take each word's first character.
    firsts = (word[0] for part in lazy_pinyin(name, style=Style.FIRST_LETTER) for word in part.split())
    return "".join(c for c in firsts if c.isascii() and c.isalnum()).lower()
