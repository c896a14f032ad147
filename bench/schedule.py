"""Load benchmark of the public schedule: pages, exports and the schedule API against the same bytes
as a static file, at the benchmark size and at ten times it.

    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/summit_bench .venv/bin/python bench/schedule.py
    DATABASE_URL=postgres://…/summit_bench_10x .venv/bin/python bench/schedule.py --size kafka-summit-10x

It migrates the database named by DATABASE_URL and seeds it with `seed_demo --size <size>`
(idempotent: a second run reuses the data), copies each response into a static file, serves both from
one gunicorn (DEBUG off, whitenoise for the static copies), and drives them with wrk (Debian package
`wrk`; installed with apt-get when missing and running as root). It prints one table: requests/s and
p99 latency of the schedule page (first day, second day, by track, by room), a talk page, the
speakers page, the three exports and the three public API answers, the ratio to the static copy, and
the first render (ms, in process, on an emptied cache: what the first request after a release costs).
Then every goal, MET or NOT MET: the schedule page at >= 2,000 requests/s with p99 <= 25 ms, the API
at >= 1,000 requests/s, no cache entry left by 100 searches and made-up filters, and at 10x the
build time of seed_demo (< 5 minutes) and each page's cost per byte, served and first render, within
1.5x of the last 1x run's (kept in $TMPDIR/summit-bench/). wrk runs on the same machine and takes its
share of the CPU.

Measured on the shared 2-core machine (other helpers' tests running: the static copies themselves ran
at 940–3,400 req/s), gunicorn 2 workers x 2 threads, wrk -c16 -d5s:

    kafka-summit       bytes  req/s  static   first ms     kafka-summit-10x   bytes  req/s  static  first ms
    schedule page      56547   1832    1710       85.1                       169279   1612    1455     148.0
    schedule day 2     55174   2884    3409       53.3                       166838   2520    1579     152.7
    schedule track     43854   1229    1945       69.3                       167854   2733    3299     133.0
    schedule room      20698   2278    2471       40.0                        21718   2683    1297      50.0
    talk page           4553   2203    1843       29.2                         4431   2144    1943      32.2
    speakers page      31804   2142    1392       50.6                       281392   1246    2158     156.3
    schedule.xml       99223   1846    2657       59.8                       831260   1441    1318     190.7
    schedule.json     150630   1112    2298       66.5                      1260923   1053    1016     239.2
    schedule.ics       65228   2331    1931      127.7                       567889   1725    1690     586.6
    API release        89620   2532    2821       33.0                       742405    890     941      76.4
    API talks          63900   1480    1151       31.9                       541705   1298    1063      63.5
    API speakers       16952   2104    1683       19.3                       159539   1391    1716      61.8

At 10x every page and export costs 0.12–1.06x its 1x cost per byte served and 0.23–1.19x on first
render: MET. The API at 1x: 1,480–2,532 req/s, MET (at 10x the 742 kB release runs at its static
copy's 941/s). The schedule page's 2,000 req/s and 25 ms p99: NOT MET on this loaded machine, where
the static copy of the same bytes ran at 1,710/s (p99 50 ms).
"""

import argparse
import json
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
TARGET_RATE, TARGET_P99_MS = 2_000, 25.0
API_TARGET_RATE = 1_000
SCALE_LIMIT = 1.5  # the 10x set's cost per byte, at most this many times the 1x set's
SEED_LIMIT_SECONDS = 300
RESULTS = Path(tempfile.gettempdir()) / "summit-bench"


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


def manage(*args: str) -> str:
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, check=True, capture_output=True, text=True).stdout


def pages() -> list[tuple[str, str]]:
    """(name, path) of what is measured; the talk is the first of the release, the day its second."""
    import django

    django.setup()
    from conference.models import Conference
    from schedule import selectors

    release = selectors.latest_release(Conference.objects.get(slug=SLUG))
    if release is None:
        sys.exit("the demo conference has no schedule release: did seed_demo run?")
    talk = next(slot["code"] for slot in release.snapshot["slots"] if slot["code"])
    second_day = sorted({slot["starts_at"][:10] for slot in release.snapshot["slots"]})[1]
    api = f"/api/conferences/{SLUG}/schedule/"
    return [
        ("schedule page", f"/{SLUG}/schedule/"),
        ("schedule day 2", f"/{SLUG}/schedule/{second_day}/"),
        ("schedule track", f"/{SLUG}/schedule/?track=core"),
        ("schedule room", f"/{SLUG}/schedule/?room=golden-gate"),
        ("talk page", f"/{SLUG}/talks/{talk}/"),
        ("speakers page", f"/{SLUG}/speakers/"),
        ("schedule.xml", f"/{SLUG}/schedule.xml"),
        ("schedule.json", f"/{SLUG}/schedule.json"),
        ("schedule.ics", f"/{SLUG}/schedule.ics"),
        ("API release", api),
        ("API talks", f"{api}talks/"),
        ("API speakers", f"{api}speakers/"),
    ]


def first_renders(measured: list[tuple[str, str]], repeats: int = 3) -> dict[str, float]:
    """Milliseconds of the first request after a release, in process: a new release is a new cache
    key, so it is measured as a request on an emptied cache with the release not yet read back (the
    best of `repeats`, each from cold)."""
    from django.core.cache import cache
    from django.test import Client

    from schedule.views import _programmes

    client = Client()
    timings = {}
    for name, path in measured:
        best = float("inf")
        for _ in range(repeats):
            cache.clear()
            _programmes.clear()
            started = time.perf_counter()
            response = client.get(path)
            best = min(best, time.perf_counter() - started)
            if response.status_code != 200:
                sys.exit(f"{path} answered {response.status_code}")
        timings[name] = best * 1000
    return timings


def searches_stored(count: int = 50) -> int:
    """How many cache entries `count` different search terms and made-up filters leave behind."""
    from django.core.cache import cache
    from django.test import Client

    client = Client()
    client.get(f"/{SLUG}/schedule/")
    before = len(cache._cache)  # type: ignore[attr-defined]
    for number in range(count):
        client.get(f"/{SLUG}/schedule/list/?q=words{number}")
        client.get(f"/{SLUG}/schedule/?track=made-up-{number}")
    return len(cache._cache) - before  # type: ignore[attr-defined]


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
    parser.add_argument(
        "--size",
        choices=["kafka-summit", "kafka-summit-10x"],
        default="kafka-summit",
        help="The seed_demo set; the 10x run is compared with the last 1x run's numbers.",
    )
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
    seeded_in = None
    if not args.skip_seed:
        print(f"migrating and seeding ({args.size} size; reused when present)…", flush=True)
        manage("migrate", "-v0")
        found = re.search(r"Built the \S+ set in ([\d.]+) s", manage("seed_demo", "--size", args.size))
        seeded_in = float(found.group(1)) if found else None
    manage("collectstatic", "--noinput", "-v0")
    measured = pages()
    cold = first_renders(measured)
    stored = searches_stored()

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
            rows.append((name, size, rate, p99, static_rate, static_p99, cold[name]))
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(static_root, ignore_errors=True)

    report(args, rows, seeded_in, stored)


def report(args, rows: list[tuple], seeded_in: float | None, stored: int) -> None:
    print(
        f"\n{args.size}: {os.cpu_count()} CPUs; gunicorn {args.workers} workers x {args.worker_threads} threads; "
        f"wrk -t{args.threads} -c{args.connections} -d{args.seconds}s on the same machine\n"
    )
    header = (
        f"{'what':<15} {'bytes':>8} {'req/s':>8} {'p99 ms':>8} {'static req/s':>13} {'static p99':>11} {'ratio':>6}"
        f" {'first ms':>9}"
    )
    print(header)
    print("-" * len(header))
    for name, size, rate, p99, static_rate, static_p99, first_ms in rows:
        print(
            f"{name:<15} {size:>8} {rate:>8.0f} {p99:>8.1f} {static_rate:>13.0f} {static_p99:>11.1f} "
            f"{rate / static_rate:>6.2f} {first_ms:>9.1f}"
        )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"schedule-{args.size}.json").write_text(
        json.dumps({name: {"bytes": size, "rate": rate, "first_ms": first} for name, size, rate, *_, first in rows})
    )

    def goal(text: str, met: bool, measured: str) -> None:
        print(f"  {'MET    ' if met else 'NOT MET'}  {text}: {measured}")

    print("\ngoals:")
    name, _size, rate, p99, static_rate, *_ = rows[0]
    goal(
        f"{name} >= {TARGET_RATE} req/s, p99 <= {TARGET_P99_MS:.0f} ms",
        rate >= TARGET_RATE and p99 <= TARGET_P99_MS,
        f"{rate:.0f} req/s, p99 {p99:.1f} ms (static {static_rate:.0f} req/s)",
    )
    for name, _size, rate, _p99, static_rate, *_ in rows:
        if name.startswith("API"):
            measured = f"{rate:.0f} req/s (static {static_rate:.0f})"
            goal(f"{name} >= {API_TARGET_RATE} req/s", rate >= API_TARGET_RATE, measured)
    goal("search terms fill no cache", stored == 0, f"100 searches and made-up filters stored {stored} entries")
    if args.size == "kafka-summit-10x":
        if seeded_in is None:
            print("  (seed_demo not run here: --skip-seed; its time is printed by seed_demo itself)")
        else:
            limit = f"seed_demo --size {args.size} < {SEED_LIMIT_SECONDS} s"
            goal(limit, seeded_in < SEED_LIMIT_SECONDS, f"{seeded_in:.0f} s")
        baseline_file = RESULTS / "schedule-kafka-summit.json"
        if not baseline_file.exists():
            print(f"  (no 1x numbers in {baseline_file}: run --size kafka-summit first to compare)")
            return
        baseline = json.loads(baseline_file.read_text())
        for name, size, rate, *_, first_ms in rows:
            base = baseline.get(name)
            if base is None:
                continue
            # Cost per byte: served = 1 / (req/s x bytes); first render = ms / bytes.
            served = (base["rate"] * base["bytes"]) / (rate * size)
            first = (first_ms / size) / (base["first_ms"] / base["bytes"])
            goal(
                f"{name} at 10x within {SCALE_LIMIT}x of 1x per byte",
                served <= SCALE_LIMIT and first <= SCALE_LIMIT,
                f"served {served:.2f}x, first render {first:.2f}x ({size} vs {base['bytes']} bytes)",
            )


if __name__ == "__main__":
    main()
