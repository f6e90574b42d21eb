"""The committee's calendar: meeting dates, each month's report deadline, reminders and the automatic freeze."""
