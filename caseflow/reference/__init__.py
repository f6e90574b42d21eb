"""Reference data an admin edits: reasons, targets, outcomes, participants, reference patterns."""
