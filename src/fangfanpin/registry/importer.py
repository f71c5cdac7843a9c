"""Import the national exports (FORMATS §1–§3) in two phases: check every row, then write in one transaction.

File errors (unreadable file, missing columns, rows of one household disagreeing) refuse the whole file.
Data problems (bad check digits, impossible dates, negative incomes, duplicate IDs) are imported as they are:
finding them is the data-quality engine's work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fangfanpin.areas.models import Area
from fangfanpin.core.enums import AreaLevel
from fangfanpin.core.tabular import FileRefused, is_blank, open_table
from fangfanpin.registry.layout import Layout, Row, layout_for, read_row

MAX_ERRORS = 200
KEY_HEADERS = ("证件号码", "村代码")  # a header row holds one of these
Progress = Callable[[str, int, int], None]  # (phase, rows done, rows total or 0)


@dataclass
class ImportResult:
    kind: str
    rows: int = 0
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{k}{v}" for k, v in self.created.items() if v]
        changed = [f"{k}{v}" for k, v in self.updated.items() if v]
        text = f"读取{self.rows}行"
        text += f"，新增{'、'.join(parts)}" if parts else ""
        text += f"，更新{'、'.join(changed)}" if changed else ""
        return text + ("，没有任何变化" if not parts and not changed else "")


class ErrorList:
    """Collect file errors with row and column; stop listing after MAX_ERRORS but keep counting."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self.count = 0

    def add(self, message: str) -> None:
        self.count += 1
        if len(self.items) < MAX_ERRORS:
            self.items.append(message)

    def raise_if_any(self) -> None:
        if self.count:
            more = self.count - len(self.items)
            raise FileRefused(self.items + ([f"……另有{more}处错误未列出"] if more else []))


def file_layout(path: Path) -> Layout:
    """Which export a file is and where its columns are, from its header alone."""
    return layout_for(open_table(path, KEY_HEADERS, header_only=True))


def data_cells(path: Path) -> tuple[Layout, Iterator[tuple[int, list[Any]]]]:
    """Open a file, map its columns and yield its non-blank rows as (row number, cells)."""
    table = open_table(path, KEY_HEADERS)
    layout = layout_for(table)
    return layout, ((number, cells) for number, cells in table.rows if not is_blank(cells))


def data_rows(path: Path) -> tuple[Layout, Iterator[Row]]:
    """Open a file, map its columns and yield its non-blank rows parsed."""
    layout, cells = data_cells(path)
    return layout, (read_row(layout, number, row) for number, row in cells)


def out_of_scope(
    number: int, names: tuple[str, str, str], code: str, scope: str | None, errors: ErrorList
) -> bool:
    """Refuse a row of an area the importing user does not act on."""
    if scope is None or code.startswith(scope):
        return False
    errors.add(f"第{number}行：“{'/'.join(names)}”不在您管辖的区域内，不能导入")
    return True


def village_index() -> dict[tuple[str, str, str], str]:
    """Map (县, 乡, 村) names to the village code, for every village in the registry."""
    areas = {
        a.code: a
        for a in Area.objects.filter(level__in=[AreaLevel.COUNTY, AreaLevel.TOWN, AreaLevel.VILLAGE])
    }
    index = {}
    for area in areas.values():
        if area.level != AreaLevel.VILLAGE:
            continue
        town = areas.get(area.parent_id or "")
        county = areas.get(town.parent_id or "") if town else None
        if town and county:
            index[(county.name, town.name, area.name)] = area.code
    return index


def check_year(number: int, in_file: int | None, year: int | None, errors: ErrorList) -> int | None:
    """Resolve a row's 年度 from the file or the command; a conflict between them is a file error."""
    if year and in_file and in_file != year:
        errors.add(f"第{number}行，列“年度”：文件中为{in_file}，导入时指定为{year}")
    resolved = in_file or year
    if not resolved:
        errors.add(f"第{number}行：没有年度（文件中没有“年度”列，导入时也没有指定年度）")
    return resolved


def national_file_import(
    *,
    path: Path,
    year: int | None = None,
    actor: Any = None,
    batch: Any = None,
    progress: Progress | None = None,
    scope: str | None = None,
) -> ImportResult:
    """Import one national-format file; raise FileRefused, writing nothing, when it cannot be imported.

    `scope` is the area-code prefix the importing user acts on: rows of other areas refuse the file.
    """
    from fangfanpin.registry import import_households, import_villages, import_work

    layout = file_layout(path)
    importers = {"household": import_households, "work": import_work, "village": import_villages}
    module = importers[layout.kind.code]
    result: ImportResult = module.run(
        path=path, year=year, actor=actor, batch=batch, progress=progress, scope=scope
    )
    if layout.unknown:
        result.notices.append("以下列不是标准列，已忽略：" + "、".join(layout.unknown))
    return result
