import pytest
from django.core.management import CommandError, call_command

from fangfanpin import cli
from fangfanpin.quality.models import DepartmentBatch
from tests.factories import MemberFactory, id_for

from .dept_files import write_csv

pytestmark = pytest.mark.usefixtures("township")
ZHANG = id_for(1)


def test_it_loads_files_and_prints_the_counts_and_every_listed_row(tmp_path, capsys):
    MemberFactory(id_number=ZHANG, name="张三")
    path = write_csv(tmp_path / "huji.csv", [[ZHANG, "张三", "正常", ""], ["", "李四", "正常", ""]])
    call_command("load_dept", "--dept", "gongan_huji", str(path))
    out = capsys.readouterr().out
    assert "huji.csv：公安 户籍数据，共2行，载入1行（匹配1，未匹配0），拒收1行，重复0行" in out
    assert "  拒收：第3行：证件号码为空" in out


def test_it_exits_non_zero_when_a_file_is_refused(tmp_path, capsys):
    good = write_csv(tmp_path / "good.csv", [[ZHANG, "张三", "正常", ""]])
    bad = write_csv(tmp_path / "bad.csv", [[ZHANG, "张三"]], ("证件号码", "姓名"))
    with pytest.raises(CommandError, match="1个文件未载入：bad.csv"):
        call_command("load_dept", "--dept", "gongan_huji", str(good), str(bad))
    assert "缺少必需的列“户籍状态”" in capsys.readouterr().err
    assert DepartmentBatch.objects.filter(status="done").count() == 1


def test_it_asks_for_a_known_department(tmp_path):
    with pytest.raises(CommandError, match="请用 --dept 指定部门代码"):
        call_command("load_dept", "--dept", "gongan", str(tmp_path / "x.csv"))


def test_the_warning_flag_loads_a_warning_list(tmp_path):
    call_command(
        "load_dept",
        "--dept",
        "gongan_huji",
        "--warning",
        str(write_csv(tmp_path / "w.csv", [[ZHANG, "张三", "正常", ""]])),
    )
    assert DepartmentBatch.objects.get().is_warning is True


def test_ffp_takes_the_command_with_a_hyphen(monkeypatch):
    seen = []
    monkeypatch.setattr("sys.argv", ["ffp", "load-dept", "--dept", "gongan_huji", "a-b.csv"])
    monkeypatch.setattr("django.core.management.execute_from_command_line", seen.append)
    cli.main()
    assert seen == [["ffp", "load_dept", "--dept", "gongan_huji", "a-b.csv"]]
