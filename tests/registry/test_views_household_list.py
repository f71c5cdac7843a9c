from decimal import Decimal

import pytest

from fangfanpin.core.enums import HouseholdKind, MonitoringCategory
from fangfanpin.registry import selectors, views
from tests.factories import HouseholdYearFactory, MemberFactory, household_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def households(township):
    """张三 (联合村, monitored, below the line), 李四 (联合村), 王五 (和平村), 赵六 (团结村)."""
    return {
        "张三": household_make(
            village=township.lianhe,
            head="张三",
            others=("张小明",),
            category=MonitoringCategory.UNSTABLE,
            eliminated=False,
            per_capita=Decimal("4500.00"),
        ),
        "李四": _ordinary(township.lianhe, "李四"),
        "王五": household_make(
            village=township.heping, head="王五", category=MonitoringCategory.MARGINAL, eliminated=True
        ),
        "赵六": household_make(village=township.tuanjie, head="赵六", year=None),
    }


def _ordinary(village, head):
    household = household_make(village=village, head=head)
    household.kind = HouseholdKind.ORDINARY
    household.save()
    return household


def heads(response) -> list[str]:
    return [row.household.head_name for row in response.context["rows"]]


def test_a_village_operator_sees_only_the_own_village(client_as, village_operator, households):
    assert heads(client_as(village_operator).get("/")) == ["张三", "李四"]


def test_another_villages_operator_sees_only_that_village(client_as, other_village_operator, households):
    assert heads(client_as(other_village_operator).get("/")) == ["王五"]


def test_a_township_admin_sees_every_village_of_the_township(client_as, township_admin, households):
    assert heads(client_as(township_admin).get("/")) == ["张三", "李四", "王五", "赵六"]


def test_a_supervisor_reads_the_whole_township(client_as, supervisor, households):
    assert heads(client_as(supervisor).get("/")) == ["张三", "李四", "王五", "赵六"]


def test_a_department_user_is_refused(client_as, department_user, households):
    response = client_as(department_user).get("/")
    assert response.status_code == 403
    assert "部门用户只能查看本部门上传的数据。" in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, households):
    assert client.get("/")["Location"] == "/login/?next=/"


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("张", ["张三"]),  # 姓名 prefix, any member
        ("张小", ["张三"]),
        ("zs", ["张三"]),  # 拼音首字母
        ("ZXM", ["张三"]),
        ("ls", ["李四"]),
        ("533401101", ["张三", "李四", "王五", "赵六"]),  # 户编号 prefix
        ("533401101202", ["王五"]),
    ],
)
def test_it_searches_by_name_initials_and_household_number_prefix(
    client_as, township_admin, households, q, found
):
    assert heads(client_as(township_admin).get("/", {"q": q})) == found


def test_it_searches_by_the_whole_household_number(client_as, township_admin, households):
    assert heads(client_as(township_admin).get("/", {"q": households["李四"].household_no})) == ["李四"]


def test_it_searches_by_the_full_id_number(client_as, township_admin, households):
    number = households["王五"].members.get().id_number
    assert heads(client_as(township_admin).get("/", {"q": number})) == ["王五"]


def test_it_searches_by_an_id_prefix_of_six_characters_or_more(client_as, township_admin, households):
    MemberFactory(household=households["李四"], name="李一", id_number="533421199001011234")
    assert heads(client_as(township_admin).get("/", {"q": "5334211990"})) == ["李四"]


@pytest.mark.parametrize(
    "query", ["53342119900101000X", "53342119900101000x", "５３３４２１１９９００１０１０００ｘ"]
)
def test_an_id_ending_in_x_is_found_whatever_its_case_and_width(client_as, township_admin, households, query):
    MemberFactory(household=households["赵六"], name="赵七", id_number="53342119900101000X")
    assert heads(client_as(township_admin).get("/", {"q": query})) == ["赵六"]


def test_a_search_never_reaches_outside_the_users_village(client_as, village_operator, households):
    number = households["王五"].members.get().id_number
    assert heads(client_as(village_operator).get("/", {"q": number})) == []
    assert heads(client_as(village_operator).get("/", {"q": "王五"})) == []


@pytest.mark.parametrize(
    ("params", "found"),
    [
        ({"village": "533401101202"}, ["王五"]),
        ({"kind": "一般农户"}, ["李四"]),
        ({"category": "脱贫不稳定户"}, ["张三"]),
        ({"category": "边缘易致贫户"}, ["王五"]),
        ({"category": "未监测"}, ["李四", "赵六"]),
        ({"eliminated": "是"}, ["王五"]),
        ({"eliminated": "否"}, ["张三"]),
        ({"below_line": "on"}, ["张三"]),
        ({"category": "脱贫不稳定户", "below_line": "on", "eliminated": "否"}, ["张三"]),
        ({"village": "533401101201", "q": "ls"}, ["李四"]),
    ],
)
def test_it_filters(client_as, township_admin, households, params, found):
    assert heads(client_as(township_admin).get("/", params)) == found


def test_it_ignores_a_village_outside_the_users_areas(client_as, village_operator, households):
    assert heads(client_as(village_operator).get("/", {"village": "533401101202"})) == ["张三", "李四"]


def test_the_year_defaults_to_the_latest_year_with_data(client_as, township_admin, households):
    HouseholdYearFactory(household=households["李四"], year=2020, category=MonitoringCategory.SUDDEN)
    client = client_as(township_admin)
    assert client.get("/").context["filters"].year == 2021
    assert heads(client.get("/", {"year": "2020", "category": "突发严重困难户"})) == ["李四"]
    assert heads(client.get("/", {"year": "2021", "category": "突发严重困难户"})) == []


def test_the_income_filter_uses_the_line_of_the_nearest_area(client_as, township_admin, households):
    from fangfanpin.registry.models import MonitoringLine

    MonitoringLine.objects.create(area_id="533401101000", year=2021, yuan=Decimal("6500"))
    assert heads(client_as(township_admin).get("/", {"below_line": "on"})) == ["张三", "李四", "王五"]


def test_the_row_shows_category_income_against_the_line_and_a_masked_phone(
    client_as, village_operator, households
):
    page = client_as(village_operator).get("/").content.decode()
    assert '<span class="tag tag-watch">脱贫不稳定户</span>' in page
    assert "4,500.00" in page and '<span class="tag tag-alert">低于监测标准</span>' in page
    assert '<span class="hint">监测标准 6,000.00</span>' in page
    assert "139****5678" in page and "13912345678" not in page
    assert "共 <strong>2</strong> 户 · 2021年度" in page


def test_it_says_when_nothing_matches(client_as, village_operator, households):
    assert "没有符合条件的农户" in client_as(village_operator).get("/", {"q": "不存在"}).content.decode()


def test_it_pages_twenty_households_at_a_time(client_as, village_operator, township):
    for i in range(25):
        household_make(village=township.lianhe, head=f"户主{i:02d}")
    client = client_as(village_operator)
    first, second = client.get("/"), client.get("/", {"page": "2"})
    assert (len(first.context["rows"]), len(second.context["rows"])) == (20, 5)
    assert "第 2 / 2 页" in second.content.decode()
    assert heads(second)[0] == "户主20"


def test_an_htmx_search_gets_only_the_results(client_as, village_operator, households):
    response = client_as(village_operator).get(
        "/", {"q": "zs"}, headers={"HX-Request": "true", "HX-Target": "results"}
    )
    page = response.content.decode()
    assert "<html" not in page and "共 <strong>1</strong> 户" in page
    assert response["Vary"] == "HX-Request, Cookie"


def test_a_history_restore_gets_the_whole_page(client_as, village_operator, households):
    response = client_as(village_operator).get(
        "/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true", "HX-Target": "results"}
    )
    assert "<html" in response.content.decode()


def test_a_search_with_more_matches_than_it_counts_says_so_and_pages_on(
    client_as, village_operator, township, monkeypatch
):
    monkeypatch.setattr(views, "SEARCH_COUNT_LIMIT", 5)
    for i in range(45):
        household_make(village=township.lianhe, head=f"户主{i:02d}")
    client = client_as(village_operator)
    first = client.get("/", {"q": "户主"}).content.decode()
    assert '超过 <strong>5</strong> 户 · 2021年度 <span class="hint">输入更多内容可缩小范围</span>' in first
    assert '<span class="pager-status">第 1 页</span>' in first and "下一页</a>" in first
    # Page 2 counts up to its end and 5 more, 45: all there are, so the count is exact again.
    second = client.get("/", {"q": "户主", "page": "2"})
    assert "共 <strong>45</strong> 户 · 2021年度</p>" in second.content.decode()
    assert '<span class="pager-status">第 2 / 3 页</span>' in second.content.decode()
    assert heads(second) == [f"户主{i}" for i in range(20, 40)]


def test_a_list_without_a_search_is_counted_further(client_as, village_operator, township, monkeypatch):
    monkeypatch.setattr(views, "SEARCH_COUNT_LIMIT", 5)
    monkeypatch.setattr(views, "LIST_COUNT_LIMIT", 25)
    for i in range(45):
        household_make(village=township.lianhe, head=f"户主{i:02d}")
    client = client_as(village_operator)
    for params in ({}, {"kind": "脱贫户"}):
        page = client.get("/", params).content.decode()
        assert "共 <strong>45</strong> 户 · 2021年度</p>" in page
        assert '<span class="pager-status">第 1 / 3 页</span>' in page
    assert "超过 <strong>5</strong> 户" in client.get("/", {"q": "户主"}).content.decode()


def test_a_list_larger_than_it_counts_says_so_and_pages_on(
    client_as, village_operator, township, monkeypatch
):
    monkeypatch.setattr(views, "LIST_COUNT_LIMIT", 5)
    for i in range(45):
        household_make(village=township.lianhe, head=f"户主{i:02d}")
    page = client_as(village_operator).get("/").content.decode()
    assert "超过 <strong>5</strong> 户 · 2021年度</p>" in page
    assert '<span class="pager-status">第 1 页</span>' in page and "下一页</a>" in page


def test_the_village_list_marks_the_village_chosen(client_as, township_admin, households):
    page = client_as(township_admin).get("/", {"village": "533401101202"}).content.decode()
    assert (
        '<select name="village" id="id_village"><option value="">全部村</option>'
        '<option value="533401101201">联合村</option><option value="533401101202" selected>和平村</option>'
        '<option value="533401101203">团结村</option></select>'
    ) in page


def test_it_finds_initials_that_have_no_successor(client_as, township_admin, township, households):
    household_make(village=township.tuanjie, head="张志")
    assert heads(client_as(township_admin).get("/", {"q": "zz"})) == ["张志"]


@pytest.mark.parametrize(
    ("most", "others", "found"),
    [
        (1000, (), ["李四", "王五", "赵六"]),  # a few of both: a list of keys
        (1, (), ["李四", "王五", "赵六"]),  # more IDs: one subquery of both
        (0, (), ["李四", "王五", "赵六"]),  # more of both: each household asked
        (
            2,
            ("孙七", "周八"),
            ["李四", "王五", "孙七", "周八", "赵六"],
        ),  # more 户编号: each asked, IDs as keys
    ],
)
def test_a_number_finds_households_by_their_number_or_a_members_id(
    client_as, township_admin, township, households, monkeypatch, most, others, found
):
    monkeypatch.setattr(selectors, "MAX_KEYS", most)
    for head in others:
        household_make(village=township.heping, head=head)
    MemberFactory(household=households["李四"], name="李一", id_number="533401101202000001")
    MemberFactory(household=households["赵六"], name="赵一", id_number="533401101202000002")
    assert heads(client_as(township_admin).get("/", {"q": "533401101202"})) == found
