"""Pieces of portable rule SQL that several catalogue modules repeat: finding columns, blanks, value text."""

from __future__ import annotations

from collections.abc import Iterable

MEMBER_COLUMNS = "m.subject, m.household_id, m.village_code, m.id_number, m.name"
HOUSEHOLD_COLUMNS = "h.subject, h.household_id, h.village_code, CAST(NULL AS VARCHAR) AS id_number, CAST(NULL AS VARCHAR) AS name"


def blank(column: str) -> str:
    """True when a text column is empty: '' in the registry, but NULL is possible."""
    return f"COALESCE(trim({column}), '') = ''"


def money(column: str) -> str:
    """An amount with two decimals, the same text on DuckDB and Spark."""
    return f"CAST(CAST({column} AS DECIMAL(14, 2)) AS VARCHAR)"


def number(column: str) -> str:
    """A count of months (or similar): whole values without decimals, others with two.

    The comparison holds only for whole values on both engines (DuckDB rounds a decimal cast to BIGINT,
    Spark truncates), so both print the same text.
    """
    return f"CASE WHEN {column} = CAST({column} AS BIGINT) THEN CAST(CAST({column} AS BIGINT) AS VARCHAR) ELSE {money(column)} END"


def flag(column: str) -> str:
    """A 是/否 flag as written in the registry, 空 when it was left empty."""
    return f"CASE WHEN {column} THEN '是' WHEN NOT {column} THEN '否' ELSE '空' END"


def sql_list(values: Iterable[str]) -> str:
    """A code list as an SQL IN list, in a stable order."""
    return "(" + ", ".join("'" + v.replace("'", "''") + "'" for v in sorted(values)) + ")"


def missing_fields(checks: Iterable[tuple[str, str]]) -> str:
    """The Chinese names of the fields whose condition holds, joined by 、 ('' when none)."""
    parts = ", ".join(f"CASE WHEN {condition} THEN '{title}' END" for title, condition in checks)
    return f"concat_ws('、', {parts})"


def field_is(title: str, column: str) -> str:
    """'在校生状况为“小学”', or '在校生状况为空' when the text column is empty."""
    return f"'{title}' || CASE WHEN {blank(column)} THEN '为空' ELSE '为“' || {column} || '”' END"
