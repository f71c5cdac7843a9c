"""The check-run pages (start, progress, result) and the township and city overview."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from fangfanpin.areas.models import Area
from fangfanpin.areas.services import user_create
from fangfanpin.core.enums import Role
from fangfanpin.core.models import AuditEvent
from fangfanpin.quality.models import CheckRun, Problem, VillageScore
from fangfanpin.quality.tasks import PHASES, progress_key
from fangfanpin.quality.views_runs import sparkline

from ..factories import MemberFactory, household_make
from .tables import table_rows

RUNS = reverse("quality:run_list")
OVERVIEW = reverse("quality:overview")
BAD_ID = "53342119800101"


@pytest.fixture(autouse=True)
def local_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()  # run ids repeat from test to test; their progress must not


def _detail(run: CheckRun) -> str:
    return reverse("quality:run_detail", args=[run.pk])


def _short_id_member(village: Area, name: str = "扎西"):
    household = household_make(village=village, head="卓玛")
    return MemberFactory(household=household, name=name, relation="之子", id_number=BAD_ID)


def _other_township_admin(township):
    town = Area.objects.create(code="533401102000", name="虎跳峡镇", level="乡", parent=township.city)
    return user_create(username="hutiaoxia", password="demo12345", role=Role.TOWNSHIP_ADMIN, area=town)


# Starting a run


def test_a_township_admin_starts_a_run_and_sees_its_result(client_as, township_admin, township):
    _short_id_member(township.lianhe)
    _short_id_member(township.lianhe, name="次仁")
    _short_id_member(township.heping)
    client = client_as(township_admin)
    response = client.post(RUNS, {"year": "2021", "rules": "id-01"})
    run = CheckRun.objects.get()
    assert response.status_code == 302 and response["Location"] == _detail(run)
    assert (run.year, run.rules, run.created_by, run.status) == (2021, ["ID-01"], township_admin, "done")
    page = client.get(_detail(run)).content.decode()
    assert '运行 <strong>1</strong> 条规则，发现 <strong class="run-findings">3</strong> 个问题' in page
    assert table_rows(page, "run-villages") == [
        ["联合村", "合计", "", "2"],
        ["联合村", "ID-01 证件号码为空或位数不对", "错误", "2"],
        ["和平村", "合计", "", "1"],
        ["和平村", "ID-01 证件号码为空或位数不对", "错误", "1"],
    ]
    assert f'href="/quality/?village={township.lianhe.code}&amp;rule=ID-01"' in page
    assert AuditEvent.objects.filter(verb="quality.check_run.started", actor=township_admin).count() == 1


def test_a_second_run_waits_until_the_first_is_done(client_as, township_admin, township):
    busy = CheckRun.objects.create(year=2021, status="running")
    response = client_as(township_admin).post(RUNS, {"year": "2021", "rules": ""})
    assert response.status_code == 200
    assert f"检查{busy.pk}尚未完成，请等它完成后再开始新的检查" in response.content.decode()
    assert CheckRun.objects.count() == 1


def test_the_result_shows_what_the_run_did_to_the_problems(client_as, city_admin, township):
    member = _short_id_member(township.lianhe)
    client = client_as(city_admin)
    client.post(RUNS, {"year": "2021", "rules": "ID-01"})
    member.id_number = "533421200102030051"
    member.save()
    client.post(RUNS, {"year": "2021", "rules": "ID-01"})
    first, second = CheckRun.objects.order_by("pk")
    page = client.get(_detail(second)).content.decode()
    stats = dict(zip(_texts(page, "<dt>", "</dt>"), _texts(page, "<dd>", "</dd>"), strict=True))
    assert stats == {"新增": "0", "仍未整改": "0", "重新出现": "0", "自动销号": "1", "维持豁免": "0"}
    assert "您管辖的村没有本次检查发现、仍未销号的问题" in page
    assert "各阶段用时：生成数据快照" in page
    older = client.get(_detail(first)).content.decode()
    assert f'此后已有新的检查（<a href="{_detail(second)}">检查 {second.pk}</a>）' in older


def test_the_result_shows_the_snapshot_kept_with_its_row_counts(client_as, city_admin, township):
    _short_id_member(township.lianhe)
    client = client_as(city_admin)
    client.post(RUNS, {"year": "2021", "rules": "ID-01"})
    run = CheckRun.objects.get()
    page = client.get(_detail(run)).content.decode()
    rows = {name: count for name, count in table_rows(page, "snapshot-tables")}
    assert rows["户 household"] == "1"
    assert rows["家庭成员 member"] == "2"
    assert rows["户年度记录 household_year"] == "1"
    assert rows["上年人均纯收入 household_prev"] == "0"
    assert run.snapshot_dir in page
    assert "本次检查时没有部门数据" in page


def test_unknown_rule_codes_are_refused(client_as, city_admin, township):
    response = client_as(city_admin).post(RUNS, {"year": "2021", "rules": "ID-01, XX-99，yy-1"})
    assert response.status_code == 200
    assert "没有这些规则：XX-99、YY-1" in response.content.decode()
    assert CheckRun.objects.count() == 0


def test_a_year_is_required(client_as, city_admin, township):
    response = client_as(city_admin).post(RUNS, {"year": "", "rules": ""})
    assert response.status_code == 200
    assert "这个字段是必填项。" in response.content.decode()
    assert CheckRun.objects.count() == 0


def test_the_year_offered_is_the_latest_with_data(client_as, township_admin, township):
    household_make(village=township.lianhe, year=2020)
    page = client_as(township_admin).get(RUNS).content.decode()
    assert 'name="year" value="2020"' in page


def test_a_failed_run_shows_its_error(client_as, township_admin, township, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr("fangfanpin.quality.services.catalogue_run", broken)
    client = client_as(township_admin)
    response = client.post(RUNS, {"year": "2021", "rules": ""})
    run = CheckRun.objects.get()
    assert run.status == "failed"
    page = client.get(response["Location"]).content.decode()
    assert "<h2>检查失败</h2>" in page
    assert '<pre class="error-text">RuntimeError: 磁盘已满</pre>' in page
    assert Problem.objects.count() == 0


def test_the_list_shows_earlier_runs(client_as, city_admin, township_admin, township):
    _short_id_member(township.lianhe)
    client_as(township_admin).post(RUNS, {"year": "2021", "rules": "ID-01"})
    CheckRun.objects.create(year=2020, rules=[], status="failed", error="RuleFailed")
    page = client_as(city_admin).get(RUNS).content.decode()
    first, failed = CheckRun.objects.order_by("pk")
    seconds = str(round(sum(first.summary["seconds"].values()), 2))
    assert table_rows(page, "runs") == [
        [f"检查 {failed.pk}", "2020", "全部已启用规则", "命令行", _when(failed), "失败", "—", "—"],
        [f"检查 {first.pk}", "2021", "ID-01", "小中甸镇管理员", _when(first), "已完成", "1", seconds],
    ]


# Progress


def test_a_running_run_shows_its_progress_and_keeps_polling(client_as, township_admin, township):
    run = CheckRun.objects.create(year=2021, status="running", created_by=township_admin)
    cache.set(progress_key(run.pk), {"phase": PHASES["rules"], "done": 3, "total": 17})
    response = client_as(township_admin).get(_detail(run), headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "<html" not in page
    assert f'hx-get="{_detail(run)}" hx-trigger="every 1s"' in page
    assert "<strong>正在运行规则</strong>：已完成 3 / 17 条规则" in page
    assert '<progress max="17" value="3">' in page


def test_the_snapshot_phase_shows_no_rule_count(client_as, township_admin, township):
    run = CheckRun.objects.create(year=2021, status="running")
    cache.set(progress_key(run.pk), {"phase": PHASES["snapshot"], "done": 0, "total": 1})
    page = client_as(township_admin).get(_detail(run), headers={"HX-Request": "true"}).content.decode()
    assert "<strong>正在生成数据快照</strong>" in page
    assert "条规则" not in page


def test_a_queued_run_waits_for_the_worker(client_as, supervisor, township):
    run = CheckRun.objects.create(year=2021)
    page = client_as(supervisor).get(_detail(run)).content.decode()
    assert "排队中" in page and "等待后台任务开始…" in page
    assert 'hx-trigger="every 1s"' in page


def test_a_finished_run_stops_polling(client_as, township_admin, township):
    run = CheckRun.objects.create(year=2021, status="done", summary={"rules": 0, "findings": 0})
    page = client_as(township_admin).get(_detail(run), headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in page
    assert "没有留存快照" in page


# Access


def test_supervisors_see_runs_but_may_not_start_one(client_as, supervisor, township):
    client = client_as(supervisor)
    page = client.get(RUNS).content.decode()
    assert "开始新的检查" not in page
    assert client.post(RUNS, {"year": "2021"}).status_code == 403
    assert CheckRun.objects.count() == 0


@pytest.mark.parametrize("persona", ["village_operator", "work_team", "department_user"])
def test_village_and_department_users_may_not_see_runs_or_the_overview(client_as, persona, request):
    client = client_as(request.getfixturevalue(persona))
    run = CheckRun.objects.create(year=2021)
    for url in (RUNS, _detail(run), OVERVIEW):
        assert client.get(url).status_code == 403
    assert client.post(RUNS, {"year": "2021"}).status_code == 403


def test_an_unknown_run_is_not_found(client_as, township_admin):
    assert client_as(township_admin).get(reverse("quality:run_detail", args=[999])).status_code == 404


def test_another_townships_admin_sees_the_run_but_not_our_findings(client_as, city_admin, township):
    _short_id_member(township.lianhe)
    client_as(city_admin).post(RUNS, {"year": "2021", "rules": "ID-01"})
    run = CheckRun.objects.get()
    page = client_as(_other_township_admin(township)).get(_detail(run)).content.decode()
    assert table_rows(page, "run-villages") == []
    assert "您管辖的村没有本次检查发现、仍未销号的问题" in page


# Overview


def _problem(village, rule, severity="错误", status="待整改", kind="问题", n=1):
    for _ in range(n):
        Problem.objects.create(
            rule=rule,
            subject=f"S{Problem.objects.count() + 1}",
            severity=severity,
            kind=kind,
            village=village,
            description="—",
            status=status,
        )


@pytest.fixture
def problems(township):
    """联合村: 2 ID-01 errors, 1 ID-05 doubt (and one closed); 和平村: 1 HH-08 hint, 1 warning (and one waived)."""
    _problem(township.lianhe, "ID-01", n=2)
    _problem(township.lianhe, "ID-05", severity="疑点", status="整改中")
    _problem(township.lianhe, "ID-01", status="已核实")
    _problem(township.heping, "HH-08", severity="提示", status="已整改")
    _problem(township.heping, "DEPT-18", severity="疑点", kind="预警")
    _problem(township.heping, "ID-01", status="豁免")


def test_the_overview_counts_open_findings_by_village(client_as, township_admin, problems):
    page = client_as(township_admin).get(OVERVIEW).content.decode()
    assert table_rows(page, "overview-villages") == [
        ["联合村", "2", "1", "0", "0", "3"],
        ["和平村", "0", "0", "1", "1", "2"],
        ["合计", "2", "1", "1", "1", "5"],
    ]


def test_the_overview_counts_open_findings_by_rule(client_as, city_admin, problems):
    page = client_as(city_admin).get(OVERVIEW).content.decode()
    rows = table_rows(page, "overview-rules")
    assert [(code, severity, n) for code, _title, severity, n in rows] == [
        ("ID-01", "错误", "2"),
        ("ID-05", "疑点", "1"),
        ("HH-08", "提示", "1"),
        ("DEPT-18", "疑点 预警", "1"),
    ]
    assert rows[0][1] == "证件号码为空或位数不对"
    assert 'href="/quality/?rule=ID-01"' in page


def test_the_overview_shows_only_villages_in_the_users_area(client_as, township, problems):
    page = client_as(_other_township_admin(township)).get(OVERVIEW).content.decode()
    assert table_rows(page, "overview-villages") == []
    assert table_rows(page, "overview-rules") == []


def test_a_city_admin_sees_each_villages_township(client_as, city_admin, problems):
    page = client_as(city_admin).get(OVERVIEW).content.decode()
    assert table_rows(page, "overview-villages")[0][0] == "联合村 小中甸镇"


def _scored_run(day: int, scores: dict) -> CheckRun:
    run = CheckRun.objects.create(year=2021, status="done")
    CheckRun.objects.filter(pk=run.pk).update(created_at=timezone.make_aware(dt.datetime(2021, 10, day)))
    for village, (households, score) in scores.items():
        VillageScore.objects.create(run=run, village=village, households=households, score=Decimal(score))
    return run


def test_the_overview_shows_each_villages_score_over_the_last_8_runs(client_as, supervisor, township):
    runs = [_scored_run(day, {township.lianhe: (10, f"{100 - day}.00")}) for day in range(1, 10)]
    last = _scored_run(20, {township.heping: (4, "25.00")})
    page = client_as(supervisor).get(OVERVIEW).content.decode()
    shown = [f'href="{_detail(run)}">检查 {run.pk}</a>' for run in [*runs[2:], last]]
    assert all(label in page for label in shown)
    assert f'href="{_detail(runs[1])}"' not in page and f'href="{_detail(runs[0])}"' not in page
    assert table_rows(page, "scores") == [
        ["联合村", "10", "97.00", "96.00", "95.00", "94.00", "93.00", "92.00", "91.00", "—", "好转"],
        ["和平村", "4", "—", "—", "—", "—", "—", "—", "—", "25.00", "检查不足两次"],
    ]
    assert "问题指数 =（错误数 × 3 + 疑点数 × 1 + 提示数 × 0）÷ 户数 × 100" in page


def test_a_sparkline_scales_the_known_scores_into_its_box():
    spark = sparkline([Decimal("300.00"), None, Decimal("150.00"), Decimal("0.00")])
    assert spark is not None
    assert (spark.points, spark.trend) == ("3.0,3.0 63.0,12.0 93.0,21.0", "好转")
    assert sparkline([Decimal("1.00"), None]) is None
    assert sparkline([Decimal("0.00"), Decimal("0.00")]).trend == "持平"  # type: ignore[union-attr]


def _texts(page: str, start: str, end: str) -> list[str]:
    return [part.split(end, 1)[0] for part in page.split(start)[1:]]


def _when(run: CheckRun) -> str:
    return timezone.localtime(run.created_at).strftime("%Y-%m-%d %H:%M")
