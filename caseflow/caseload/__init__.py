"""A unit leader's view of the unit's open work: caseload per owner, and reassignment."""
