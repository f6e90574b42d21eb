"""The month every count is grouped by: read, shown, its days, its neighbours and its ranges."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from caseflow.errors import ValidationError
from caseflow.formatting import month_label
from caseflow.db import today_local
from caseflow.months import Month, past_or_current
from caseflow.reports.months import parse_month


def test_a_month_is_read_from_yyyy_mm_and_shown_so():
    assert parse_month("2020-11") == 202011
    assert str(Month(202011)) == "2020-11" and f"{Month(202011)}" == "2020-11"
    assert Month.parse(" 2020-01 ") == Month.at(2020, 1) == 202001


@pytest.mark.parametrize("bad", ["2020-13", "2020-00", "2020-1", "20-11", "nov-20", "", "1999-12", "0000-01",
                                 "9999-12", "2020-11-01", "２０２０-11"])
def test_what_is_not_a_month_a_person_means_is_refused(bad):
    with pytest.raises(ValueError):
        Month.parse(bad)
    with pytest.raises(ValidationError) as refused:
        parse_month(bad, "to")
    assert set(refused.value.fields) == {"to"}


def test_ranges_and_neighbours_cross_the_new_year():
    assert Month.range(202011, 202102) == [202011, 202012, 202101, 202102]
    assert Month.range(202011, 202011) == [202011]
    assert Month.range(202012, 202011) == []
    assert (Month(202012).next, Month(202101).previous, Month(202005).january) == (202101, 202012, 202001)


def test_a_month_knows_its_days_leap_years_too():
    assert (Month(202002).first_day, Month(202002).last_day) == (date(2020, 2, 1), date(2020, 2, 29))
    assert Month(202102).last_day == date(2021, 2, 28)
    assert Month(202012).last_day == date(2020, 12, 31)
    assert Month.of(date(2020, 12, 31)) == 202012


def test_the_committee_label_is_the_seeds():
    assert month_label(202011, "sv") == "nov-20"
    assert month_label("2019-05", "sv") == "maj-19"
    assert month_label(date(2020, 1, 15), "en") == "Jan-20"


@pytest.mark.parametrize("label, month", [("nov-20", 202011), ("NOV-20", 202011), ("maj-19", 201905),
                                          ("okt-20", 202010), ("oct-20", 202010), ("jan.-20", 202001)])
def test_a_month_is_read_back_from_its_label_as_excel_shows_it(label, month):
    assert Month.from_label(label) == month


@pytest.mark.parametrize("bad", ["foo-20", "nov-2020", "nov", "13-20", ""])
def test_what_is_no_month_label_is_refused(bad):
    with pytest.raises(ValueError):
        Month.from_label(bad)


def test_a_month_up_to_the_current_one_is_one_from_january_2000_to_this_month():
    this_month = Month.of(today_local())
    assert past_or_current(int(this_month)) == this_month and past_or_current(200001) == Month(200001)
    for bad in (this_month.next, 199912, 202013, "2020-11", None, 20201):
        assert past_or_current(bad) is None, bad


def test_the_current_month_is_the_one_today_lies_in_in_stockholm():
    # Read the clock on both sides, so a month turning over during the test cannot make it flaky.
    before = datetime.now(ZoneInfo("Europe/Stockholm"))
    current = Month.current()
    after = datetime.now(ZoneInfo("Europe/Stockholm"))
    assert current in {before.year * 100 + before.month, after.year * 100 + after.month}
    assert type(current) is Month
    assert current.has_begun and current.previous.has_begun and not current.next.has_begun
