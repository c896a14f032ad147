"""The retry policy of every task that sends mail or calls another service: a mail server or a
network that is down for a while must not lose the message, and must not be hammered either."""

from smtplib import SMTPException

# `@shared_task(name=..., **RETRY)`: retried on the errors a later try can fix, with exponential
# backoff (Celery's, with jitter), at most five times.
# A timeout (TimeoutError) is a network error like a refused connection, but not a ConnectionError.
RETRY = {"autoretry_for": (SMTPException, ConnectionError, TimeoutError), "retry_backoff": True, "max_retries": 5}
