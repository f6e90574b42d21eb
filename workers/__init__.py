"""The Celery app and its tasks; imports ``caseflow``, never the other way round."""
