"""Check a chunk of department rows column by column: normalise, parse, and give each bad row its reason.

Work is done on whole columns (Arrow, numpy); Python sees only the distinct values of a column, or the few
rows whose ID is not already in the usual 18-character form.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fangfanpin.core.enums import EMPTY_WORDS, NO_WORDS, YES_WORDS
from fangfanpin.core.idcard import id_clean, id_problem
from fangfanpin.core.values import parser_for
from fangfanpin.quality.departments.base import ARROW_TYPES, Column
from fangfanpin.quality.dept_read import ID_KEY, NAME_KEY, PRE_KEY, ROW_KEY, WARNING_KEY, DeptLayout

STAGING_COMMON = pa.schema(
    [
        ("row_no", pa.int64()),
        ("id_raw", pa.string()),
        ("id_number", pa.string()),
        ("id_problem", pa.string()),  # why the ID is invalid: a rejection unless the registry holds it
        ("reject", pa.string()),  # why the row cannot be loaded
        ("name", pa.string()),
        ("warning_reason", pa.string()),
    ]
)
_FULL_WIDTH = r"[\x{3000}\x{FF01}-\x{FF5E}]"
_ID_FORM = r"^\d{17}[\dX]$"
_DECIMAL_FORM = r"^-?\d{1,12}(\.\d{1,2})?$"
_TIME_OF_DAY = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_WEIGHTS = np.array((7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2), dtype=np.int64)
_CHECKS = np.frombuffer(b"10X98765432", dtype=np.uint8)
_MONTH_DAYS = np.array((0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31), dtype=np.int64)
_EMPTY = pa.array(sorted(EMPTY_WORDS))
_DECIMAL_LIMIT = Decimal(10) ** 12
_parse_date = parser_for("date")

Problems = dict[int, list[str]]  # row index in the chunk → what is wrong with it


def staging_schema(layout: DeptLayout) -> pa.Schema:
    """The schema of the checked rows before matching, de-duplication and sorting."""
    return pa.schema([*STAGING_COMMON, *(pa.field(c.name, ARROW_TYPES[c.kind]) for c in layout.fmt.columns)])


def check_chunk(chunk: dict[str, pa.Array], layout: DeptLayout) -> pa.RecordBatch:
    """Return the chunk's non-blank rows as staging rows, each bad one with its reason in `reject`."""
    texts = {key: _clean(array) for key, array in chunk.items() if key not in (ROW_KEY, PRE_KEY)}
    keep = _not_blank(texts, chunk.get(PRE_KEY))
    rows = chunk[ROW_KEY].filter(keep)
    texts = {key: array.filter(keep) for key, array in texts.items()}
    pre = chunk[PRE_KEY].filter(keep) if PRE_KEY in chunk else None
    problems: Problems = {}
    id_number, id_problems = _ids(texts[ID_KEY], pre, problems)
    values = {c.name: _typed(c, _nullify(texts[c.name]), problems) for c in layout.fmt.columns}
    n = len(rows)
    columns = {
        "row_no": rows,
        "id_raw": texts[ID_KEY],
        "id_number": id_number,
        "id_problem": _reasons(rows, {i: [p] for i, p in id_problems.items()}, n),
        "reject": _reasons(rows, problems, n),
        "name": _nullify(texts[NAME_KEY]),
        "warning_reason": _nullify(texts[WARNING_KEY]) if WARNING_KEY in texts else pa.nulls(n, pa.string()),
        **values,
    }
    return pa.RecordBatch.from_arrays(list(columns.values()), schema=staging_schema(layout))


def _clean(array: pa.Array) -> pa.Array:
    """Trim, and fold full-width characters (only in the values that have any)."""
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if not pc.all(pc.string_is_ascii(array)).as_py():
        wide = pc.fill_null(pc.match_substring_regex(array, _FULL_WIDTH), False)
        if pc.any(wide).as_py():
            array = pc.replace_with_mask(array, wide, pc.utf8_normalize(array.filter(wide), "NFKC"))
    return pc.utf8_trim_whitespace(array)


def _not_blank(texts: dict[str, pa.Array], pre: pa.Array | None) -> pa.Array:
    blank = None
    for array in texts.values():
        empty = pc.fill_null(pc.equal(array, ""), True)
        blank = empty if blank is None else pc.and_(blank, empty)
    if pre is not None:
        blank = pc.and_(blank, pc.is_null(pre))
    return pc.invert(blank)


def _nullify(array: pa.Array) -> pa.Array:
    """Treat "", "—", "/", "无" as empty."""
    return pc.if_else(pc.is_in(array, value_set=_EMPTY), pa.scalar(None, pa.string()), array)


def _ids(raw: pa.Array, pre: pa.Array | None, problems: Problems) -> tuple[pa.Array, dict[int, str]]:
    """Normalise the IDs; return them with the problems of the 18-character ones that fail their checks."""
    plain = pc.utf8_upper(pc.replace_substring(pc.replace_substring(raw, " ", ""), "\t", ""))
    usual = pc.fill_null(pc.match_substring_regex(plain, _ID_FORM), False)
    if pre is not None:
        usual = pc.and_(usual, pc.is_null(pre))
    numbers = pc.if_else(usual, plain, pa.scalar(None, pa.string()))
    others = np.flatnonzero(~usual.to_numpy(zero_copy_only=False))
    if len(others):
        numbers = _unusual_ids(raw, pre, numbers, others, problems)
    return numbers, _invalid_ids(numbers)


def _unusual_ids(
    raw: pa.Array, pre: pa.Array | None, numbers: pa.Array, others: np.ndarray, problems: Problems
) -> pa.Array:
    texts = raw.take(others).to_pylist()
    earlier = pre.take(others).to_pylist() if pre is not None else [None] * len(others)
    fixed: list[str | None] = []
    for index, text, problem in zip(others.tolist(), texts, earlier, strict=True):
        number, problem = ("", problem) if problem else id_clean(text)
        if problem:
            problems.setdefault(index, []).append(problem)
        fixed.append(number or None)
    mask = np.zeros(len(numbers), dtype=bool)
    mask[others] = True
    return pc.replace_with_mask(numbers, pa.array(mask), pa.array(fixed, pa.string()))


def _invalid_ids(numbers: pa.Array) -> dict[int, str]:
    """Find IDs whose check digit or birth date is wrong (numpy over the bytes); describe each in Chinese."""
    present = np.flatnonzero(numbers.is_valid().to_numpy(zero_copy_only=False))
    if not len(present):
        return {}
    compact = numbers.take(present)
    offsets = np.frombuffer(compact.buffers()[1], dtype=np.int32)[
        compact.offset : compact.offset + len(compact) + 1
    ]
    data = np.frombuffer(compact.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]].reshape(-1, 18)
    bad = present[~_valid_ids(data)]
    return {i: id_problem(numbers[i].as_py()) for i in bad.tolist()}


def _valid_ids(data: np.ndarray) -> np.ndarray:
    digits = data[:, :17].astype(np.int64) - 48
    checks_ok = _CHECKS[(digits @ _WEIGHTS) % 11] == data[:, 17]
    year = digits[:, 6] * 1000 + digits[:, 7] * 100 + digits[:, 8] * 10 + digits[:, 9]
    month = digits[:, 10] * 10 + digits[:, 11]
    day = digits[:, 12] * 10 + digits[:, 13]
    month_ok = (month >= 1) & (month <= 12)
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    days = _MONTH_DAYS[np.where(month_ok, month, 0)] - ((month == 2) & ~leap)
    today = dt.date.today()
    born = year * 10000 + month * 100 + day
    in_range = (year >= 1880) & (born <= today.year * 10000 + today.month * 100 + today.day)
    return checks_ok & month_ok & (day >= 1) & (day <= days) & in_range


def _typed(column: Column, texts: pa.Array, problems: Problems) -> pa.Array:
    """Parse a column into its Parquet type; a value that cannot be read adds a problem to its row."""
    if column.kind == "text":
        if column.allowed:
            _check_allowed(column, texts, problems)
        return texts
    if column.kind == "decimal":
        return _decimals(column, texts, problems)
    return _by_value(column, texts, _PARSERS[column.kind], problems)


def _check_allowed(column: Column, texts: pa.Array, problems: Problems) -> None:
    outside = pc.and_(pc.is_valid(texts), pc.invert(pc.is_in(texts, value_set=pa.array(column.allowed))))
    listed = "、".join(column.allowed)
    for i in np.flatnonzero(outside.to_numpy(zero_copy_only=False)).tolist():
        problems.setdefault(i, []).append(
            f"列“{column.header}”：不是规定的取值（{texts[i].as_py()}），应为：{listed}"
        )


def _by_value(column: Column, texts: pa.Array, parse: Callable[[str], Any], problems: Problems) -> pa.Array:
    """Parse each distinct value once and spread the results over the rows."""
    encoded = texts.dictionary_encode()
    parsed = [parse(v) for v in encoded.dictionary.to_pylist()]
    typed = pa.array([v for v, _ in parsed], ARROW_TYPES[column.kind]).take(encoded.indices)
    failed = pa.array([p is not None for _, p in parsed], pa.bool_()).take(encoded.indices)
    for i in np.flatnonzero(pc.fill_null(failed, False).to_numpy(zero_copy_only=False)).tolist():
        problems.setdefault(i, []).append(f"列“{column.header}”：{parsed[encoded.indices[i].as_py()][1]}")
    return typed


def _decimals(column: Column, texts: pa.Array, problems: Problems) -> pa.Array:
    usual = pc.fill_null(pc.match_substring_regex(texts, _DECIMAL_FORM), False)
    values = pc.if_else(usual, texts, pa.scalar(None, pa.string())).cast(ARROW_TYPES["decimal"])
    unusual = pc.and_(pc.is_valid(texts), pc.invert(usual))
    if not pc.any(unusual).as_py():
        return values
    rest = pc.if_else(unusual, texts, pa.scalar(None, pa.string()))
    return pc.coalesce(values, _by_value(column, rest, _decimal, problems))


def _date(text: str) -> tuple[dt.date | None, str | None]:
    value, raw = _parse_date(_TIME_OF_DAY.sub("", text))
    return (value, None) if raw is None else (None, f"不是有效日期（{text}）")


def _decimal(text: str) -> tuple[Decimal | None, str | None]:
    """Read an amount; more than two decimals are rounded (areas and sums from other systems carry them)."""
    try:
        number = Decimal(text.replace(",", "").replace("，", ""))
    except InvalidOperation:
        return None, f"不是有效的数字（{text}）"
    if not number.is_finite() or abs(number) >= _DECIMAL_LIMIT:
        return None, f"不是有效的数字（{text}）"
    return number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), None


def _int(text: str) -> tuple[int | None, str | None]:
    number, problem = _decimal(text)
    if number is None or number != number.to_integral_value() or abs(number) >= 2**31:
        return None, f"不是有效的整数（{text}）"
    return int(number), None


def _flag(text: str) -> tuple[bool | None, str | None]:
    if text in YES_WORDS:
        return True, None
    if text in NO_WORDS:
        return False, None
    return None, f"应为“是”或“否”（{text}）"


_PARSERS: dict[str, Callable[[str], Any]] = {"date": _date, "int": _int, "flag": _flag}


def _reasons(rows: pa.Array, problems: Problems, n: int) -> pa.Array:
    """Write each bad row's problems as one message a clerk reads: 第12行，列“变动日期”：……"""
    reasons: list[str | None] = [None] * n
    for i, parts in problems.items():
        joiner = "，" if parts[0].startswith("列“") else "："
        reasons[i] = f"第{rows[i].as_py()}行{joiner}{'；'.join(parts)}"[:300]
    return pa.array(reasons, pa.string())
