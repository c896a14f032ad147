"""Benchmark: webhook fan-out to five endpoints, one of them dead, beside the Kafka relay.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/summit .venv/bin/python bench/webhooks.py

It starts a noida-db broker on a free loopback port, a throwaway database named after DATABASE_URL's
(`<name>_bench_<pid>`, dropped at the end), four receivers in their own processes (HTTP/1.1,
keep-alive, answering 204) and one dead endpoint (a socket that accepts connections and never
answers, so every try waits for the read timeout). Then, side by side:

1. the relay alone publishes N events to Kafka (N = --events, 10,000 by default);
2. N more events, with five live endpoints registered and two webhook workers
   (`manage.py webhooks run --loop`, as the webhooks queue's workers would) running beside it;
3. the same with the fifth endpoint dead.

The workers share the machine's cores with the relay, so (2) is slower than (1) on a small machine;
what a dead endpoint must not do is make (3) slower than (2): target, the relay's rate and the live
endpoints' delivery rate in (3) at least 0.9 of theirs in (2). It also prints what the dead endpoint
cost: its tries (one per backoff step, not one per delivery) and the deliveries left waiting.
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
TARGET_RATIO = 0.9
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
        from webhooks import fanout

        fanout.fan_out()  # no endpoint yet: the fan-out's cursor passes what is there
        env = os.environ | {"DATABASE_URL": database_url}
        live_urls = [f"http://127.0.0.1:{p}/hook" for p in live_ports]
        dead_url = f"http://127.0.0.1:{dead.getsockname()[1]}/hook"
        healthy = _scenario(args, env, [live_urls[0], *live_urls])
        with_dead = _scenario(args, env, [dead_url, *live_urls])
        report(args.events, alone, healthy, with_dead)
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


def _scenario(args: argparse.Namespace, env: dict, urls: list[str]) -> dict:
    """Five endpoints, webhook workers running, the relay publishing N events beside them.

    The first endpoint is the one that differs (dead, or a fifth live one): the workers reach it
    first, so a dead one is tried while the relay runs."""
    from webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
    from webhooks.signing import new_secret

    endpoints = [
        WebhookEndpoint.objects.create(
            conference=None, name=f"bench {n}", url=url, event_types=["*"], secret=new_secret()
        )
        for n, url in enumerate(urls)
    ]
    command = [sys.executable, str(ROOT / "manage.py"), "webhooks", "run", "--loop", "--interval", "0.2"]
    workers = [subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL) for _ in range(args.workers)]
    try:
        started = time.perf_counter()
        rate = _relay_round(args.events)
        seconds = _wait_for_live_deliveries(endpoints[1:], args.events, started)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(30)
    fifth = endpoints[0]
    result = {
        "relay": rate,
        "seconds": seconds,
        "tries": WebhookAttempt.objects.filter(delivery__endpoint=fifth).count(),
        "waiting": WebhookDelivery.objects.filter(endpoint=fifth, state="pending").count(),
    }
    WebhookEndpoint.objects.all().delete()
    return result


def _wait_for_live_deliveries(endpoints: list, count: int, started: float, timeout: float = 600) -> float:
    from webhooks.models import WebhookDelivery

    wanted = count * len(endpoints)
    while time.perf_counter() - started < timeout:
        delivered = WebhookDelivery.objects.filter(endpoint__in=endpoints, state="delivered").count()
        if delivered >= wanted:
            return time.perf_counter() - started
        time.sleep(0.5)
    raise TimeoutError(f"{delivered} of {wanted} live deliveries in {timeout} s")


def report(count: int, alone: float, healthy: dict, with_dead: dict) -> None:
    live = count * 4
    ratio = with_dead["relay"] / healthy["relay"]
    speed = healthy["seconds"] / with_dead["seconds"]
    print(f"relay alone:                         {alone:10,.0f} events/s")
    for name, run in (("five live endpoints", healthy), ("four live, one dead", with_dead)):
        print(
            f"relay beside {name}: {run['relay']:10,.0f} events/s ({run['relay'] / alone:.2f} of alone); "
            f"{live:,} live deliveries in {run['seconds']:.1f} s ({live / run['seconds']:,.0f}/s); "
            f"fifth endpoint: {run['tries']:,} tries, {run['waiting']:,} waiting"
        )
    print(
        f"the dead endpoint: relay at {ratio:.2f}, live endpoints at {speed:.2f} of their rates beside five live "
        f"ones (target >= {TARGET_RATIO} each)"
    )
    met = ratio >= TARGET_RATIO and speed >= TARGET_RATIO
    print("MET" if met else "NOT MET", "— a dead endpoint slows neither Kafka nor the other endpoints")


if __name__ == "__main__":
    main()
