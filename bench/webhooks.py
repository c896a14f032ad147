"""Benchmark: webhook fan-out to five endpoints, one of them dead, beside the Kafka relay.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/summit .venv/bin/python bench/webhooks.py

It starts a noida-db broker on a free loopback port, a throwaway database named after DATABASE_URL's
(`<name>_bench_<pid>`, dropped at the end), four receivers in their own processes (HTTP/1.1,
keep-alive, answering 204) and one dead endpoint (a socket that accepts connections and never
answers, so every try waits for the read timeout). Then, side by side:

1. the relay alone publishes N events to Kafka (N = --events, 10,000 by default);
2. N more events, with the five endpoints registered and two webhook workers
   (`manage.py webhooks run --loop`, as the webhooks queue's workers would) running while the relay
   publishes them.

It prints the relay's rate in each round and their ratio (target: with webhooks within 0.8 of
alone, i.e. the dead endpoint does not slow Kafka), how long the live endpoints took to receive all
4 × N deliveries, and what the dead endpoint cost: its tries (one per backoff step, not one per
delivery) and the deliveries left waiting for it.
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BROKER_SCRIPT = ROOT / "scripts" / "kafka-broker.sh"
TARGET_RATIO = 0.8
RECEIVER = """
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass

ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2, help="Webhook worker processes.")
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="summit-bench-webhooks-"))
    port = free_port()
    subprocess.run(["bash", str(BROKER_SCRIPT), "start", str(port), str(data_dir)], check=True, capture_output=True)
    try:
        os.environ["KAFKA_BOOTSTRAP_SERVERS"] = f"127.0.0.1:{port}"
        os.environ["WEBHOOKS_ALLOW_PRIVATE_ADDRESSES"] = "true"  # the receivers listen on loopback
        os.environ.pop("REDIS_URL", None)
        os.environ.pop("CELERY_BROKER_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summit.settings.base")
        run(args)
    finally:
        subprocess.run(["bash", str(BROKER_SCRIPT), "stop", str(data_dir)], check=False, capture_output=True)
        subprocess.run(["rm", "-rf", str(data_dir)], check=False)


def run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    database = connection.settings_dict
    database["TEST"]["NAME"] = f"{database['NAME']}_bench_{os.getpid()}"
    if connection.vendor == "sqlite":
        database["TEST"]["NAME"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    created = setup_databases(verbosity=0, interactive=False)
    children: list[subprocess.Popen] = []
    dead = socket.socket()
    try:
        from events import kafka

        kafka.create_topics()
        database_url = _url_of(connection.settings_dict)
        live_ports = [free_port() for _ in range(4)]
        children += [subprocess.Popen([sys.executable, "-c", RECEIVER, str(p)]) for p in live_ports]
        dead.bind(("127.0.0.1", 0))
        dead.listen(1024)  # accepts into the backlog, never answers
        time.sleep(0.5)
        _relay_round(1_000)  # warm up: the producer's connection and the topics' metadata
        alone = _relay_round(args.events)
        endpoints = _register([f"http://127.0.0.1:{p}/hook" for p in live_ports], dead.getsockname()[1])
        env = os.environ | {"DATABASE_URL": database_url}
        command = [sys.executable, str(ROOT / "manage.py"), "webhooks", "run", "--loop", "--interval", "0.2"]
        workers = [subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL) for _ in range(args.workers)]
        children += workers
        started = time.perf_counter()
        beside = _relay_round(args.events)
        # The fan-out starts from the outbox's beginning: both rounds and the warm-up reach every endpoint.
        delivered_after = _wait_for_live_deliveries(endpoints[:4], 2 * args.events + 1_000, started)
        report(args.events, alone, beside, delivered_after, endpoints[4])
    finally:
        for child in children:
            child.terminate()
        for child in children:
            child.wait(10)
        dead.close()
        teardown_databases(created, verbosity=0)


def _url_of(settings_dict: dict) -> str:
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    user, host, port = settings_dict["USER"], settings_dict["HOST"] or "127.0.0.1", settings_dict["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{settings_dict['NAME']}"


def _relay_round(count: int) -> float:
    """Insert `count` events, publish them with the relay; its rate in events/s."""
    from bench.events import insert_outbox
    from events import relay

    insert_outbox(count)
    started = time.perf_counter()
    result = relay.relay_pending(batch_size=5_000, max_seconds=600)
    elapsed = time.perf_counter() - started
    assert result.failed == 0, result
    return result.published / elapsed


def _register(live_urls: list[str], dead_port: int) -> list:
    from webhooks.models import WebhookEndpoint
    from webhooks.signing import new_secret

    urls = [*live_urls, f"http://127.0.0.1:{dead_port}/hook"]
    return [
        WebhookEndpoint.objects.create(
            conference=None, name=f"bench {n}", url=url, event_types=["*"], secret=new_secret()
        )
        for n, url in enumerate(urls)
    ]


def _wait_for_live_deliveries(endpoints: list, count: int, started: float, timeout: float = 600) -> float:
    from webhooks.models import WebhookDelivery

    wanted = count * len(endpoints)
    while time.perf_counter() - started < timeout:
        delivered = WebhookDelivery.objects.filter(endpoint__in=endpoints, state="delivered").count()
        if delivered >= wanted:
            return time.perf_counter() - started
        time.sleep(0.5)
    raise TimeoutError(f"{delivered} of {wanted} live deliveries in {timeout} s")


def report(count: int, alone: float, beside: float, delivered_after: float, dead) -> None:
    from webhooks.models import WebhookAttempt, WebhookDelivery

    ratio = beside / alone
    tries = WebhookAttempt.objects.filter(delivery__endpoint=dead).count()
    waiting = WebhookDelivery.objects.filter(endpoint=dead, state="pending").count()
    live = (2 * count + 1_000) * 4
    print(f"relay alone:            {alone:10,.0f} events/s")
    print(f"relay beside webhooks:  {beside:10,.0f} events/s  ({ratio:.2f} of alone; target >= {TARGET_RATIO})")
    print(f"live endpoints:         {live:,} deliveries in {delivered_after:.1f} s ({live / delivered_after:,.0f}/s)")
    print(f"dead endpoint:          {tries} tries, {waiting:,} deliveries waiting for it")
    print("MET" if ratio >= TARGET_RATIO else "NOT MET", "— the Kafka relay beside a dead webhook endpoint")


if __name__ == "__main__":
    main()
