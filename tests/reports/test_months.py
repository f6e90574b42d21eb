"""Month buckets: parsing and ranges across years."""

import pytest

from caseflow.errors import ValidationError
from caseflow.reports.months import format_month, months_between, parse_month


def test_parse_and_format():
    assert parse_month("2020-11") == 202011
    assert format_month(202011) == "2020-11"
    for bad in ("2020-13", "2020-1", "20-11", "nov-20", "", "1999-12"):
        with pytest.raises(ValidationError):
            parse_month(bad)


def test_ranges_cross_the_new_year():
    assert months_between(202011, 202102) == [202011, 202012, 202101, 202102]
    assert months_between(202011, 202011) == [202011]
    assert months_between(202012, 202011) == []

