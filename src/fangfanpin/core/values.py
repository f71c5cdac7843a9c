"""Cell values of the national formats: parse what comes in, format what goes out.

`parse_cell` never fixes a value silently: what it cannot read comes back as (None, raw text).
`format_value` is its inverse, so that parse(format(v)) == v and an export re-imports unchanged.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from typing import Any

from fangfanpin.core.enums import EMPTY_WORDS, NO_WORDS, YES_WORDS
from fangfanpin.core.idcard import normalize_id, normalize_text

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_MULTI_SPLIT = re.compile(r"[、，,;；]")
_DATE_SEP = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_MONTH_SEP = re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$")
_SERIAL = re.compile(r"^\d{5}(\.0+)?$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
MAX_DIGITS = 12  # integer digits a money or number field holds
_PLAIN_AMOUNT = re.compile(rf"-?\d{{1,{MAX_DIGITS}}}(\.\d{{1,2}})?\Z")
_FORMULA_START = ("=", "+", "-", "@")

NUMERIC_KINDS = ("decimal", "coordinate", "int")
Parsed = tuple[Any, str | None]


def cell_text(value: Any) -> str:
    """Render a cell as the text a clerk sees: numbers without a spurious '.0', dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return normalize_text(str(value))


def is_empty(text: str) -> bool:
    return text in EMPTY_WORDS


def _date(text: str) -> dt.date | None:
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and text.isascii():
        try:  # the exports' own form, read in C
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    try:
        if len(text) == 8 and text.isdigit():
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        if m := _DATE_SEP.match(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if _SERIAL.match(text):
            return _EXCEL_EPOCH + dt.timedelta(days=int(float(text)))
    except (ValueError, OverflowError):
        return None
    return None


def _month(text: str) -> dt.date | None:
    try:
        if len(text) == 6 and text.isdigit():
            return dt.date(int(text[:4]), int(text[4:]), 1)
        if m := _MONTH_SEP.match(text):
            return dt.date(int(m[1]), int(m[2]), 1)
    except ValueError:
        return None
    day = _date(text)
    return day.replace(day=1) if day else None


def _decimal(text: str) -> Decimal | None:
    """An amount or a count: at most MAX_DIGITS integer digits and two decimals."""
    if _PLAIN_AMOUNT.match(text):  # most amounts: no checks needed
        return Decimal(text)
    return _number(text, MAX_DIGITS, 2)


def _coordinate(text: str) -> Decimal | None:
    """A longitude or latitude in degrees: six decimals (about 10 cm), as the GPS of a phone gives."""
    number = _number(text, 3, 6)
    return number if number is not None and abs(number) <= 180 else None


def _number(text: str, digits: int, places: int) -> Decimal | None:
    """A plain number (thousands separators allowed) of at most `digits` integer and `places` decimal digits."""
    cleaned = text.replace(",", "")
    if not _NUMBER.match(cleaned):
        return None
    whole, _, fraction = cleaned.lstrip("+-").partition(".")
    if len(whole.lstrip("0")) > digits or len(fraction.rstrip("0")) > places:
        return None
    return Decimal(cleaned)


def parse_cell(kind: str, value: Any) -> Parsed:
    """Parse one cell of the given column kind into (value, raw text it could not read or None)."""
    return parser_for(kind)(value)


@cache
def parser_for(kind: str) -> Callable[[Any], Parsed]:
    """Return the parser of a column kind; empty cells and plain ASCII text take the short way."""
    empty: Any = "" if kind in ("text", "multi", "id") else None
    inner = _PARSERS.get(kind, _parse_text)
    dates = kind in ("date", "month")

    def parse(value: Any) -> Parsed:
        if value is None or value == "":
            return empty, None
        if dates and isinstance(value, dt.date):
            day = value.date() if isinstance(value, dt.datetime) else value
            return (day.replace(day=1) if kind == "month" else day), None
        if type(value) is str:
            text = value.strip()
            if not text.isascii() and not unicodedata.is_normalized("NFKC", text):
                text = unicodedata.normalize("NFKC", text).strip()
        else:
            text = cell_text(value)
        if text[:1] == "'" and text[1:2] in _FORMULA_START:
            text = text[1:]  # our own CSV exports neutralise formula-like text with a leading quote
        if kind == "id":
            return normalize_id(text), None
        if text in EMPTY_WORDS:
            return empty, None
        return inner(text)

    return parse


def _parse_text(text: str) -> Parsed:
    return text, None


def _parse_multi(text: str) -> Parsed:
    return "、".join(p.strip() for p in _MULTI_SPLIT.split(text) if p.strip()), None


def _parse_flag(text: str) -> Parsed:
    if text in YES_WORDS:
        return True, None
    if text in NO_WORDS:
        return False, None
    return None, text


def _parse_with(fn: Any) -> Any:
    def parse(text: str) -> Parsed:
        result = fn(text)
        return (result, None) if result is not None else (None, text)

    return parse


def _int(text: str) -> int | None:
    number = _decimal(text)
    return int(number) if number is not None and number == number.to_integral_value() else None


_PARSERS = {
    "text": _parse_text,
    "multi": _parse_multi,
    "flag": _parse_flag,
    "date": _parse_with(_date),
    "month": _parse_with(_month),
    "decimal": _parse_with(_decimal),
    "coordinate": _parse_with(_coordinate),
    "int": _parse_with(_int),
}


def format_decimal(number: Decimal | int) -> str:
    """Write a number the shortest exact way: 1200, 1200.5, -3.25."""
    if isinstance(number, int):
        return str(number)
    text = format(number.normalize(), "f")
    return text


def format_value(kind: str, value: Any, raw: str | None = None) -> str:
    """Write a stored value back as the export shows it; an unread value comes back as its raw text."""
    if value is None or value == "":
        return raw or ""
    if kind == "flag":
        return "是" if value else "否"
    if kind == "date":
        return value.strftime("%Y-%m-%d")
    if kind == "month":
        return value.strftime("%Y%m")
    if kind in NUMERIC_KINDS:
        return format_decimal(value)
    return str(value)
