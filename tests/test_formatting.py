"""Swedish numbers, dates and the seeds' month labels."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from caseflow.formatting import decimal1, local_datetime, month_label, number, parse_number, percent

NBSP = "\u00a0"


def test_numbers_the_swedish_way():
    assert number(3713, "sv") == f"3{NBSP}713"
    assert number(577023, "sv") == f"577{NBSP}023"
    assert number(12, "sv") == "12"
    assert number(None, "sv") == "--"
    assert decimal1(41.4, "sv") == "41,4"
    assert percent(0.034, "sv") == f"3,4{NBSP}%"


def test_month_labels_as_in_the_seeds():
    labels = [month_label(f"2020-{m:02d}", "sv") for m in range(1, 13)]
    assert labels == ["jan-20", "feb-20", "mar-20", "apr-20", "maj-20", "jun-20",
                      "jul-20", "aug-20", "sep-20", "okt-20", "nov-20", "dec-20"]
    assert month_label(202011, "sv") == "nov-20"
    assert month_label(date(2019, 5, 3), "sv") == "maj-19"


def test_stored_utc_is_shown_in_stockholm_time():
    assert local_datetime(datetime(2020, 11, 30, 13, 5, tzinfo=UTC)) == "2020-11-30 14:05"  # CET
    assert local_datetime(datetime(2020, 7, 1, 22, 30, tzinfo=UTC)) == "2020-07-02 00:30"  # CEST


@pytest.mark.parametrize("text, value", [("3 713", 3713), (f"3{NBSP}713", 3713), ("41,4", Decimal("41.4")),
                                         ("577 023", 577023), ("-2", -2), ("0,5", Decimal("0.5"))])
def test_inputs_accept_swedish_separators(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "3.713,5", "1,2,3", "1e5", "--"])
def test_inputs_refuse_what_is_not_a_number(text):
    with pytest.raises(ValueError):
        parse_number(text)
