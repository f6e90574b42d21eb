"""Traffic lights: on time, due soon within 7 days, late; a paused item has none."""

from datetime import date

from caseflow.items.deadlines import TimeState, referral_answer_due, time_state

TODAY = date(2020, 11, 16)


def test_lights():
    assert time_state(date(2020, 11, 15), TODAY) is TimeState.LATE
    assert time_state(date(2020, 11, 16), TODAY) is TimeState.DUE_SOON
    assert time_state(date(2020, 11, 23), TODAY) is TimeState.DUE_SOON
    assert time_state(date(2020, 11, 24), TODAY) is TimeState.ON_TIME
    assert time_state(None, TODAY) is TimeState.NONE
    assert time_state(date(2020, 11, 1), TODAY, paused=True) is TimeState.NONE


def test_due_dates():
    assert referral_answer_due(date(2020, 11, 20)) == date(2020, 12, 4)
