from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fangfanpin.quality.dept_load import department_file_load
from fangfanpin.quality.models import DepartmentBatch
from tests.factories import MemberFactory, id_for

from .dept_files import write_csv

CARS = ("证件号码", "姓名", "号牌号码", "车辆类型", "初次登记日期", "车辆状态")
ZHANG, STRANGER = id_for(1), id_for(900)


def _upload(client, path, department="gongan_huji", **extra):
    data = {"department": department, "file": SimpleUploadedFile(path.name, path.read_bytes()), **extra}
    return client.post(reverse("quality:dept_upload"), data)


def _huji(tmp_path):
    rows = [
        [ZHANG, "张三", "死亡注销", "2021-03-02"],
        [STRANGER, "路人", "正常", ""],
        ["5.33421E+17", "王五", "正常", ""],
    ]
    return write_csv(tmp_path / "户籍.csv", rows)


def test_a_department_user_uploads_its_own_file_and_sees_what_became_of_each_row(
    client_as, department_user, tmp_path
):
    MemberFactory(id_number=ZHANG, name="张三")
    client = client_as(department_user)
    response = _upload(client, _huji(tmp_path))
    batch = DepartmentBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("quality:dept_batch", args=[batch.pk])
    assert (batch.status, batch.created_by, batch.file_name, batch.rows_loaded, batch.rows_rejected) == (
        "done",
        department_user,
        "户籍.csv",
        2,
        1,
    )
    page = client.get(response["Location"]).content.decode()
    assert "第3行：农户信息中没有这个证件号码" in page
    assert (
        "第4行：证件号码被Excel转成了科学计数法（5.33421E+17），无法还原，请把该列设为文本后重新导出" in page
    )
    assert STRANGER not in page
    assert STRANGER[:6] + "********" + STRANGER[-4:] in page


def test_a_city_admin_sees_full_ids_on_the_batch_page(client_as, city_admin, tmp_path):
    client = client_as(city_admin)
    response = _upload(client, _huji(tmp_path))
    page = client.get(response["Location"]).content.decode()
    assert STRANGER in page
    assert "未匹配户籍" in page


def test_the_batch_page_lists_one_kind_of_row_at_a_time(client_as, city_admin, tmp_path):
    client = client_as(city_admin)
    response = _upload(client, _huji(tmp_path))
    page = client.get(response["Location"] + "?kind=rejected").content.decode()
    assert "科学计数法" in page
    assert "农户信息中没有这个证件号码" not in page


def test_a_department_user_may_not_upload_for_another_department(client_as, department_user, tmp_path):
    path = write_csv(
        tmp_path / "cars.csv", [[ZHANG, "张三", "藏R12345", "小型汽车", "2019-01-02", "正常"]], CARS
    )
    response = _upload(client_as(department_user), path, department="gongan_cheliang")
    assert response.status_code == 200
    assert "您只能上传本部门的数据" in response.content.decode()
    assert DepartmentBatch.objects.count() == 0


def test_the_form_offers_a_department_user_only_its_own_department(client_as, department_user):
    page = client_as(department_user).get(reverse("quality:dept_upload")).content.decode()
    assert 'value="gongan_huji"' in page
    assert 'value="gongan_cheliang"' not in page


def test_a_department_user_sees_only_its_own_departments_batches(
    client_as, department_user, city_admin, tmp_path
):
    cars = write_csv(
        tmp_path / "cars.csv", [[ZHANG, "张三", "藏R12345", "小型汽车", "2019-01-02", "正常"]], CARS
    )
    other = department_file_load(path=cars, department="gongan_cheliang", actor=city_admin)
    own = department_file_load(path=_huji(tmp_path), department="gongan_huji", actor=city_admin)
    client = client_as(department_user)
    page = client.get(reverse("quality:dept_upload")).content.decode()
    assert "户籍.csv" in page
    assert "cars.csv" not in page
    assert client.get(reverse("quality:dept_batch", args=[own.pk])).status_code == 200
    assert client.get(reverse("quality:dept_batch", args=[other.pk])).status_code == 404


def test_a_refused_file_shows_every_reason(client_as, city_admin, tmp_path):
    path = write_csv(
        tmp_path / "cars.csv", [[ZHANG, "张三", "藏R12345", "小型汽车", "2019-01-02", "正常"]], CARS
    )
    response = _upload(client_as(city_admin), path)
    page = client_as(city_admin).get(response["Location"]).content.decode()
    assert "文件未载入，原因如下" in page
    assert "该文件的列与“公安 车辆”一致，不是“公安 户籍”的数据" in page
    assert DepartmentBatch.objects.get().status == "refused"


def test_only_a_spreadsheet_may_be_uploaded(client_as, city_admin, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    response = _upload(client_as(city_admin), path)
    assert "只能上传 .xlsx、.xls 或 .csv 文件" in response.content.decode()


def test_other_roles_may_not_open_the_department_pages(
    client_as, village_operator, township_admin, supervisor, city_admin, tmp_path
):
    batch = department_file_load(path=_huji(tmp_path), department="gongan_huji", actor=city_admin)
    for user in (village_operator, township_admin, supervisor):
        client = client_as(user)
        assert client.get(reverse("quality:dept_upload")).status_code == 403
        assert client.get(reverse("quality:dept_batch", args=[batch.pk])).status_code == 403
