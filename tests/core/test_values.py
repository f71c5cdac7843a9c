import datetime as dt
from decimal import Decimal

import pytest

from fangfanpin.core.values import parse_cell


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("1990-05-01", (dt.date(1990, 5, 1), None)),
        (" 1990-05-01 ", (dt.date(1990, 5, 1), None)),
        ("1990/5/1", (dt.date(1990, 5, 1), None)),
        ("1990年5月1日", (dt.date(1990, 5, 1), None)),
        ("19900501", (dt.date(1990, 5, 1), None)),
        ("32994", (dt.date(1990, 5, 1), None)),  # an Excel serial number
        ("1990-02-30", (None, "1990-02-30")),
        ("1990-13-01", (None, "1990-13-01")),
        ("1990-W1-01", (None, "1990-W1-01")),
        ("１９９０-０５-０１", (dt.date(1990, 5, 1), None)),  # full-width digits
    ],
)
def test_dates(text, parsed):
    assert parse_cell("date", text) == parsed


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("12345.67", (Decimal("12345.67"), None)),
        ("-12.5", (Decimal("-12.5"), None)),
        ("+12.5", (Decimal("12.5"), None)),
        ("1,234.50", (Decimal("1234.50"), None)),
        ("999999999999.99", (Decimal("999999999999.99"), None)),
        ("1000000000000", (None, "1000000000000")),  # 13 integer digits
        ("12.345", (None, "12.345")),  # a money amount has at most 2 decimals
        ("12.", (Decimal("12"), None)),
        (".5", (Decimal("0.5"), None)),
        ("12元", (None, "12元")),
    ],
)
def test_amounts(text, parsed):
    assert parse_cell("decimal", text) == parsed
