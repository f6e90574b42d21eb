"""The module the ``celery`` command loads: ``celery --app workers.make_celery worker --beat``."""

from celery.signals import worker_process_init, worker_ready

from caseflow.health import HEARTBEAT_EVERY
from workers.celery_app import create_celery, dispose_engines

celery = create_celery()


@worker_process_init.connect
def _after_fork(**_):
    dispose_engines(celery.flask_app)


@worker_ready.connect
def _first_heartbeat(sender=None, **_):
    # Beat's first heartbeat comes one interval after it starts; a worker that is up says so at once,
    # through a queue it consumes (a worker started with --queues may not consume the default one).
    queues = getattr(getattr(sender, "task_consumer", None), "queues", None) or []
    celery.send_task("caseflow.heartbeat", expires=HEARTBEAT_EVERY.total_seconds(),
                     queue=queues[0].name if queues else None)
