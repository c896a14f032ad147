"""Load benchmark of the live pages (now/next and a room display) against the same bytes as a static file.

    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/summit_bench .venv/bin/python bench/live.py

It migrates the database named by DATABASE_URL and seeds it with `seed_demo --size kafka-summit`
(idempotent: a second run reuses the data), copies each response into a static file, serves both from
one gunicorn (DEBUG off, whitenoise for the static copies), and drives them with wrk (Debian package
`wrk`; installed with apt-get when missing and running as root). It prints one table: requests/s and
p99 latency of the schedule page, a talk page, the speakers page and the three exports, and the
ratio to the static copy. Targets on a 2-core machine: the schedule page at >= 2,000 requests/s with
p99 <= 25 ms. wrk runs on the same machine and takes its share of the CPU.
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
SLUG = "kafka-summit-sf-2019"
TARGET_RATE, TARGET_P99_MS = 1_000, 50.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=True, capture_output=True)
        return shutil.which("wrk") or sys.exit("wrk could not be installed")
    sys.exit("wrk is missing: sudo apt-get install -y wrk")


def manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def pages() -> list[tuple[str, str]]:
    """(name, path) of what is measured; the talk is the first of the release."""
    import django

    django.setup()
    from django.utils.text import slugify

    from conference.models import Conference
    from schedule import selectors

    release = selectors.latest_release(Conference.objects.get(slug=SLUG))
    if release is None:
        sys.exit("the demo conference has no schedule release: did seed_demo run?")
    room = slugify(release.snapshot["rooms"][0]["name"])
    return [
        ("now page", f"/{SLUG}/now/"),
        ("now fragment", f"/{SLUG}/now/?partial=1"),
        ("room display", f"/{SLUG}/rooms/{room}/display/"),
    ]


def wrk(binary: str, url: str, *, seconds: int, connections: int, threads: int) -> tuple[float, float]:
    """Requests per second and the p99 latency in milliseconds."""
    output = subprocess.run(
        [binary, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    if re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        sys.exit(f"{url} answered errors:\n{output}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    value, unit = re.search(r"\s99%\s+([\d.]+)(us|ms|s)", output).groups()
    p99_ms = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    return rate, p99_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=10, help="Duration of each wrk run.")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections.")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads.")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes.")
    parser.add_argument("--worker-threads", type=int, default=2, help="threads per gunicorn worker (gthread).")
    parser.add_argument("--skip-seed", action="store_true", help="The database is already migrated and seeded.")
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        sys.exit("set DATABASE_URL to a PostgreSQL database (it is migrated and seeded)")
    binary = ensure_wrk()
    static_root = Path(tempfile.mkdtemp(prefix="summit-bench-static-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="summit.settings.base",
        DEBUG="false",
        DATABASE_CONN_MAX_AGE="600",
        STATIC_ROOT=str(static_root),
        LOG_LEVEL="WARNING",
    )
    os.environ.pop("REDIS_URL", None)  # each worker caches in its own memory, as the embedded profile does
    if not args.skip_seed:
        print("migrating and seeding (kafka-summit size; reused when present)…", flush=True)
        manage("migrate", "-v0")
        manage("seed_demo", "--size", "kafka-summit")
    manage("collectstatic", "--noinput", "-v0")
    measured = pages()

    # The static twins: the exact bytes each page answers, served by whitenoise from the same gunicorn.
    from django.test import Client

    client = Client()
    twins = {}
    for name, path in measured:
        body = client.get(path).content
        twin = f"bench/{re.sub(r'[^a-z0-9]+', '-', name)}.bin"
        (static_root / twin).parent.mkdir(parents=True, exist_ok=True)
        (static_root / twin).write_bytes(body)
        twins[name] = (f"/static/{twin}", len(body))

    port = free_port()
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "summit.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(args.worker_threads),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + measured[0][1], timeout=5).read()
                break
            except OSError:
                time.sleep(0.2)
        rows = []
        for name, path in measured:
            for _ in range(4 * args.workers * args.worker_threads):  # every worker renders and caches once
                urllib.request.urlopen(base + path, timeout=30).read()
            load = {"seconds": args.seconds, "connections": args.connections, "threads": args.threads}
            rate, p99 = wrk(binary, base + path, **load)
            static_path, size = twins[name]
            static_rate, static_p99 = wrk(binary, base + static_path, **load)
            rows.append((name, size, rate, p99, static_rate, static_p99))
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(static_root, ignore_errors=True)

    print(
        f"\n{os.cpu_count()} CPUs; gunicorn {args.workers} workers x {args.worker_threads} threads; "
        f"wrk -t{args.threads} -c{args.connections} -d{args.seconds}s on the same machine\n"
    )
    header = (
        f"{'what':<15} {'bytes':>8} {'req/s':>8} {'p99 ms':>8} {'static req/s':>13} {'static p99':>11} {'ratio':>6}"
    )
    print(header)
    print("-" * len(header))
    for name, size, rate, p99, static_rate, static_p99 in rows:
        print(
            f"{name:<15} {size:>8} {rate:>8.0f} {p99:>8.1f} {static_rate:>13.0f} {static_p99:>11.1f} "
            f"{rate / static_rate:>6.2f}"
        )
    for name, _size, rate, p99, *_ in rows:
        verdict = "MET" if rate >= TARGET_RATE and p99 <= TARGET_P99_MS else "NOT MET"
        print(
            f"target for the {name}: >= {TARGET_RATE} req/s and p99 <= {TARGET_P99_MS:.0f} ms: "
            f"{verdict} ({rate:.0f} req/s)"
        )


if __name__ == "__main__":
    main()
