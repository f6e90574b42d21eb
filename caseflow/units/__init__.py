"""Units (enheter): the organisational boundary of what a caseworker may see."""
