"""What every kind of work item shares: the base row, its history, and who may see it."""
