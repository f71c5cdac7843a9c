"""The problem pages: the village's list and its XLSX, one problem and its actions, a household's problems."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from fangfanpin.core.models import AuditEvent
from fangfanpin.quality.dept_load import department_file_load
from fangfanpin.quality.models import AssetReview, CheckRun, Problem, ProblemEvent
from tests.factories import MemberFactory, household_make

from .dept_files import write_csv

pytestmark = pytest.mark.django_db

BAD_ID = "533421198001011235"  # check digit should be 4
BAD_ID_MASKED = "533421********1235"


def _problem(household, *, member=None, rule="ID-02", status="待整改", **fields) -> Problem:
    member = member or household.members.first()
    defaults = {
        "severity": "错误",
        "id_number": member.id_number,
        "name": member.name,
        "description": f"证件号码“{member.id_number}”校验位应为4，实为5",
    }
    return Problem.objects.create(
        rule=rule,
        subject=f"M{member.pk}",
        village=household.village,
        household=household,
        household_no=household.household_no,
        status=status,
        **(defaults | fields),
    )


@pytest.fixture
def zhang(township):
    """张三's household in 联合村, whose head's ID fails its check digit."""
    household = household_make(village=township.lianhe, head="张三", year=2021)
    member = household.members.get()
    member.id_number = BAD_ID
    member.save()
    return household


@pytest.fixture
def problem(zhang):
    found = _problem(zhang)
    run = CheckRun.objects.create(year=2021, status="done")
    found.first_run = found.last_run = run
    found.save()
    ProblemEvent.objects.create(problem=found, run=run, status_to="待整改", note="检查发现")
    return found


@pytest.fixture
def wang(township):
    """王五's household in 和平村, with a problem of its own."""
    household = household_make(village=township.heping, head="王五")
    _problem(household, rule="HH-07", severity="疑点", description="户主扎西16岁")
    return household


def _list(client, query: str = "") -> str:
    response = client.get(f"/quality/{query}")
    assert response.status_code == 200
    return response.content.decode()


# The list.


def test_a_village_operator_sees_the_open_problems_of_her_village(client_as, village_operator, problem, wang):
    _problem(problem.household, rule="HH-01", status="已核实", description="该户没有登记户主")
    page = _list(client_as(village_operator))
    assert "共 <strong>1</strong> 条" in page
    assert "ID-02 身份证号码校验不通过" in page
    assert "户主扎西16岁" not in page and "该户没有登记户主" not in page


def test_each_row_links_to_the_problem_and_the_household(client_as, village_operator, problem):
    page = _list(client_as(village_operator))
    assert f'<a href="/quality/problems/{problem.pk}/">ID-02 身份证号码校验不通过</a>' in page
    assert f'<a href="/households/{problem.household_id}/">{problem.household_no}</a>' in page
    assert '<td data-label="姓名">张三</td>' in page
    assert '<span class="tag sev" data-severity="错误">错误</span>' in page


def test_the_list_masks_id_numbers_in_the_column_and_the_description(client_as, village_operator, problem):
    page = _list(client_as(village_operator))
    assert f'<td data-label="证件号码" class="mono">{BAD_ID_MASKED}</td>' in page
    assert f"证件号码“{BAD_ID_MASKED}”校验位应为4，实为5" in page
    assert BAD_ID not in page


def test_the_counts_per_status_head_the_list(client_as, village_operator, problem):
    _problem(problem.household, rule="HH-01", status="已核实", description="该户没有登记户主")
    _problem(problem.household, rule="HH-07", status="整改中", description="户主扎西16岁")
    page = _list(client_as(village_operator))
    start = page.index('<nav class="status-counts"')
    counts = page[start : page.index("</nav>", start)]
    assert [(s, n) for s, n in _counts(counts)] == [
        ("待整改", "1"),
        ("整改中", "1"),
        ("已整改", "0"),
        ("已核实", "1"),
        ("豁免", "0"),
    ]
    assert "共 <strong>2</strong> 条" in page


def _counts(html: str) -> list[tuple[str, str]]:
    import re

    return re.findall(r"<span>(.+?)</span><strong>(\d+)</strong>", html)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?rule=HH-07", ["HH-07"]),
        ("?severity=错误", ["ID-02"]),
        ("?status=已核实", ["HH-01"]),
        ("?status=全部", ["HH-01", "HH-07", "ID-02", "WARN-X"]),
        ("?kind=预警", ["WARN-X"]),
        ("?rule=NOPE", ["HH-07", "ID-02", "WARN-X"]),  # a value that does not parse is ignored
    ],
)
def test_filters_narrow_the_list(client_as, village_operator, problem, query, expected):
    _problem(problem.household, rule="HH-01", status="已核实", description="该户没有登记户主")
    _problem(problem.household, rule="HH-07", severity="疑点", status="整改中", description="户主扎西16岁")
    _problem(problem.household, rule="WARN-X", severity="提示", kind="预警", description="民政预警")
    page = _list(client_as(village_operator), query)
    shown = sorted({p.rule for p in Problem.objects.all() if f"/quality/problems/{p.pk}/" in page})
    assert shown == expected


def test_a_township_admin_sees_every_village_and_filters_by_village(
    client_as, township_admin, township, problem, wang
):
    client = client_as(township_admin)
    page = _list(client)
    assert "共 <strong>2</strong> 条" in page
    assert f'<option value="{township.heping.code}">和平村</option>' in page
    page = _list(client, f"?village={township.heping.code}")
    assert "共 <strong>1</strong> 条" in page and "户主扎西16岁" in page


def test_a_village_operator_has_no_village_filter(client_as, village_operator, problem):
    assert 'name="village"' not in _list(client_as(village_operator))


def test_the_list_pages_by_20(client_as, village_operator, zhang):
    for n in range(21):
        member = MemberFactory(household=zhang, name=f"成员{n}", relation="之子")
        _problem(zhang, member=member, rule="ID-05", severity="疑点", description="性别登记为“女”")
    client = client_as(village_operator)
    page = _list(client)
    assert "第 1 / 2 页" in page and page.count("性别登记为“女”") == 20
    assert _list(client, "?page=2").count("性别登记为“女”") == 1


def test_a_supervisor_reads_the_list(client_as, supervisor, problem, wang):
    assert "共 <strong>2</strong> 条" in _list(client_as(supervisor))


def test_a_department_user_is_refused_the_list(client_as, department_user, problem):
    assert client_as(department_user).get("/quality/").status_code == 403


def test_the_list_is_in_the_main_menu(client_as, village_operator, problem):
    assert '<a href="/quality/" aria-current="page">问题清单</a>' in _list(client_as(village_operator))


# One problem.


def _detail(client, problem) -> str:
    response = client.get(f"/quality/problems/{problem.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_problem_page_shows_the_finding_its_rule_and_its_history(client_as, village_operator, problem):
    page = _detail(client_as(village_operator), problem)
    assert "<h1>ID-02 身份证号码校验不通过</h1>" in page
    assert f'<p class="problem-text">证件号码“{BAD_ID_MASKED}”校验位应为4，实为5</p>' in page
    assert "<dt>检查对象</dt><dd>成员</dd>" in page
    assert f'<a href="/households/{problem.household_id}/">{problem.household_no}</a>' in page
    assert f'<td data-label="操作人">检查 {problem.first_run_id}</td>' in page
    assert '<td data-label="说明">检查发现</td>' in page


def test_another_villages_operator_does_not_find_the_problem(client_as, other_village_operator, problem):
    client = client_as(other_village_operator)
    assert client.get(f"/quality/problems/{problem.pk}/").status_code == 404
    response = client.post(f"/quality/problems/{problem.pk}/", {"action": "mark", "status": "整改中"})
    assert response.status_code == 404


def test_a_department_user_is_refused_the_problem(client_as, department_user, problem):
    assert client_as(department_user).get(f"/quality/problems/{problem.pk}/").status_code == 403


def test_a_supervisor_reads_but_may_not_act(client_as, supervisor, problem):
    client = client_as(supervisor)
    page = _detail(client, problem)
    assert "<h2>处理</h2>" not in page
    response = client.post(f"/quality/problems/{problem.pk}/", {"action": "mark", "status": "整改中"})
    assert response.status_code == 403
    problem.refresh_from_db()
    assert problem.status == "待整改"


def _act(client, problem, **data):
    return client.post(f"/quality/problems/{problem.pk}/", data, follow=True)


def test_a_village_operator_marks_progress_and_the_history_records_it(client_as, village_operator, problem):
    client = client_as(village_operator)
    page = _act(client, problem, action="mark", status="整改中", note="已通知户主补办").content.decode()
    assert "已标记为整改中" in page
    _act(client, problem, action="mark", status="已整改", note="已按户口簿更正")
    problem.refresh_from_db()
    assert problem.status == "已整改"
    assert [(e.actor, e.status_from, e.status_to, e.note) for e in problem.events.all()] == [
        (None, "", "待整改", "检查发现"),
        (village_operator, "待整改", "整改中", "已通知户主补办"),
        (village_operator, "整改中", "已整改", "已按户口簿更正"),
    ]
    page = _detail(client, problem)
    assert '<td data-label="操作人">联合村操作员</td>' in page
    assert '<td data-label="说明">已按户口簿更正</td>' in page


def test_marking_it_fixed_needs_a_note(client_as, work_team, problem):
    response = _act(client_as(work_team), problem, action="mark", status="已整改", note=" ")
    assert '<p class="error">标记已整改时请填写整改说明</p>' in response.content.decode()
    problem.refresh_from_db()
    assert problem.status == "待整改"


def test_a_move_the_status_does_not_allow_is_explained(client_as, village_operator, problem):
    problem.status = "已整改"
    problem.save()
    response = _act(client_as(village_operator), problem, action="mark", status="已整改", note="再次")
    page = response.content.decode()
    assert '<div class="alert alert-error" role="alert">“已整改”的问题不能改为“已整改”</div>' in page


def test_the_buttons_offer_the_moves_of_the_status(client_as, village_operator, problem):
    page = _detail(client_as(village_operator), problem)
    assert '<button type="submit" name="status" value="整改中" class="btn">标记为整改中</button>' in page
    assert "标记为已整改" in page and ">豁免</button>" not in page


def test_a_verified_problem_offers_no_action(client_as, township_admin, problem):
    problem.status = "已核实"
    problem.save()
    assert "<h2>处理</h2>" not in _detail(client_as(township_admin), problem)


def test_a_village_operator_may_not_waive(client_as, village_operator, problem):
    response = client_as(village_operator).post(
        f"/quality/problems/{problem.pk}/", {"action": "waive", "reason": "属实"}
    )
    assert response.status_code == 403
    problem.refresh_from_db()
    assert problem.status == "待整改"


def test_a_waiver_needs_a_reason(client_as, township_admin, problem):
    page = _act(client_as(township_admin), problem, action="waive", reason="  ").content.decode()
    assert '<div class="alert alert-error" role="alert">豁免必须填写理由</div>' in page
    problem.refresh_from_db()
    assert problem.status == "待整改"


def test_a_township_admin_waives_and_a_city_admin_lifts_the_waiver(
    client_as, township_admin, city_admin, problem
):
    page = _act(client_as(township_admin), problem, action="waive", reason="公安户籍原始号码即如此")
    assert "已豁免" in page.content.decode()
    problem.refresh_from_db()
    assert (problem.status, problem.waiver_reason, problem.waiver_by) == (
        "豁免",
        "公安户籍原始号码即如此",
        township_admin,
    )
    page = _detail(client_as(township_admin), problem)
    assert "<dt>豁免理由</dt><dd>公安户籍原始号码即如此</dd>" in page
    assert "<dt>批准人</dt><dd>小中甸镇管理员</dd>" in page
    page = _act(client_as(city_admin), problem, action="unwaive").content.decode()
    assert "已撤销豁免，问题恢复为待整改" in page
    problem.refresh_from_db()
    assert problem.status == "待整改"
    assert [e.note for e in problem.events.all()][-2:] == ["豁免理由：公安户籍原始号码即如此", "撤销豁免"]


def test_the_problem_page_links_to_the_member_edit_form(client_as, village_operator, problem):
    page = _detail(client_as(village_operator), problem)
    member = problem.household.members.get()
    edit = (
        f"/households/{problem.household_id}/members/{member.pk}/edit/?next=/quality/problems/{problem.pk}/"
    )
    assert f'<a class="btn btn-primary" href="{edit}">修改成员信息</a>' in page


def test_a_city_admin_is_not_offered_the_member_edit_form(client_as, city_admin, problem):
    assert "修改成员信息" not in _detail(client_as(city_admin), problem)


# The XLSX.


def _workbook(response):
    content = b"".join(response.streaming_content)
    return load_workbook(io.BytesIO(content))


def test_the_export_has_one_sheet_per_rule_and_is_audited(client_as, township_admin, problem, wang):
    response = client_as(township_admin).get("/quality/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    book = _workbook(response)
    assert book.sheetnames == ["ID-02", "HH-07"]
    rows = list(book["ID-02"].values)
    assert rows[0][:3] == ("规则编号", "规则名称", "严重程度")
    assert rows[1][7] == BAD_ID and rows[1][9] == f"证件号码“{BAD_ID}”校验位应为4，实为5"
    event = AuditEvent.objects.get(verb="quality.problems.exported")
    assert (event.actor, event.data["rows"], event.data["masked"]) == (township_admin, 2, False)


def test_the_export_takes_the_lists_filters_and_area(client_as, village_operator, problem, wang):
    response = client_as(village_operator).get("/quality/export.xlsx?rule=HH-07")
    assert _workbook(response).sheetnames == ["问题清单"]  # only the header: HH-07 is 和平村's
    response = client_as(village_operator).get("/quality/export.xlsx")
    assert _workbook(response).sheetnames == ["ID-02"]


def test_a_supervisors_export_masks_id_numbers(client_as, supervisor, problem):
    rows = list(_workbook(client_as(supervisor).get("/quality/export.xlsx"))["ID-02"].values)
    assert rows[1][7] == BAD_ID_MASKED
    assert rows[1][9] == f"证件号码“{BAD_ID_MASKED}”校验位应为4，实为5"
    assert AuditEvent.objects.get(verb="quality.problems.exported").data["masked"] is True
    assert Problem.objects.get().description == f"证件号码“{BAD_ID}”校验位应为4，实为5"


def test_a_department_user_is_refused_the_export(client_as, department_user, problem):
    assert client_as(department_user).get("/quality/export.xlsx").status_code == 403
    assert not AuditEvent.objects.filter(verb="quality.problems.exported").exists()


# A household's problems and asset reviews.


def _household_page(client, household) -> str:
    response = client.get(f"/quality/households/{household.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_household_page_lists_its_open_problems(client_as, village_operator, problem, wang):
    _problem(problem.household, rule="HH-01", status="已核实", description="该户没有登记户主")
    page = _household_page(client_as(village_operator), problem.household)
    assert "<h1>张三户的问题</h1>" in page and "<h2>未销号的问题（1）</h2>" in page
    assert "身份证号码校验不通过" in page and "该户没有登记户主" not in page


def test_the_registry_household_page_links_to_it(client_as, village_operator, zhang):
    page = client_as(village_operator).get(f"/households/{zhang.pk}/").content.decode()
    assert f'<a class="btn" href="/quality/households/{zhang.pk}/">问题清单与家庭资产信息复核</a>' in page


def test_a_review_compares_the_household_now_and_is_kept(client_as, village_operator, zhang):
    client = client_as(village_operator)
    response = client.post(f"/quality/households/{zhang.pk}/review/", follow=True)
    page = response.content.decode()
    assert "家庭资产信息复核完成（2021年度）：未发现问题" in page
    review = AssetReview.objects.get()
    assert (review.household, review.by, review.findings) == (zhang, village_operator, [])
    assert "联合村操作员 · 未发现问题</h3>" in page
    assert AuditEvent.objects.filter(verb="household_compare", actor=village_operator).exists()


def test_a_review_finds_what_the_departments_data_says(client_as, work_team, township, tmp_path):
    household = household_make(village=township.lianhe, head="卓玛")
    head = household.members.get()
    rows = [(head.id_number, "卓玛", "尿毒症", "大病", "2021-03-02")]
    path = write_csv(tmp_path / "weijian.csv", rows, header=("证件号码", "姓名", "病种", "类别", "确诊日期"))
    department_file_load(path=path, department="weijian_bingzhong")
    page = client_as(work_team).post(f"/quality/households/{household.pk}/review/", follow=True)
    assert "家庭资产信息复核完成（2021年度）：发现1项问题" in page.content.decode()
    [finding] = AssetReview.objects.get().findings
    assert (finding["rule"], finding["name"]) == ("DEPT-16", "卓玛")
    assert finding["description"] == "卫健数据为大病（病种：尿毒症），健康状况为“健康”，未含患有大病"
    assert "DEPT-16 卫健大病但健康状况未含患有大病 · 卓玛：卫健数据为大病" in page.content.decode()


def test_earlier_reviews_are_shown_with_ids_masked(client_as, supervisor, zhang):
    AssetReview.objects.create(
        household=zhang,
        findings=[
            {
                "rule": "DEPT-01",
                "title": "在册人员公安户籍已死亡注销",
                "severity": "错误",
                "name": "张三",
                "description": f"证件号码{BAD_ID}登记为在册，公安户籍为死亡注销（2021-03-02）",
            }
        ],
    )
    page = _household_page(client_as(supervisor), zhang)
    assert f"DEPT-01 在册人员公安户籍已死亡注销 · 张三：证件号码{BAD_ID_MASKED}登记为在册" in page
    assert BAD_ID not in page
    assert "家庭资产信息复核</button>" not in page


def test_a_supervisor_may_not_run_a_review(client_as, supervisor, zhang):
    assert client_as(supervisor).post(f"/quality/households/{zhang.pk}/review/").status_code == 403
    assert not AssetReview.objects.exists()


def test_a_review_is_a_post(client_as, village_operator, zhang):
    assert client_as(village_operator).get(f"/quality/households/{zhang.pk}/review/").status_code == 405


def test_another_villages_household_is_not_found(client_as, other_village_operator, zhang):
    client = client_as(other_village_operator)
    assert client.get(f"/quality/households/{zhang.pk}/").status_code == 404
    assert client.post(f"/quality/households/{zhang.pk}/review/").status_code == 404
    assert not AssetReview.objects.exists()


def test_a_department_user_is_refused_the_household_page(client_as, department_user, zhang):
    assert client_as(department_user).get(f"/quality/households/{zhang.pk}/").status_code == 403
