from pathlib import Path

import pytest
from django.core.management import call_command

from fangfanpin.areas.seed import DEMO_TOWN, DEMO_VILLAGES
from fangfanpin.areas.services import area_ensure_many, area_seed_base
from fangfanpin.core.exports import neutralise
from fangfanpin.registry.models import Household, Member

from .national_files import family, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def township():
    area_seed_base()
    area_ensure_many(specs=[DEMO_TOWN, *DEMO_VILLAGES])


def people_with_oddities() -> list[dict]:
    people = family() + family("5334011012020007", 村="和平村", 组="示例三组", 户类型="一般农户")
    people[1]["出生日期"] = "19850231"  # an impossible date keeps its text
    people[2]["健康状况"] = "长期慢性病，残疾"
    for p in people[3:]:
        p["家庭住址"] = '=HYPERLINK("http://x")'
    people[4]["工资性收入"] = people[5]["工资性收入"] = people[3]["工资性收入"] = "-12.5"
    return people


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_import_export_import_export_gives_identical_files(tmp_path, suffix):
    call_command("load", str(write_csv(tmp_path / "in.csv", people_with_oddities())))
    first, second = tmp_path / f"one{suffix}", tmp_path / f"two{suffix}"
    call_command("export", year=2021, out=str(first))
    Member.objects.all().delete()
    Household.objects.all().delete()
    call_command("load", str(first))
    call_command("export", year=2021, out=str(second))
    assert first.read_bytes() == second.read_bytes()
    assert Member.objects.get(name="卓玛", household__household_no="5334011012010001").raw == {
        "birth_date": "19850231"
    }


def test_export_writes_one_row_per_member_in_the_national_layout(tmp_path):
    call_command("load", str(write_csv(tmp_path / "in.csv", people_with_oddities())))
    out = tmp_path / "out.csv"
    call_command("export", year=2021, out=str(out))
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 7
    assert lines[0].startswith("县,乡,村,组,户编号,户类型,户联系电话,家庭住址,监测对象类别")
    assert lines[4].startswith(
        '香格里拉市,小中甸镇,和平村,示例三组,5334011012020007,一般农户,13987654321,"\'=HYPERLINK(""http://x"")",'
    )
    assert ",长期慢性病、残疾," in lines[3]


def test_formula_like_text_is_neutralised_but_negative_numbers_are_not():
    assert (neutralise("=1+1"), neutralise("@SUM"), neutralise("-12.5"), neutralise("-abc")) == (
        "'=1+1",
        "'@SUM",
        "-12.5",
        "'-abc",
    )


def test_export_refuses_an_unknown_file_type(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="输出文件名应以 .csv 或 .xlsx 结尾"):
        call_command("export", year=2021, out=str(tmp_path / "out.txt"))


def test_load_command_says_what_was_refused_and_writes_nothing(tmp_path, capsys):
    from django.core.management.base import CommandError

    people = family()
    people[2]["户类型"] = "一般农户"
    with pytest.raises(CommandError) as info:
        call_command("load", str(write_csv(tmp_path / "bad.csv", people)))
    assert str(info.value) == (
        "bad.csv：文件未导入，数据库没有任何改动。原因：\n"
        "  - 第6行，列“户类型”：同一户编号的各行不一致（脱贫户 / 一般农户）"
    )
    assert Household.objects.count() == 0


def test_load_command_prints_one_summary_line(tmp_path, capsys):
    call_command("load", str(write_csv(tmp_path / "a.csv", family())))
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "a.csv：读取3行，新增户1、户年度1、成员3"
    assert out[1].startswith("已导入1个文件，共3行，用时")


def test_a_missing_file_is_named(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="找不到文件："):
        call_command("load", str(Path(tmp_path) / "nope.csv"))
