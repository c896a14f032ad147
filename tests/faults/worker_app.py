"""The Celery app of the fault tests' workers: production's (`summit.celery`, its settings, the
visibility timeout from CELERY_VISIBILITY_TIMEOUT_SECONDS) with kombu's scan for abandoned tasks run
every second instead of about every 100 s (its interval times its throttle), so a test sees a killed
worker's task redelivered in seconds rather than minutes."""

from summit.celery import app

app.conf.broker_transport_options = {
    **app.conf.broker_transport_options,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
