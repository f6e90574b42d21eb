"""Sending a registration form in the browser tests, which share one server and so one report calendar."""

from __future__ import annotations

import re

ITEM_PAGE = re.compile(r".*/items/\d+$")
LATE_REGISTRATION = "Jag bekräftar efterregistreringen i en redan rapporterad månad"


def submit_confirming_a_frozen_month(page, button=None) -> None:
    """Send the form (by ``button``, else its submit button) and wait for the new item's page; another
    browser test may have frozen this month's report, and a registration in it is then confirmed as late."""
    button = button or page.locator("main form button[type=submit]")
    button.click()
    page.wait_for_load_state()
    confirm = page.get_by_label(LATE_REGISTRATION)
    if not ITEM_PAGE.match(page.url) and confirm.count():
        confirm.check()
        button.click()
    page.wait_for_url(ITEM_PAGE)
