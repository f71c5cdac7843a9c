"""The problem list as files (FORMATS §5): CSV, and XLSX by village (sheets) and rule (sections)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import groupby
from pathlib import Path

from django.db.models import QuerySet

from fangfanpin.areas.models import Area
from fangfanpin.core.exports import TableWriter
from fangfanpin.core.idcard import mask_id
from fangfanpin.quality.catalogue import CATALOGUE
from fangfanpin.quality.models import Problem

COLUMNS = ("规则编号", "规则名称", "严重程度", "县", "乡", "村", "户编号", "证件号码", "姓名", "问题描述")
STATUS_COLUMN = "状态"


def _rule_order() -> dict[str, int]:
    return {code: i for i, code in enumerate(CATALOGUE.rules)}


def _areas(problems: Sequence[Problem]) -> dict[str, tuple[str, str, str]]:
    """County, township and village name of each village code."""
    villages = {p.village_id for p in problems if p.village_id}
    names = {a.code: a for a in Area.objects.filter(code__in=villages).select_related("parent__parent")}
    result = {}
    for code, village in names.items():
        town = village.parent
        county = town.parent if town else None
        result[code] = (county.name if county else "", town.name if town else "", village.name)
    return result


def problem_rows(problems: Iterable[Problem], *, with_status: bool, masked: bool) -> list[list[str]]:
    """One row per problem in FORMATS §5's columns, ordered by village, rule and household."""
    order = _rule_order()
    items = sorted(
        problems, key=lambda p: (p.village_id or "", order.get(p.rule, 999), p.household_no, p.subject)
    )
    places = _areas(items)
    rows = []
    for p in items:
        rule = CATALOGUE.rules.get(p.rule)
        county, town, village = places.get(p.village_id or "", ("", "", ""))
        id_number = mask_id(p.id_number) if masked and p.id_number else p.id_number
        row = [
            p.rule,
            rule.title if rule else p.rule,
            p.severity,
            county,
            town,
            village,
            p.household_no,
            id_number,
            p.name,
            p.description,
        ]
        rows.append(row + [p.status] if with_status else row)
    return rows


def problems_write(
    path: Path,
    problems: QuerySet[Problem] | Iterable[Problem],
    *,
    with_status: bool = False,
    masked: bool = False,
    sheets: str = "village",
) -> int:
    """Write the problems to .csv or .xlsx; XLSX sheets by village (sections by rule) or by rule."""
    header = list(COLUMNS) + ([STATUS_COLUMN] if with_status else [])
    rows = problem_rows(problems, with_status=with_status, masked=masked)
    writer = TableWriter(path, sheet_title="问题清单")
    if not writer.xlsx:
        writer.row(header)
        writer.rows(rows)
    elif sheets == "rule":
        _by_rule(writer, header, rows)
    else:
        _by_village(writer, header, rows)
    writer.close()
    return len(rows)


def _by_village(writer: TableWriter, header: list[str], rows: list[list[str]]) -> None:
    first = True
    for (_town, village), village_rows in groupby(rows, key=lambda r: (r[4], r[5])):
        _sheet(writer, village or "未知村", first)
        first = False
        writer.row(header)
        for (code, title), rule_rows in groupby(list(village_rows), key=lambda r: (r[0], r[1])):
            section = list(rule_rows)
            writer.row([f"{code} {title}（{len(section)}条）"])
            writer.rows(section)
    if first:
        writer.row(header)


def _by_rule(writer: TableWriter, header: list[str], rows: list[list[str]]) -> None:
    order = _rule_order()
    ordered = sorted(rows, key=lambda r: (order.get(r[0], 999), r[5], r[6]))
    first = True
    for code, rule_rows in groupby(ordered, key=lambda r: r[0]):
        _sheet(writer, code, first)
        first = False
        writer.row(header)
        writer.rows(rule_rows)
    if first:
        writer.row(header)


def _sheet(writer: TableWriter, title: str, first: bool) -> None:
    if first:
        writer.sheet.title = title[:31]
    else:
        writer.add_sheet(title)
