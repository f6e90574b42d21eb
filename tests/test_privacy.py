"""The personnummer guard: anything that reads as a personnummer or samordningsnummer is found, however
it is written; the numbers people write in notes (amounts, dates, phone and diary numbers) are not."""

import pytest

from caseflow.privacy import contains_personal_number

FOUND = [
    "19121212-1212",  # 12 digits with separator
    "191212121212",  # 12 digits without
    "121212-1212",  # 10 digits
    "1212121212",
    "121212+1212",  # the 100-year separator
    "701063-2391",  # samordningsnummer: day 03 + 60
    "19701063-2391",
    # Written around the old guard (issue 17): each is 811218-9876 or a mistyped one.
    "811218\u20139876",  # en dash, what Word's autocorrect writes
    "811218\u20149876",  # em dash
    "811218\u22129876",  # minus sign
    "811218\u20109876",  # Unicode hyphen
    "811218\ufe639876",  # small hyphen-minus
    "811218\uff0d9876",  # full-width hyphen-minus
    "811218--9876",
    "811218/9876",
    "811218.9876",
    "811218 - 9876",
    "811218\u00a09876",  # no-break space
    "811218\u202f-\u202f9876",  # narrow no-break spaces
    "8 1 1 2 1 8 - 9 8 7 6",  # spaced digits
    "81 12 18-98 76",
    "8112\u200b18-9876",  # a zero-width space inside the date
    "811218\u200b-\u200d9876",
    "\u00ad811218-98\u00ad76",  # soft hyphens
    "\uff18\uff11\uff11\uff12\uff11\uff18-\uff19\uff18\uff17\uff16",  # full-width digits
    "811218-9875",  # a wrong check digit: still someone's number, mistyped
    "121212-1213",
    "200002291234",  # February 29th of a leap year
    "000229-1234",  # a leap year among the two the century leaves open
    "811278-9876",  # samordningsnummer of the 18th
]
PASS = [
    "121312-1212",  # month 13
    "121232-1212",  # day 32 (neither date nor samordningsnummer)
    "810231-1234",  # February 31st
    "19810229-1234",  # no February 29th in 1981
    "811292-1234",  # day 92: samordningsnummer of a 32nd
    "12121-1212",  # too short
    "202011",  # a month bucket
    "3713",
    "H-2020-00102",
    # Amounts
    "3 713 kr", "1 250 000 kr", "12 500,50 kr", "150000 kr", "3\u00a0101\u00a0011\u00a0234 kr", "1 234 567 890",
    "-5", "41,4 %",
    # Dates and times
    "2026-12-05", "2026-12-05 14:00", "2026-12-05 1400", "2026-12-05 - 2026-12-31", "20261205-20261231",
    "5/12 2026", "kl. 14 00", "2026-12-05 14 00",
    # Phone numbers, written as people write them
    "070-123 45 67", "070 123 45 67", "08-508 000 00", "+46 70 123 45 67", "+46701234567", "0771-123 123",
    "070-12 34 567",
    # Diary, organisation and account numbers
    "Dnr SN 2026/1234", "2026/00123", "212000-0142", "5050-1055", "8327-9, 123 456 789-0",
    "00191212121212",  # inside a longer digit run
]


@pytest.mark.parametrize("number", FOUND)
def test_a_personal_number_is_found_however_it_is_written(number):
    assert contains_personal_number(number)
    assert contains_personal_number(f"Klienten ({number}) ringde.")


@pytest.mark.parametrize("text", PASS)
def test_the_numbers_people_write_in_notes_pass(text):
    assert not contains_personal_number(text)
    assert not contains_personal_number(f"Anteckning: {text}.")


def test_empty_text():
    assert not contains_personal_number(None)
    assert not contains_personal_number("")
