"""What a department file holds (FORMATS §4): its columns, their kinds and code lists, its Parquet schema."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pyarrow as pa

ARROW_TYPES: dict[str, pa.DataType] = {
    "text": pa.string(),
    "date": pa.date32(),
    "decimal": pa.decimal128(14, 2),
    "int": pa.int32(),
    "flag": pa.bool_(),
}
ID_HEADER = "证件号码"
NAME_HEADER = "姓名"
WARNING_HEADER = "预警原因"
# Columns every department's Parquet file begins with; the rules rely on these names.
COMMON_SCHEMA = pa.schema(
    [
        ("batch_id", pa.int64()),
        ("row_no", pa.int64()),  # the row as the clerk sees it in the file
        ("id_number", pa.string()),  # normalised: 18 characters, upper-case X
        ("name", pa.string()),
        ("warning_reason", pa.string()),  # null unless the file is a 预警 list
        ("id_key", pa.int64()),  # the ID as a number (id_key_sql): the rules join on it, faster than on text
    ]
)


def id_key_sql(column: str) -> str:
    """An 18-character ID (17 digits and a check character) as one number, in portable SQL.

    Different IDs give different numbers, so joining on it matches what joining on the text would; a hash
    join on a number costs about half what it costs on 18 characters, over ten million department rows.
    """
    return (
        f"CAST(substr({column}, 1, 17) AS BIGINT) * 11"
        f" + CASE WHEN substr({column}, 18, 1) = 'X' THEN 10 ELSE CAST(substr({column}, 18, 1) AS BIGINT) END"
    )


def id_keys(id_numbers: pa.Array | pa.ChunkedArray) -> pa.ChunkedArray:
    """The id_key of each normalised ID, as the loader computes it in SQL."""
    with duckdb.connect() as con:
        con.register("ids", pa.table({"id_number": id_numbers}))
        return con.sql(f"SELECT {id_key_sql('id_number')} AS id_key FROM ids").to_arrow_table().column(0)


@dataclass(frozen=True)
class Column:
    """One column of a department file: its Parquet name, its Chinese header, its kind and its code list."""

    name: str
    header: str
    kind: str = "text"
    allowed: tuple[str, ...] = ()


@dataclass(frozen=True)
class DepartmentFormat:
    """One department's file: the columns it must carry besides 证件号码 and 姓名."""

    code: str
    title: str
    columns: tuple[Column, ...]
    note: str = ""

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)

    def schema(self) -> pa.Schema:
        """The schema of this department's Parquet files."""
        fields = [pa.field(c.name, ARROW_TYPES[c.kind]) for c in self.columns]
        return pa.schema([*COMMON_SCHEMA, *fields])
