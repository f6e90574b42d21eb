"""Action plans and their measures (åtgärder), with a follow-up note per measure and month."""
