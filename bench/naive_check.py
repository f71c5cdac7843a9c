"""The straightforward way: a county checker's script over the national exports, one person at a time.

What a county writes without an engine: pandas reads the household-member export (FORMATS §1) and each
department's CSV (§4), and plain Python loops over the rows with a dict per household and per ID. It
implements a subset of the catalogue with the catalogue's meaning (RULES.md and the rule SQL, the same
reference dates and normalisation), so that bench_check.py can require the same number of findings per
rule from both. Prints one JSON object: seconds reading, seconds looping, findings per rule.

    .venv/bin/python bench/naive_check.py --export DIR --departments DIR [--dump FILE]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pandas as pd

from fangfanpin.core.enums import (
    EMPTY_WORDS,
    FEMALE_ONLY_RELATIONS,
    MALE_ONLY_RELATIONS,
    NO_WORDS,
    YES_WORDS,
)
from fangfanpin.core.idcard import check_char

RULES = [
    "ID-01",
    "ID-02",
    "ID-04",
    "ID-05",
    "ID-06",
    "HH-01",
    "HH-02",
    "HH-05",
    "HH-08",
    "AGE-01",
    "AGE-02",
    "AGE-04",
    "INS-01",
    "INS-03",
    "WORK-02",
    "WORK-08",
    "WORK-09",
    "GAP-01",
    "GAP-04",
    "GAP-05",
    "INC-01",
    "INC-02",
    "INC-05",
    "DEPT-01",
    "DEPT-02",
    "DEPT-03",
    "DEPT-08",
    "DEPT-10",
    "DEPT-12",
    "DEPT-13",
    "DEPT-16",
    "DEPT-17",
]
YEAR = 2021
REF_DATE = dt.date(2021, 9, 30)  # income rules
SCHOOL_DATE = dt.date(2021, 9, 1)  # school rules
LINE = Decimal(6000)
STRONG_LABOUR = ("普通劳动力", "技能劳动力")
INCOMES = ("工资性收入", "生产经营性收入", "财产性收入", "转移性收入")
AMOUNTS = [
    *INCOMES,
    "生产经营性支出",
    "理赔收入",
    "合规自付支出",
    *(f"识别时{x}" for x in (*INCOMES, "生产经营性支出", "理赔收入", "合规自付支出")),
    *(f"风险消除后{x}" for x in (*INCOMES, "生产经营性支出")),
]
DEPARTMENTS = [
    "gongan_huji",
    "gongan_cheliang",
    "ziranziyuan_budongchan",
    "caizheng_gongyang",
    "shichang_zhuti",
    "yibao_canbao",
    "renshe_yanglao",
    "renshe_jiuye",
    "minzheng_jiuzhu",
    "canlian_canjiren",
    "jiaoyu_xueji",
    "zhujian_weifang",
    "shuili_yinshui",
    "yingji_shouzai",
    "weijian_bingzhong",
]
MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
ID_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")


def text(value: str) -> str:
    """A cell as the registry keeps it: trimmed, half-width, and '' for the words that mean empty."""
    value = value.strip()
    value = value if value.isascii() else unicodedata.normalize("NFKC", value).strip()
    return "" if value in EMPTY_WORDS else value


def number(value: str) -> Decimal | None:
    value = text(value)
    if not value:
        return None
    try:
        return Decimal(value.replace(",", ""))
    except InvalidOperation:
        return None


def flag(value: str) -> bool | None:
    value = text(value)
    return True if value in YES_WORDS else False if value in NO_WORDS else None


def date(value: str) -> dt.date | None:
    value = text(value)
    try:
        if len(value) == 8 and value.isdigit():
            return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
        if re.match(r"^\d{4}-\d{1,2}-\d{1,2}$", value):
            y, m, d = value.split("-")
            return dt.date(int(y), int(m), int(d))
    except ValueError:
        return None
    return None


def age_at(birth: dt.date | None, day: dt.date) -> int | None:
    if birth is None:
        return None
    return day.year - birth.year - (1 if (birth.month, birth.day) > (day.month, day.day) else 0)


def id_birth(id18: str) -> dt.date | None:
    try:
        return dt.date(int(id18[6:10]), int(id18[10:12]), int(id18[12:14]))
    except ValueError:
        return None


def department_id(value: str) -> str:
    """A department's ID as the registry matches it: no spaces, half-width, upper-case, 18 characters."""
    value = unicodedata.normalize("NFKC", value).replace(" ", "").replace("\t", "").strip().upper()
    if len(value) == 15 and value.isdigit():
        first17 = value[:6] + "19" + value[6:]
        return first17 + check_char(first17)
    return value[:18] if len(value) in (18, 20, 22) else ""


def same_name(name: str) -> str:
    for mark in (" ", "\u3000", "·", "•", "・", "."):
        name = name.replace(mark, "")
    return name


def read(export: Path, departments: Path) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    people = pd.read_csv(export / "监测对象信息.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    files = {}
    for code in DEPARTMENTS:
        path = departments / f"{code}.csv"
        if path.exists():
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
            files[code] = frame.drop_duplicates()
    return people, files


def rows(frame: pd.DataFrame, as_dicts: bool) -> Iterable[Any]:
    """The rows as pandas gives them (iterrows: one Series per row), or as plain dicts (to_dict)."""
    return frame.to_dict("records") if as_dicts else (row for _, row in frame.iterrows())


def check(
    people: pd.DataFrame, files: dict[str, pd.DataFrame], as_dicts: bool
) -> dict[str, set[tuple[str, str, str]]]:
    """Every finding as (户编号, 证件号码, key) per rule."""
    found: dict[str, set[tuple[str, str, str]]] = {rule: set() for rule in RULES}
    households: dict[str, dict] = {}
    persons: list[dict] = []
    by_id: dict[str, list[dict]] = defaultdict(list)
    for row in rows(people, as_dicts):
        if text(row["年度"]) != str(YEAR):
            continue
        no = text(row["户编号"])
        if no not in households:
            households[no] = household_of(row)
        h = households[no]
        p = person_of(row, no)
        persons.append(p)
        # 家庭人口数 (computed) counts the naturally removed only when they left after the income period.
        if p["status"] != "自然减少" or (p["changed"] is not None and p["changed"] > REF_DATE):
            h["population"] += 1
        if not p["registered"]:
            continue
        h["members"] += 1
        h["heads"] += p["relation"] == "户主"
        h["uninsured"] += p["uninsured"]
        h["out_of_school"] += p["out_of_school"]
        h["dibao_tekun"] += p["dibao"] not in ("", "未享受") or p["tekun"] not in ("", "不享受")
        if p["id18"]:
            by_id[p["id18"]].append(p)
        member_rules(p, found)
    for p in persons:
        if p["registered"] and len(by_id.get(p["id18"], [])) > 1:
            found["ID-04"].add(p["key"])
    phones: dict[str, list[str]] = defaultdict(list)
    for no, h in households.items():
        household_rules(no, h, found)
        if h["phone"]:
            phones[h["phone"]].append(no)
    for numbers in phones.values():
        if len(numbers) > 1:
            found["WORK-09"].update((no, "", "") for no in numbers)
    department_rules(files, by_id, households, found, as_dicts)
    return found


def household_of(row: Any) -> dict:
    category = text(row["监测对象类别"])
    net_parts = [number(row[c]) for c in (*INCOMES, "生产经营性支出")]
    return {
        "kind": text(row["户类型"]),
        "phone": text(row["户联系电话"]),
        "monitored": category not in ("", "清退"),
        "population_recorded": number(row["家庭人口数"]),
        "net_parts": net_parts,
        "net_recorded": number(row["家庭纯收入"]),
        "per_capita_recorded": number(row["人均纯收入（元）"]),
        "transfer": number(row["转移性收入"]),
        "unsafe_housing": flag(row["是否危房户"]),
        "safe_water": flag(row["是否解决安全饮用水"]),
        "amounts": [number(row[c]) for c in AMOUNTS],
        "population": 0,
        "members": 0,
        "heads": 0,
        "uninsured": 0,
        "out_of_school": 0,
        "dibao_tekun": 0,
    }


def person_of(row: Any, no: str) -> dict:
    id_number = text(row["证件号码"]).replace(" ", "").replace("\t", "").upper()
    id18 = id_number[:18]
    born = id_birth(id18) if ID_SHAPE.match(id18) else None
    valid = (
        ID_SHAPE.match(id18) is not None
        and check_char(id18[:17]) == id18[17]
        and born is not None
        and born <= REF_DATE
    )
    birth_date = date(row["出生日期"])
    birth = born if valid else birth_date
    resident, employee = flag(row["是否参加城乡居民基本医疗保险"]), flag(row["是否参加城镇职工基本医疗保险"])
    p = {
        "key": (no, id_number, ""),
        "id": id_number,
        "id18": id18,
        "valid": valid,
        "id_birth": born,
        "id_sex": ("男" if int(id18[16]) % 2 else "女") if ID_SHAPE.match(id18) else None,
        "birth_date": birth_date,
        "age": age_at(birth, REF_DATE),
        "status": text(row["人员状态"]),
        "registered": text(row["人员状态"]) == "在册",
        "changed": date(row["变更时间"]),
        "name": text(row["姓名"]),
        "sex": text(row["性别"]),
        "relation": text(row["与户主关系"]),
        "labour": text(row["劳动技能"]),
        "school": text(row["在校生状况"]),
        "reason": text(row["义务教育阶段未上学原因"]),
        "health": "、".join(p.strip() for p in re.split(r"[、，,;；]", text(row["健康状况"])) if p.strip()),
        "uninsured": not (resident or employee),
        "medical_aid": flag(row["是否接受医疗救助"]),
        "work_months": number(row["务工时间（月）"]),
        "public_job_months": number(row["公益性岗位(月数)"]),
        "dibao": text(row["享受低保政策情况"]),
        "tekun": text(row["享受特困供养政策情况"]),
    }
    school_age = age_at(birth, SCHOOL_DATE)
    # An out-of-school child: compulsory age (6 to 15 at 1 September), not at school, no reason given.
    p["out_of_school"] = (
        school_age is not None
        and 6 <= school_age <= 15
        and p["school"] in ("", "学龄前儿童")
        and not p["reason"]
    )
    return p


def member_rules(p: dict, found: dict[str, set]) -> None:
    """The rules about one registered member."""
    key, age = p["key"], p["age"]
    if len(p["id"]) not in (18, 20, 22):
        found["ID-01"].add(key)
    if len(p["id"]) == 18 and not p["valid"]:
        found["ID-02"].add(key)
    if p["valid"] and p["sex"] != p["id_sex"]:
        found["ID-05"].add(key)
    if p["valid"] and p["birth_date"] != p["id_birth"]:
        found["ID-06"].add(key)
    if (p["relation"] in FEMALE_ONLY_RELATIONS and p["sex"] == "男") or (
        p["relation"] in MALE_ONLY_RELATIONS and p["sex"] == "女"
    ):
        found["HH-05"].add(key)
    if age is not None and age < 16 and p["labour"] not in ("", "无劳动力"):
        found["AGE-01"].add(key)
    if age is not None and age >= 65 and p["labour"] in STRONG_LABOUR:
        found["AGE-02"].add(key)
    if p["out_of_school"]:
        found["AGE-04"].add(key)
    if p["uninsured"]:
        found["INS-01"].add(key)
        if p["medical_aid"]:
            found["INS-03"].add(key)
    months = [m for m in (p["work_months"], p["public_job_months"]) if m is not None]
    if any(m < 0 or m > 12 for m in months):
        found["WORK-02"].add(key)


def household_rules(no: str, h: dict, found: dict[str, set]) -> None:
    key = (no, "", "")
    if h["heads"] == 0:
        found["HH-01"].add(key)
    if h["heads"] > 1:
        found["HH-02"].add(key)
    if h["population_recorded"] is None or h["population_recorded"] != h["members"]:
        found["HH-08"].add(key)
    if not h["phone"] or not MOBILE.match(h["phone"]):
        found["WORK-08"].add(key)
    net = None
    if any(x is not None for x in h["net_parts"]):
        net = sum(x or 0 for x in h["net_parts"][:4]) - (h["net_parts"][4] or 0)
    per_capita = None
    if net is not None and h["population"] > 0:
        per_capita = (net / h["population"]).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if not h["monitored"] and h["members"] > 0:
        if per_capita is not None and per_capita < LINE:
            found["GAP-01"].add(key)
        if h["out_of_school"] > 0:
            found["GAP-04"].add(key)
        if h["uninsured"] > 0:
            found["GAP-05"].add(key)
    if any(x is not None and x < 0 for x in h["amounts"]):
        found["INC-01"].add(key)
    recorded = ((h["net_recorded"], net), (h["per_capita_recorded"], per_capita))
    if any(a is not None and b is not None and abs(a - b) > 1 for a, b in recorded):
        found["INC-02"].add(key)
    if h["dibao_tekun"] > 0 and not h["transfer"]:
        found["INC-05"].add(key)


def department_rules(
    files: dict[str, pd.DataFrame],
    by_id: dict[str, list[dict]],
    households: dict[str, dict],
    found: dict,
    as_dicts: bool,
) -> None:
    medical_cost: dict[str, Decimal] = defaultdict(Decimal)
    certified: set[str] = set()
    for code, frame in files.items():
        for row in rows(frame, as_dicts):
            id18 = department_id(row["证件号码"])
            if code == "canlian_canjiren":
                certified.add(id18)
            people = by_id.get(id18)
            if not people:
                continue
            for p in people:
                department_row(code, row, p, households[p["key"][0]], found)
            if code == "yibao_canbao" and text(row["年度"]) in ("", str(YEAR)):
                medical_cost[id18] += number(row["个人负担医疗费用（元）"]) or 0
    for id18, cost in medical_cost.items():
        for p in by_id[id18]:
            if cost > 20000 and not households[p["key"][0]]["monitored"]:
                found["DEPT-08"].add(p["key"])
    loaded = len(files.get("canlian_canjiren", [])) > 0
    for people in by_id.values():
        for p in people:
            disabled = "残疾" in p["health"]
            if (p["id18"] in certified and not disabled) or (
                p["id18"] not in certified and disabled and loaded
            ):
                found["DEPT-10"].add(p["key"])


def department_row(code: str, row: Any, p: dict, h: dict, found: dict) -> None:
    """The findings one department row makes about one registered member with its ID."""
    no, id_number, _ = p["key"]
    name = text(row["姓名"])
    if name and same_name(name) != same_name(p["name"]):
        found["DEPT-17"].add((no, id_number, code))
    if code == "gongan_huji" and text(row["户籍状态"]) == "死亡注销":
        found["DEPT-01"].add(p["key"])
    if code == "gongan_huji" and text(row["户籍状态"]) in ("迁出注销", "服刑"):
        found["DEPT-02"].add(p["key"])
    if code == "gongan_cheliang" and (h["monitored"] or h["kind"] == "脱贫户") and vehicle(row):
        found["DEPT-03"].add((no, id_number, text(row["号牌号码"])))
    if code == "zhujian_weifang" and h["unsafe_housing"] is False and unsafe_house(row):
        found["DEPT-12"].add((no, "", ""))
    if code == "shuili_yinshui" and flag(row["饮水是否达标"]) is False and h["safe_water"] is True:
        found["DEPT-13"].add((no, "", ""))
    if code == "weijian_bingzhong" and text(row["类别"]) == "大病" and "患有大病" not in p["health"]:
        found["DEPT-16"].add(p["key"])


def unsafe_house(row: Any) -> bool:
    return text(row["鉴定等级"]) in ("C", "D") and text(row["改造状态"]) != "已改造"


def vehicle(row: Any) -> bool:
    status = text(row["车辆状态"])
    return text(row["车辆类型"]) in ("小型汽车", "中型以上客车", "货车") and status in ("", "正常", "A")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--export", type=Path, required=True, help="folder of 监测对象信息.csv")
    parser.add_argument("--departments", type=Path, required=True, help="folder of the department CSVs")
    parser.add_argument(
        "--dicts",
        action="store_true",
        help="loop over to_dict() rows instead of iterrows() (a tighter script)",
    )
    parser.add_argument("--dump", type=Path, help="write every finding's keys to this CSV")
    args = parser.parse_args()
    started = time.perf_counter()
    people, files = read(args.export, args.departments)
    read_seconds = time.perf_counter() - started
    found = check(people, files, args.dicts)
    loop_seconds = time.perf_counter() - started - read_seconds
    if args.dump:
        with args.dump.open("w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows((rule, *key) for rule, keys in found.items() for key in sorted(keys))
    result = {
        "persons": len(people),
        "department_rows": sum(len(f) for f in files.values()),
        "seconds": {"read": read_seconds, "loop": loop_seconds},
        "counts": {rule: len(keys) for rule, keys in found.items()},
    }
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
