"""Fixtures of the fault tests: a real SMTP server on loopback, dead ports, the review outbox with
decided speakers, Celery workers on Redis that a test may kill."""

import pytest

from review.services.decisions import decision_make
from tests.events.support import free_port
from tests.factories import EmailAddressFactory, SubmissionTypeFactory, TrackFactory
from tests.factories.cfp import SubmissionFactory
from tests.faults.smtp import SMTPServer


@pytest.fixture
def smtp_server(settings):
    """A running SMTP server that Django's SMTP backend sends to."""
    server = SMTPServer().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, 5
    yield server
    server.stop()


@pytest.fixture
def dead_smtp(settings):
    """Django's SMTP backend pointed at a port nobody listens on; `dead_smtp.revive()` starts a
    server on that very port, as a mail server coming back."""

    class Dead:
        port = free_port()
        server: SMTPServer | None = None

        def revive(self) -> SMTPServer:
            self.server = SMTPServer(port=self.port).start()
            return self.server

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", Dead.port, 5
    dead = Dead()
    yield dead
    if dead.server is not None:
        dead.server.stop()


@pytest.fixture
def decided_speakers(conference, organiser):
    """Four proposals decided (two accepted, one rejected, one waitlisted), one speaker each."""
    track = TrackFactory(conference=conference)
    talk = SubmissionTypeFactory(conference=conference)
    speakers = []
    for number, decision in enumerate(["accept", "accept", "reject", "waitlist"]):
        speaker = EmailAddressFactory(user__email=f"speaker{number}@summit.test").user
        submission = SubmissionFactory(
            conference=conference, speakers=[speaker], track=track, submission_type=talk, state="submitted"
        )
        decision_make(submission=submission, decision=decision, by=organiser)
        speakers.append(speaker)
    return speakers
