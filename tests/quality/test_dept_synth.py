import csv
from collections import Counter

import pyarrow as pa
import pytest
from django.core.management import call_command

from fangfanpin.quality.departments import DEPARTMENTS
from fangfanpin.quality.dept_load import department_file_load
from fangfanpin.quality.synth_dept import read_persons, synthesize_departments
from fangfanpin.registry.synth import SynthOptions, synthesize


@pytest.fixture(scope="module")
def households(tmp_path_factory):
    out = tmp_path_factory.mktemp("registry")
    synthesize(SynthOptions(households=400, seed=3, out=out))
    return out / "监测对象信息.csv"


def _planted(folder):
    with (folder / "planted_dept.csv").open(encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def test_it_writes_a_file_per_department_and_plants_a_finding_for_every_dept_rule(households, tmp_path):
    result = synthesize_departments(households_csv=households, out=tmp_path, seed=5)
    assert sorted(p.stem for p in tmp_path.glob("*.csv") if p.stem != "planted_dept") == sorted(DEPARTMENTS)
    rules = Counter(row["规则编号"] for row in _planted(tmp_path))
    assert sorted(rules) == [f"DEPT-{n:02d}" for n in range(1, 18)]
    assert result.planted == sum(rules.values())


def test_the_same_seed_gives_the_same_files(households, tmp_path):
    synthesize_departments(households_csv=households, out=tmp_path / "a", seed=5)
    synthesize_departments(households_csv=households, out=tmp_path / "b", seed=5)
    for code in DEPARTMENTS:
        assert (tmp_path / "a" / f"{code}.csv").read_bytes() == (tmp_path / "b" / f"{code}.csv").read_bytes()


def test_rows_scale_the_total(households, tmp_path):
    natural = sum(synthesize_departments(households_csv=households, out=tmp_path / "a", seed=5).rows.values())
    scaled = sum(
        synthesize_departments(
            households_csv=households, out=tmp_path / "b", seed=5, rows=3 * natural
        ).rows.values()
    )
    smaller = sum(
        synthesize_departments(
            households_csv=households, out=tmp_path / "c", seed=5, rows=natural // 2
        ).rows.values()
    )
    assert 2.8 * natural < scaled < 3.2 * natural
    assert 0.4 * natural < smaller < 0.6 * natural


@pytest.mark.django_db
def test_every_file_loads_with_only_its_planted_breakage_rejected(households, tmp_path):
    synthesize_departments(households_csv=households, out=tmp_path, seed=5)
    ids = pa.array(sorted({number[:18] for number in read_persons(households).ids.tolist()}))
    for code in DEPARTMENTS:
        batch = department_file_load(path=tmp_path / f"{code}.csv", department=code, registry_ids=ids)
        assert batch.status == "done", code
        assert batch.rows_duplicate == 2, code
        assert [i.reason for i in batch.issues.filter(kind="rejected")] == [
            f"第{i.row_no}行：证件号码被Excel转成了科学计数法（{i.id_raw}），无法还原，请把该列设为文本后重新导出"
            for i in batch.issues.filter(kind="rejected")
        ], code
        assert batch.rows_rejected <= 1, code
        assert 1 <= batch.rows_unmatched <= batch.rows_loaded * 0.025 + 1, code


def test_the_command_reports_what_it_wrote(households, tmp_path, capsys):
    call_command("synth_dept", "--households-csv", str(households), "--out", str(tmp_path), "--seed", "5")
    assert "已生成15个部门文件" in capsys.readouterr().out
