"""The retry policy of every task that sends mail or calls another service: a mail server or a
network that is down for a while must not lose the message, and must not be hammered either."""

from smtplib import SMTPException

# `@shared_task(name=..., **RETRY)`: retried on the errors a later try can fix, with exponential
# backoff (Celery's, with jitter) capped at ten minutes, at most ten times: a mail server down for
# a quarter of an hour still gets the message. A timeout (TimeoutError) is a network error like a
# refused connection, but not a ConnectionError.
RETRY = {
    "autoretry_for": (SMTPException, ConnectionError, TimeoutError),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 10,
}
