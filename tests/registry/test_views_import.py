from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fangfanpin.core.enums import Role
from fangfanpin.registry.models import Household, ImportBatch

from .national_files import family, write_csv


def _upload(client, path, **extra):
    data = {"file": SimpleUploadedFile(path.name, path.read_bytes()), **extra}
    return client.post(reverse("registry:import_upload"), data)


def test_a_township_admin_uploads_a_file_and_sees_it_imported(client_as, township_admin, tmp_path):
    client = client_as(township_admin)
    response = _upload(client, write_csv(tmp_path / "监测对象信息.csv", family()))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:import_batch", args=[batch.pk])
    assert (batch.status, batch.summary, batch.created_by) == (
        "done",
        "读取3行，新增户1、户年度1、成员3",
        township_admin,
    )
    page = client.get(response["Location"]).content.decode()
    assert "读取3行，新增户1、户年度1、成员3" in page
    assert Household.objects.get().household_no == "5334011012010001"


def test_a_refused_upload_lists_every_reason_and_writes_nothing(client_as, city_admin, tmp_path):
    people = family()
    people[1]["户类型"] = "一般农户"
    client = client_as(city_admin)
    response = _upload(client, write_csv(tmp_path / "a.csv", people))
    page = client.get(response["Location"]).content.decode()
    assert "文件未导入，原因如下（数据库没有任何改动）" in page
    assert "第5行，列“户类型”：同一户编号的各行不一致（脱贫户 / 一般农户）" in page
    assert Household.objects.count() == 0


def test_a_file_of_another_township_is_refused(client_as, township, tmp_path):
    from fangfanpin.areas.models import Area
    from fangfanpin.areas.services import user_create

    other_town = Area.objects.create(
        code="533401102000", name="虎跳峡镇", level="乡", parent_id="533401000000"
    )
    admin = user_create(username="hutiaoxia", password="demo12345", role=Role.TOWNSHIP_ADMIN, area=other_town)
    client = client_as(admin)
    response = _upload(client, write_csv(tmp_path / "a.csv", family()))
    batch = ImportBatch.objects.get()
    assert batch.errors == ["第4行：“香格里拉市/小中甸镇/联合村”不在您管辖的区域内，不能导入"]
    assert client.get(response["Location"]).status_code == 200
    assert Household.objects.count() == 0


def test_only_a_spreadsheet_may_be_uploaded(client_as, township_admin, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    response = _upload(client_as(township_admin), path)
    assert response.status_code == 200
    assert "只能导入 .xlsx、.xls 或 .csv 文件" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_village_operators_supervisors_and_departments_may_not_import(
    client_as, village_operator, supervisor, department_user
):
    for user in (village_operator, supervisor, department_user):
        assert client_as(user).get(reverse("registry:import_upload")).status_code == 403


def test_a_batch_of_another_area_is_not_found(client_as, township_admin, city_admin, township, tmp_path):
    from fangfanpin.areas.models import Area
    from fangfanpin.areas.services import user_create

    _upload(client_as(city_admin), write_csv(tmp_path / "a.csv", family()))
    batch = ImportBatch.objects.get()
    other_town = Area.objects.create(
        code="533401102000", name="虎跳峡镇", level="乡", parent_id="533401000000"
    )
    admin = user_create(username="hutiaoxia", password="demo12345", role=Role.TOWNSHIP_ADMIN, area=other_town)
    assert client_as(admin).get(reverse("registry:import_batch", args=[batch.pk])).status_code == 404
