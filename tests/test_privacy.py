"""The personnummer guard: valid personnummer and samordningsnummer refused in free text, nothing else."""

import pytest

from caseflow.privacy import contains_personal_number

# Valid by Luhn (Skatteverket's test numbers and hand-checked ones).
VALID = [
    "19121212-1212",  # 12 digits with separator
    "191212121212",  # 12 digits without
    "121212-1212",  # 10 digits
    "1212121212",
    "121212+1212",  # the 100-year separator
    "701063-2391",  # samordningsnummer: day 03 + 60
    "19701063-2391",
]
INVALID = [
    "121212-1213",  # Luhn fails
    "121312-1212",  # month 13
    "121232-1212",  # day 32 (neither date nor samordningsnummer)
    "12121-1212",  # too short
    "202011",  # a month bucket
    "3713",
    "H-2020-00102",
]


@pytest.mark.parametrize("number", VALID)
def test_valid_numbers_are_found_anywhere_in_text(number):
    assert contains_personal_number(number)
    assert contains_personal_number(f"Klienten ({number}) ringde.")


@pytest.mark.parametrize("text", INVALID)
def test_other_digits_pass(text):
    assert not contains_personal_number(text)
    assert not contains_personal_number(f"Anteckning: {text}.")


def test_a_number_inside_a_longer_digit_run_is_not_a_personnummer():
    assert not contains_personal_number("00191212121212")


def test_empty_text():
    assert not contains_personal_number(None)
    assert not contains_personal_number("")
