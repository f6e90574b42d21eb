"""The transition machinery: the machine types (``machine``, importing nothing of Caseflow) and the
one place that applies them to items (``transitions``)."""
