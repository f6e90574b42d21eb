"""The module the ``celery`` command loads: ``celery --app workers.make_celery worker --beat``."""

from celery.signals import worker_process_init

from workers.celery_app import create_celery, dispose_engines

celery = create_celery()


@worker_process_init.connect
def _after_fork(**_):
    dispose_engines(celery.flask_app)
