"""/healthz says the process answers (no database); /readyz says whether the database does, and
reports Redis, the broker, Kafka and SMTP as degraded, never as fatal."""

import socket
import time

import pytest
from django.test import Client

from tests.events.support import free_port

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_probes_skip_the_host_check_and_the_https_redirect(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["summit.example.org"]
    client = Client(HTTP_HOST="10.0.0.7:8000")  # an orchestrator probing the pod by its address

    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/").status_code == 400  # everything else still checks the host


def test_readyz_with_nothing_but_the_database_is_ok():
    response = Client().get("/readyz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "degraded": [],
        "checks": {
            "database": {"state": "ok", "seconds": response.json()["checks"]["database"]["seconds"]},
            "redis": {"state": "off"},
            "broker": {"state": "off"},
            "kafka": {"state": "off"},
            "smtp": {"state": "off"},
        },
    }


def test_readyz_with_redis_down_is_ready_but_degraded(redis_down):
    response = Client().get("/readyz")

    body = response.json()
    assert response.status_code == 200
    assert (body["status"], body["degraded"]) == ("degraded", ["broker", "redis"])
    assert body["checks"]["redis"]["state"] == "down"
    assert "Connection refused" in body["checks"]["redis"]["error"]
    assert body["checks"]["database"]["state"] == "ok"


def test_readyz_with_redis_back_is_ok(redis_down):
    redis_down.port.start()

    body = Client().get("/readyz").json()

    assert (body["status"], body["checks"]["redis"]["state"], body["checks"]["broker"]["state"]) == ("ok", "ok", "ok")


def test_readyz_reports_kafka_and_smtp_down_within_the_timeout(settings):
    settings.KAFKA_BOOTSTRAP_SERVERS = f"127.0.0.1:{free_port()}"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.READINESS_TIMEOUT_SECONDS = 1.0

    started = time.monotonic()
    response = Client().get("/readyz")
    took = time.monotonic() - started

    assert response.status_code == 200
    assert response.json()["degraded"] == ["kafka", "smtp"]
    assert took < 3  # the checks run side by side, each bounded by the timeout


def test_readyz_times_out_on_a_redis_that_never_answers(settings):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # accepts connections (the kernel does), never says a word
    url = f"redis://127.0.0.1:{silent.getsockname()[1]}/0"
    settings.REDIS_URL = url
    settings.READINESS_TIMEOUT_SECONDS = 0.3
    try:
        started = time.monotonic()
        body = Client().get("/readyz").json()
        took = time.monotonic() - started
    finally:
        silent.close()

    assert body["checks"]["redis"]["state"] == "down"
    assert took < 2.5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_readyz_is_503_while_the_database_connection_is_gone_then_200(kill_connection):
    client = Client()
    kill_connection()

    failed = client.get("/readyz")
    recovered = client.get("/readyz")

    assert failed.status_code == 503
    assert failed.json()["status"] == "unavailable"
    assert failed.json()["checks"]["database"]["state"] == "down"
    assert recovered.status_code == 200
