"""Build national-format files for tests: one dict per person, headers from the column spec."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from fangfanpin.core.idcard import make_id
from fangfanpin.registry.columns import HOUSEHOLD_COLUMNS

HEADERS = [c.header for c in HOUSEHOLD_COLUMNS]
HOUSEHOLD_DEFAULTS = {
    "县": "香格里拉市",
    "乡": "小中甸镇",
    "村": "联合村",
    "组": "示例一组",
    "户类型": "脱贫户",
    "户联系电话": "13987654321",
    "经度": "99.750329",
    "纬度": "27.812345",
    "年度": "2021",
    "工资性收入": "12000",
    "生产经营性收入": "3000",
    "财产性收入": "0",
    "转移性收入": "1000",
    "生产经营性支出": "600",
}


def person(household_no: str, name: str, relation: str, born: dt.date, serial: int, **fields: Any) -> dict:
    sex = fields.pop("性别", "男" if serial % 2 else "女")
    return {
        **HOUSEHOLD_DEFAULTS,
        "户编号": household_no,
        "姓名": name,
        "与户主关系": relation,
        "性别": sex,
        "证件类型": "居民身份证",
        "证件号码": make_id("533421", born, serial),
        "出生日期": born.strftime("%Y%m%d"),
        "民族": "藏族",
        "健康状况": "健康",
        "劳动技能": "普通劳动力",
        "人员状态": "在册",
        **fields,
    }


def family(household_no: str = "5334011012010001", **household: Any) -> list[dict]:
    """A household of three: head, spouse and a school child."""
    return [
        person(household_no, "扎西", "户主", dt.date(1975, 3, 2), 11, **household),
        person(household_no, "卓玛", "配偶", dt.date(1978, 6, 9), 22, **household),
        person(
            household_no,
            "次仁",
            "之子",
            dt.date(2010, 9, 1),
            31,
            在校生状况="七年级",
            劳动技能="无劳动力",
            **household,
        ),
    ]


def write_csv(
    path: Path,
    people: list[dict],
    *,
    encoding: str = "utf-8-sig",
    title: bool = True,
    headers: list[str] | None = None,
) -> Path:
    headers = headers or HEADERS
    with path.open("w", encoding=encoding, newline="") as f:
        writer = csv.writer(f)
        if title:
            writer.writerow(["监测对象信息"])
            writer.writerow(["导出时间：2021-11-30"])
        writer.writerow(headers)
        writer.writerows([[p.get(h, "") for h in headers] for p in people])
    return path


def write_xlsx(path: Path, people: list[dict], *, merged_title: bool = True) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["监测对象信息"])
    if merged_title:
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=10)
    sheet.append(["说明：本表由系统导出"])
    sheet.append(HEADERS)
    for p in people:
        sheet.append([p.get(h, "") for h in HEADERS])
    workbook.save(path)
    return path
