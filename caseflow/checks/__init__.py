"""Control checks (SSBTEK lookups): an event stream posted in bulk by the robot or logged by caseworkers."""
