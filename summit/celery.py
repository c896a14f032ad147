import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summit.settings.base")

app = Celery("summit")
app.config_from_object("django.conf:settings", namespace="CELERY")


# Added once the settings are read, to whatever transport options they give the broker (connect and
# read timeouts among them), so that one dict elsewhere cannot drop it.
@app.on_after_configure.connect
def _redeliver_after_visibility_timeout(sender: Celery, **kwargs) -> None:
    from django.conf import settings

    sender.conf.broker_transport_options = {
        **(sender.conf.broker_transport_options or {}),
        "visibility_timeout": settings.TASK_VISIBILITY_TIMEOUT_SECONDS,
    }


app.autodiscover_tasks()
# Task modules not named tasks.py.
app.autodiscover_tasks(["slides"], related_name="publication_tasks")
