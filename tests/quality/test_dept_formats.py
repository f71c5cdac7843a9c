import pyarrow as pa

from fangfanpin.quality.departments import DEPARTMENTS


def test_every_department_of_the_formats_is_declared():
    assert sorted(DEPARTMENTS) == sorted(
        [
            "gongan_huji", "gongan_cheliang", "ziranziyuan_budongchan", "caizheng_gongyang", "shichang_zhuti",
            "yibao_canbao", "renshe_yanglao", "renshe_jiuye", "minzheng_jiuzhu", "canlian_canjiren",
            "jiaoyu_xueji", "zhujian_weifang", "shuili_yinshui", "yingji_shouzai", "weijian_bingzhong",
        ]
    )  # fmt: skip


def test_every_parquet_file_begins_with_the_common_columns():
    for fmt in DEPARTMENTS.values():
        assert fmt.schema().names[:6] == [
            "batch_id",
            "row_no",
            "id_number",
            "name",
            "warning_reason",
            "id_key",
        ]


def test_column_kinds_become_their_parquet_types():
    schema = DEPARTMENTS["yibao_canbao"].schema()
    assert [(f.name, f.type) for f in schema] == [
        ("batch_id", pa.int64()),
        ("row_no", pa.int64()),
        ("id_number", pa.string()),
        ("name", pa.string()),
        ("warning_reason", pa.string()),
        ("id_key", pa.int64()),
        ("insurance", pa.string()),
        ("insured_status", pa.string()),
        ("year", pa.int32()),
        ("personal_cost", pa.decimal128(14, 2)),
    ]
    types = {f.name: f.type for f in DEPARTMENTS["ziranziyuan_budongchan"].schema()}
    assert (types["registered_on"], types["urban_commercial"]) == (pa.date32(), pa.bool_())
