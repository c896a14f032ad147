"""Beat task of publication: thin, it only calls the service."""

from celery import shared_task

from slides.services.publication import publish_due


@shared_task(name="slides.publish_due_decks")
def publish_due_decks() -> int:
    return publish_due()
