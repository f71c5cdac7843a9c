"""Synthetic department files (FORMATS §4) for the persons of a synthetic household export.

Most rows agree with the registry; a small planted share disagrees the way the DEPT rules look for (each
listed in planted_dept.csv), a few IDs arrive broken the ways real files break them, a couple of rows are
exact duplicates, and about 2 % of each file are people the registry does not hold. Columns are generated
whole with numpy, so ten million rows take a few minutes; the same seed gives the same files.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from fangfanpin.quality.departments import DEPARTMENTS
from fangfanpin.quality.synth_dept_base import Persons, Rows, Scale
from fangfanpin.quality.synth_dept_rows import GENERATORS

UNMATCHED_SHARE = 0.02
STRANGERS_AREA = "530102"
_NEEDED = (
    "户编号", "户类型", "监测对象类别", "风险是否已消除", "姓名", "证件号码", "出生日期", "与户主关系", "健康状况",
    "残疾类别", "残疾等级", "在校生状况", "是否参加城乡居民基本医疗保险", "是否参加城镇职工基本医疗保险",
    "是否参加城镇职工基本养老保险", "享受低保政策情况", "享受特困供养政策情况", "人员状态", "变更原因", "变更时间",
    "是否危房户", "危房等级", "是否解决安全饮用水", "年度",
)  # fmt: skip
_WEIGHTS = np.array((7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2), dtype=np.int64)
_CHECKS = np.array(list("10X98765432"))


class SynthDeptError(ValueError):
    """The household export cannot be read, or the options make no sense."""


@dataclass
class DeptSynthResult:
    rows: dict[str, int] = field(default_factory=dict)
    planted: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        total = sum(self.rows.values())
        return f"已生成{len(self.rows)}个部门文件，共{total:,}行，埋设比对问题{self.planted}处"


def read_persons(path: Path, year: int | None = None) -> Persons:
    """Read the persons of a household export (FORMATS §1), one per ID (the latest year's row)."""
    try:
        table = pcsv.read_csv(
            path,
            convert_options=pcsv.ConvertOptions(
                include_columns=list(_NEEDED),
                column_types=dict.fromkeys(_NEEDED, pa.string()),
                strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, KeyError, OSError) as error:
        raise SynthDeptError(f"无法读取监测对象信息文件 {path}：{error}") from None
    years = table.column("年度").to_numpy(zero_copy_only=False)
    latest = year or max((int(y) for y in set(years.tolist()) if y), default=dt.date.today().year)
    columns = {name: table.column(name).to_numpy(zero_copy_only=False) for name in _NEEDED}
    # A department holds people by their real ID: registry IDs of a wrong shape have no department rows.
    shaped = pc.match_substring_regex(table.column("证件号码"), r"^\d{17}[\dX](\d\d(\d\d)?)?$").to_numpy(
        zero_copy_only=False
    )
    keep = _last_per_id(columns["证件号码"])
    keep = keep[shaped[keep]]
    return Persons({k: v[keep] for k, v in columns.items()}, year=latest)


def _last_per_id(ids: np.ndarray) -> np.ndarray:
    order = np.arange(len(ids))[::-1]
    _, first = np.unique(ids[::-1], return_index=True)
    return np.sort(order[first])


def make_ids(rng: np.random.Generator, n: int, area: str = "533421") -> np.ndarray:
    """Valid 18-digit IDs of an area, born 1940-2015 (not necessarily distinct)."""
    born = np.datetime64("1940-01-01") + rng.integers(0, 27_000, n).astype("timedelta64[D]")
    month = born.astype("datetime64[M]")
    ymd = (born.astype("datetime64[Y]").astype(np.int64) + 1970) * 10_000 + (
        month.astype(np.int64) % 12 + 1
    ) * 100
    ymd += (born - month).astype(np.int64) + 1
    first17 = (int(area) * 10**11 + ymd * 1000 + rng.integers(0, 1000, n)).astype(str)
    digits = (
        np.frombuffer(first17.astype("S17").tobytes(), dtype=np.uint8).reshape(n, 17).astype(np.int64) - 48
    )
    return np.char.add(first17, _CHECKS[(digits @ _WEIGHTS) % 11]).astype(object)


def synthesize_departments(
    *, households_csv: Path, out: Path, seed: int, rows: int | None = None, year: int | None = None
) -> DeptSynthResult:
    """Write one CSV per department (FORMATS §4) and planted_dept.csv into `out`."""
    persons = read_persons(households_csv, year)
    if not len(persons):
        raise SynthDeptError(f"{households_csv} 中没有人员")
    out.mkdir(parents=True, exist_ok=True)
    scale = Scale.for_total(persons, rows)
    if scale.share < 1:
        persons = persons.sample(scale.share, np.random.default_rng([seed, 99]))
    result, planted = DeptSynthResult(), []
    for index, (code, generate) in enumerate(GENERATORS.items()):
        rng = np.random.default_rng([seed, index])
        generated = generate(persons, rng, scale)
        table = _finish(generated, persons, rng, code)
        _write(out / f"{code}.csv", table)
        result.rows[code] = table.num_rows
        planted += [(rule, code, number, note) for rule, number, note in generated.planted]
    _write_planted(out / "planted_dept.csv", planted)
    result.planted = len(planted)
    return result


def _finish(generated: Rows, persons: Persons, rng: np.random.Generator, code: str) -> pa.Table:
    """Add people the registry does not hold, break a few IDs, repeat a couple of rows, and name the columns."""
    columns = generated.columns
    n = len(columns["id"])
    extra = max(1, round(n * UNMATCHED_SHARE)) if n else 0
    if extra:
        pick = rng.integers(0, n, extra)
        columns = {k: np.concatenate([v, v[pick]]) for k, v in columns.items()}
        columns["id"][n:] = make_ids(rng, extra, area=STRANGERS_AREA)  # a county the registry does not cover
        columns["name"][n:] = persons["姓名"][rng.integers(0, len(persons), extra)]
    columns["id"] = columns["id"].astype(object)
    planted = {number for _, number, _ in generated.planted}
    broken = _break_ids(columns["id"], planted, rng)
    fmt = DEPARTMENTS[code]
    headers = {"id": "证件号码", "name": "姓名", **{c.name: c.header for c in fmt.columns}}
    table = pa.table({headers[k]: pa.array(v) for k, v in columns.items()})
    whole = np.setdiff1d(np.arange(table.num_rows), broken)
    again = np.sort(rng.choice(whole, min(2, len(whole)), replace=False))
    return pa.concat_tables([table, table.take(pa.array(again))])


def _break_ids(ids: np.ndarray, planted: set[str], rng: np.random.Generator) -> np.ndarray:
    """Damage a few IDs the ways Excel and clerks do (all but scientific notation can be repaired on load)."""
    count = min(len(ids), max(len(_FORMS), min(200, len(ids) // 20_000)))
    positions = [i for i in rng.choice(len(ids), count, replace=False).tolist() if ids[i] not in planted]
    for position, form in zip(positions, _FORMS * count, strict=False):
        ids[position] = form(ids[position])
    return np.array(positions, dtype=int)


def _old15(number: str) -> str:
    return number[:6] + number[8:17] if number[6:8] == "19" else number[:6] + " " + number[6:]


def _full_width(number: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) for c in number)


def _lower_x(number: str) -> str:
    return number.lower() if number.endswith("X") else f"{number[:6]} {number[6:14]} {number[14:]}"


def _scientific(number: str) -> str:
    return f"{number[0]}.{number[1:6]}E+17"


def _spaced(number: str) -> str:
    return f" {number[:6]} {number[6:]}\t"


_FORMS: list[Callable[[str], str]] = [
    _old15,
    _full_width,
    _lower_x,
    _spaced,
    _old15,
    _full_width,
    _scientific,
]


def _write(path: Path, table: pa.Table) -> None:
    """Write UTF-8 CSV with a BOM (Excel opens it), quoting nothing: generated values hold no commas."""
    with path.open("wb") as f:
        f.write(codecs.BOM_UTF8)
        pcsv.write_csv(table, f, pcsv.WriteOptions(quoting_style="none"))


def _write_planted(path: Path, planted: list[tuple[str, str, str, str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(("规则编号", "部门", "证件号码", "说明"))
        writer.writerows(sorted(planted))
