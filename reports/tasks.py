"""Background tasks of the reports (django-tasks API, database backend; ``make run`` starts a
worker: ``manage.py db_worker --queue-name=default,pdf --no-reload``)."""

from django_tasks import task

from reports import bundle


@task(queue_name="pdf")
def build_round_document(document_id: int) -> None:
    """The whole round's PDF (``reports.bundle.build``): its progress is on the RoundDocument."""
    bundle.build(document_id)
