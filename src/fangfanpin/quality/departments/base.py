"""What a department file holds (FORMATS §4): its columns, their kinds and code lists, its Parquet schema."""

from __future__ import annotations

from dataclasses import dataclass

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
    ]
)


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
