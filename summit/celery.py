import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summit.settings.base")

app = Celery("summit")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Task modules not named tasks.py.
app.autodiscover_tasks(["slides"], related_name="publication_tasks")
