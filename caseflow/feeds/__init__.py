"""Calendar feeds: a private, revocable iCalendar subscription of a user's own meetings (Outlook)."""
