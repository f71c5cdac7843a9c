"""A check run: snapshot kept, problems followed from run to run, waivers, scores and the problem files."""

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from openpyxl import load_workbook

from fangfanpin.core.idcard import make_id
from fangfanpin.quality.models import CheckRun, Problem, ProblemStatus, VillageScore
from fangfanpin.quality.services import check_run, problem_mark, problem_unwaive, problem_waive

from ..factories import MemberFactory, household_make

BAD_ID = "53342119800101"


def _member_with_short_id(township, **extra):
    household = household_make(village=township.lianhe, head="卓玛")
    return MemberFactory(household=household, name="扎西", relation="之子", id_number=BAD_ID, **extra)


def _run(*codes):
    return check_run(year=2021, rules=list(codes))


def test_it_keeps_the_snapshot_it_read(township):
    _member_with_short_id(township)
    run = _run("ID-01")
    snapshot = Path(run.snapshot_dir)
    manifest = json.loads((snapshot / "manifest.json").read_text())
    assert manifest["year"] == 2021
    assert manifest["rows"]["member"] == 2
    assert (snapshot / "member.parquet").exists()
    assert run.status == "done"
    assert run.summary["findings"] == 1 and run.summary["new"] == 1


def test_a_rerun_closes_what_was_fixed_and_keeps_the_history(township):
    member = _member_with_short_id(township)
    _run("ID-01")
    problem = Problem.objects.get()
    assert (problem.rule, problem.subject, problem.status) == ("ID-01", f"M{member.pk}", "待整改")
    assert problem.household_no == member.household.household_no
    problem_mark(problem=problem, status=ProblemStatus.FIXED, actor=_user("village_operator"))
    member.id_number = make_id("533421", dt.date(2001, 2, 3), 5)
    member.save()
    run = _run("ID-01")
    problem.refresh_from_db()
    assert problem.status == "已核实"
    assert run.summary["closed"] == 1
    assert [(e.status_from, e.status_to, e.note) for e in problem.events.all()] == [
        ("", "待整改", "检查发现"),
        ("待整改", "已整改", ""),
        ("已整改", "已核实", "复查未再发现，自动销号"),
    ]


def test_a_problem_marked_fixed_that_still_fires_goes_back(township):
    _member_with_short_id(township)
    _run("ID-01")
    problem = Problem.objects.get()
    problem_mark(problem=problem, status=ProblemStatus.FIXED, actor=_user("village_operator"))
    _run("ID-01")
    problem.refresh_from_db()
    assert problem.status == "待整改"
    assert problem.events.last().note == "复查仍发现该问题，退回整改"


def test_a_waiver_holds_until_the_data_changes(township):
    member = _member_with_short_id(township)
    _run("ID-01")
    problem = Problem.objects.get()
    problem_waive(problem=problem, reason="户籍系统原始号码即如此", actor=_user("township_admin"))
    _run("ID-01")
    problem.refresh_from_db()
    assert problem.status == "豁免"
    member.id_number = "5334211980010"
    member.save()
    _run("ID-01")
    problem.refresh_from_db()
    assert problem.status == "待整改"
    assert problem.description == "证件号码“5334211980010”为13位（应为18、20或22位）"
    assert problem.events.last().note == "数据已变化，豁免失效"


def test_a_waiver_needs_a_reason_and_an_approver(township):
    _member_with_short_id(township)
    _run("ID-01")
    problem = Problem.objects.get()
    with pytest.raises(PermissionDenied):
        problem_waive(problem=problem, reason="理由", actor=_user("village_operator"))
    with pytest.raises(ValidationError) as refused:
        problem_waive(problem=problem, reason="  ", actor=_user("city_admin"))
    assert refused.value.messages == ["豁免必须填写理由"]
    problem_waive(problem=problem, reason="理由", actor=_user("city_admin"))
    problem_unwaive(problem=problem, actor=_user("city_admin"))
    assert problem.status == "待整改"


def test_a_village_cannot_verify_a_problem_itself(township):
    _member_with_short_id(township)
    _run("ID-01")
    with pytest.raises(ValidationError) as refused:
        problem_mark(
            problem=Problem.objects.get(), status=ProblemStatus.VERIFIED, actor=_user("village_operator")
        )
    assert refused.value.messages == ["“待整改”的问题不能改为“已核实”"]


def test_it_scores_each_village_by_open_findings_per_100_households(township):
    _member_with_short_id(township)  # one 错误 in 联合村 (1 household)
    household_make(village=township.heping)
    run = _run("ID-01")
    scores = {
        s.village_id: (s.households, s.errors, str(s.score)) for s in VillageScore.objects.filter(run=run)
    }
    assert scores == {township.lianhe.code: (1, 1, "300.00"), township.heping.code: (1, 0, "0.00")}


def test_ffp_check_writes_the_problem_files(township, tmp_path):
    member = _member_with_short_id(township)
    call_command("check", "--rules", "ID-01", "--out", str(tmp_path / "out"))
    with open(tmp_path / "out" / "problems.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows == [
        ["规则编号", "规则名称", "严重程度", "县", "乡", "村", "户编号", "证件号码", "姓名", "问题描述"],
        [
            "ID-01",
            "证件号码为空或位数不对",
            "错误",
            "香格里拉市",
            "小中甸镇",
            "联合村",
            member.household.household_no,
            BAD_ID,
            "扎西",
            f"证件号码“{BAD_ID}”为14位（应为18、20或22位）",
        ],
    ]
    book = load_workbook(tmp_path / "out" / "problems.xlsx")
    assert book.sheetnames == ["联合村"]
    values = [[c for c in row if c is not None] for row in book["联合村"].iter_rows(values_only=True)]
    assert values[1] == ["ID-01 证件号码为空或位数不对（1条）"]
    assert values[2][0] == "ID-01"


def test_ffp_check_leaves_waived_problems_out_unless_all(township, tmp_path):
    _member_with_short_id(township)
    call_command("check", "--rules", "ID-01", "--out", str(tmp_path / "a"))
    problem_waive(problem=Problem.objects.get(), reason="理由", actor=_user("city_admin"))
    call_command("check", "--rules", "ID-01", "--out", str(tmp_path / "b"))
    call_command("check", "--rules", "ID-01", "--out", str(tmp_path / "c"), "--all")
    assert len((tmp_path / "b" / "problems.csv").read_text(encoding="utf-8-sig").splitlines()) == 1
    lines = (tmp_path / "c" / "problems.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].endswith(",问题描述,状态") and lines[1].endswith(",豁免")
    assert CheckRun.objects.count() == 3


def test_ffp_check_refuses_an_unknown_rule(township, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as refused:
        call_command("check", "--rules", "ID-01,XX-99", "--out", str(tmp_path))
    assert str(refused.value) == "没有这些规则：XX-99"


def _user(role):
    from fangfanpin.areas.models import User

    return User.objects.get_or_create(username=role, defaults={"role": role})[0]


def test_ffp_check_without_out_still_runs_djangos_system_checks(capsys):
    from django.core.management import ManagementUtility

    ManagementUtility(["ffp", "check"]).execute()
    assert capsys.readouterr().out == "System check identified no issues (0 silenced).\n"
