"""Department files loaded before `id_key` existed get it: the rules now match department rows on it.

Each such file is written anew beside the old one and put in its place, so that a run's snapshot, which
holds a hard link to the old file, keeps exactly the data it was checked against.
"""

import os
from pathlib import Path

import pyarrow.parquet as pq
from django.db import migrations

from fangfanpin.quality.departments import COMMON_SCHEMA, id_keys

ROW_GROUP_ROWS = 100_000


def add_id_key(apps, schema_editor):
    DepartmentBatch = apps.get_model("quality", "DepartmentBatch")
    for name in DepartmentBatch.objects.exclude(parquet_path="").values_list("parquet_path", flat=True):
        path = Path(name)
        if not path.exists() or "id_key" in pq.read_schema(path).names:
            continue
        rows = pq.read_table(path)
        table = rows.add_column(
            COMMON_SCHEMA.get_field_index("id_key"), "id_key", id_keys(rows.column("id_number"))
        )
        fresh = path.with_suffix(".id_key.parquet")
        dictionary = [n for n in table.column_names if n not in ("id_number", "id_key", "row_no")]
        pq.write_table(
            table, fresh, row_group_size=ROW_GROUP_ROWS, compression="zstd", use_dictionary=dictionary
        )
        os.replace(fresh, path)


class Migration(migrations.Migration):
    dependencies = [("quality", "0001_initial")]

    operations = [migrations.RunPython(add_id_key, migrations.RunPython.noop)]
