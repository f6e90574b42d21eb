"""The module the ``celery`` command loads: ``celery -A workers.make_celery worker -B``."""

from workers.celery_app import create_celery

celery = create_celery()
