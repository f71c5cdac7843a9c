"""Prefix matches that an ordinary b-tree index serves on SQLite and on PostgreSQL.

A prefix match is a range [prefix, successor): the index walks it, and a LIKE beside it keeps the result
exact. For ASCII letters and digits the successor is collation-safe (it differs from the prefix in a
letter or digit, which every collation orders the same way), so codes, ID numbers and pinyin initials
use the index under PostgreSQL's locale collations too. Chinese text orders by code point only under a
binary collation (SQLite's), so on PostgreSQL the LIKE alone decides and needs a pattern-ops index.
"""

from __future__ import annotations

import string

from django.db import connection
from django.db.models import Q

_NEXT = {
    c: n
    for run in (string.digits, string.ascii_lowercase, string.ascii_uppercase)
    for c, n in zip(run, run[1:], strict=False)
}


def alnum_successor(prefix: str) -> str | None:
    """The smallest ASCII-alphanumeric string above every string that starts with `prefix`, if any."""
    while prefix and prefix[-1] not in _NEXT:
        prefix = prefix[:-1]  # 9, z and Z have no successor in their class: carry to the left
    return prefix[:-1] + _NEXT[prefix[-1]] if prefix else None


def prefix_successor(prefix: str) -> str | None:
    """An upper bound for the range of strings starting with `prefix`, when the collation allows one."""
    if not prefix:
        return None
    if prefix.isascii() and prefix.isalnum():
        return alnum_successor(prefix)
    if connection.vendor == "sqlite":
        return prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return None


def code_prefix_q(field: str, prefix: str) -> Q:
    """Match area codes (digits only) starting with `prefix` as a pure index range."""
    upper = alnum_successor(prefix)
    q = Q(**{f"{field}__gte": prefix})
    return q & Q(**{f"{field}__lt": upper}) if upper else q


def text_prefix_q(field: str, prefix: str) -> Q:
    """Match values that start with `prefix`: the LIKE decides, the range beside it lets the index work."""
    q = Q(**{f"{field}__startswith": prefix})
    upper = prefix_successor(prefix)
    if upper:
        return q & Q(**{f"{field}__gte": prefix, f"{field}__lt": upper})
    if prefix.isascii() and prefix.isalnum():
        # No successor (zz, 999): an open range from the prefix still spares a scan of every row (searching
        # the initials zz read all 1 M members); nothing that starts with a string sorts before it.
        return q & Q(**{f"{field}__gte": prefix})
    return q
