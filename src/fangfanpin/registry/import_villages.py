"""Import the village export (FORMATS §3): towns, villages and their groups, and each village's yearly figures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction

from fangfanpin.areas.models import Area
from fangfanpin.areas.services import group_ensure
from fangfanpin.core.audit import audit
from fangfanpin.core.enums import AreaLevel
from fangfanpin.registry.import_households import apply_values
from fangfanpin.registry.importer import (
    ErrorList,
    ImportResult,
    Progress,
    check_year,
    data_rows,
    out_of_scope,
)
from fangfanpin.registry.layout import Row, area_names
from fangfanpin.registry.models import VillageYear


def _check_row(
    row: Row, year: int | None, counties: set[str], errors: ErrorList, seen: dict, scope: str | None
) -> None:
    for message in row.errors:
        errors.add(message)
    code = row.values["row"].get("code", "")
    county, town, village = area_names(row)
    if len(code) != 12 or not code.isdigit():
        errors.add(f"第{row.number}行，列“村代码”：“{code}”不是12位数字的行政区划代码")
    elif code[:6] + "000000" not in counties:
        errors.add(f"第{row.number}行，列“村代码”：县级区划{code[:6]}（{county}）不在系统中")
    else:
        out_of_scope(row.number, area_names(row), code, scope, errors)
    if not town or not village:
        errors.add(f"第{row.number}行：乡或村的名称为空")
    key = (code, check_year(row.number, row.values["row"].get("year"), year, errors))
    if key in seen:
        errors.add(f"第{row.number}行，列“村代码”：与第{seen[key]}行重复（{code}）")
    seen.setdefault(key, row.number)


def run(
    *,
    path: Path,
    year: int | None,
    actor: Any,
    batch: Any,
    progress: Progress | None,
    scope: str | None = None,
) -> ImportResult:
    """Check every row, then create the areas and write the village-years in one transaction."""
    errors, seen = ErrorList(), dict[tuple[str, int | None], int]()
    counties = set(Area.objects.filter(level=AreaLevel.COUNTY).values_list("code", flat=True))
    _, rows = data_rows(path)
    checked = list(rows)  # a village file has at most a few thousand rows
    for row in checked:
        _check_row(row, year, counties, errors, seen, scope)
    if not checked:
        errors.add("文件中只有表头，没有任何数据行")
    errors.raise_if_any()
    result = ImportResult(kind="village", rows=len(checked))
    groups: dict[tuple[str, str], Area] = {}
    with transaction.atomic():
        for row in checked:
            _write_row(row, year, result, groups)
        audit("registry.village.imported", actor=actor, subject=path.name, summary=result.summary())
    return result


def _ensure(code: str, name: str, level: str, parent: str, result: ImportResult) -> Area:
    area, created = Area.objects.get_or_create(
        code=code, defaults={"name": name, "level": level, "parent_id": parent}
    )
    if created:
        result.created[level] = result.created.get(level, 0) + 1
    elif area.name != name:
        area.name = name
        area.save(update_fields=["name"])
        result.updated[level] = result.updated.get(level, 0) + 1
    return area


def _write_row(row: Row, year: int | None, result: ImportResult, groups: dict[tuple[str, str], Area]) -> None:
    code = row.values["row"]["code"]
    _, town_name, village_name = area_names(row)
    town = _ensure(code[:9] + "000", town_name, AreaLevel.TOWN, code[:6] + "000000", result)
    village = _ensure(code, village_name, AreaLevel.VILLAGE, town.code, result)
    for group in [
        g for g in row.values["row"].get("groups", "").replace("，", "、").split("、") if g.strip()
    ]:
        group_ensure(village_code=village.code, name=group.strip(), cache=groups)
    values = {k: v for k, v in row.values["row"].items() if k not in ("code", "groups", "year")}
    record_year = int(row.values["row"].get("year") or year or 0)
    record = VillageYear.objects.filter(village=village, year=record_year).first()
    if record is None:
        VillageYear.objects.create(village=village, year=record_year, raw=row.raw.get("row", {}), **values)
        result.created["村年度"] = result.created.get("村年度", 0) + 1
    elif apply_values(record, "row", values, row.raw.get("row", {}), "村"):
        record.save()
        result.updated["村年度"] = result.updated.get("村年度", 0) + 1
