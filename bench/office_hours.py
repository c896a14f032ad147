"""Benchmark of the office-hours booking engine under concurrent load, through the real service.

    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/summit .venv/bin/python bench/office_hours.py

Creates a throwaway database next to DATABASE_URL's (`summit_bench_<pid>`, dropped at the end), a
conference with mentors who publish slots through `slots_publish`, then runs many clients (forked
processes, or threads with --threads), each with its own connection and speaker, calling
`booking_create`: a share of the attempts race for a few "hot" one-seat slots, the rest pick slots
at random. It prints bookings/s,
latency percentiles and the number of double bookings found afterwards by SQL (must be 0): slots
with more active bookings than seats, counters out of step, and speakers in two sessions at once.
"""

import argparse
import datetime as dt
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DOUBLE_BOOKING_QUERIES = {
    "slots over capacity": """
        SELECT count(*) FROM (
          SELECT s.id FROM office_hours_slot s JOIN office_hours_booking b ON b.slot_id = s.id AND b.status = 'active'
          GROUP BY s.id, s.capacity HAVING count(*) > s.capacity) over_capacity""",
    "seat counters out of step": """
        SELECT count(*) FROM office_hours_slot s WHERE s.seats_taken <> (
          SELECT count(*) FROM office_hours_booking b WHERE b.slot_id = s.id AND b.status = 'active')""",
    "speaker in two sessions at once": """
        SELECT count(*) FROM office_hours_booking a JOIN office_hours_booking b
          ON a.speaker_id = b.speaker_id AND a.id < b.id AND a.status = 'active' AND b.status = 'active'
         AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at""",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=16, help="Concurrent clients, one connection each.")
    parser.add_argument(
        "--threads", action="store_true", help="Clients as threads of one process (default: forked processes, no GIL)."
    )
    parser.add_argument("--attempts", type=int, default=60, help="Booking attempts per client.")
    parser.add_argument("--mentors", type=int, default=20)
    parser.add_argument("--days", type=int, default=5, help="Days of slots each mentor publishes (08:00-20:00).")
    parser.add_argument("--hot-slots", type=int, default=5, help="One-seat slots every client races for.")
    parser.add_argument("--hot-share", type=float, default=0.3, help="Share of attempts aimed at the hot slots.")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summit.settings.base")
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    # As in production, the invites and the events relay are queued for workers rather than run in the
    # booking's request: an in-memory broker takes the tasks and nobody consumes them here.
    os.environ.pop("REDIS_URL", None)
    os.environ["CELERY_BROKER_URL"] = "memory://"
    os.environ.pop("KAFKA_BOOTSTRAP_SERVERS", None)  # events stay in the outbox
    run(args)


def run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    import logging

    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    logging.getLogger("celery").setLevel(logging.WARNING)
    database = connection.settings_dict
    database["TEST"]["NAME"] = f"summit_bench_{os.getpid()}"
    if connection.vendor == "sqlite":
        print("warning: SQLite serialises all writers; run on PostgreSQL for meaningful numbers")
        database["TEST"]["NAME"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    created = setup_databases(verbosity=0, interactive=False)
    try:
        hot, pool, speakers = arrange(args)
        print(
            f"database: {connection.vendor}; {args.clients} clients × {args.attempts} attempts; "
            f"{len(pool):,} slots from {args.mentors} mentors, {len(hot)} hot one-seat slots"
        )
        outcomes, latencies, seconds = load(args, hot, pool, speakers)
        report(outcomes, latencies, seconds, double_bookings())
    finally:
        connection.close()
        teardown_databases(created, verbosity=0)


def arrange(args):
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from conference.models import Conference, ConferenceRole
    from office_hours.models import OfficeHoursSettings, Slot
    from office_hours.services.slots import SlotPlan, slots_publish

    now = timezone.now()
    with transaction.atomic():
        conference = Conference.objects.create(
            name="Bench Summit",
            slug="bench-summit",
            timezone="Europe/London",
            is_public=True,
            start_date=(now + dt.timedelta(days=90)).date(),
            end_date=(now + dt.timedelta(days=91)).date(),
            cfp_opens_at=now - dt.timedelta(days=1),
            cfp_closes_at=now + dt.timedelta(days=60),
        )
        OfficeHoursSettings.objects.create(
            conference=conference, office_hours_enabled=True, priority_hours=0, max_active_bookings=10_000
        )
    first_day = (now + dt.timedelta(days=2)).date()
    for number in range(args.mentors):
        mentor = User.objects.create_user(
            f"mentor{number}@bench.summit.test", name=f"Mentor {number}", timezone="Europe/London"
        )
        ConferenceRole.objects.create(conference=conference, user=mentor, role="mentor")
        for day in range(args.days):
            slots_publish(
                conference=conference,
                mentor=mentor,
                plan=SlotPlan(
                    kind="office_hours",
                    first_date=first_day + dt.timedelta(days=day),
                    start_time=dt.time(8),
                    end_time=dt.time(20),
                    duration_minutes=20,
                    capacity=1 + number % 3,
                    video_url="https://meet.example.org/bench",
                ),
            )
    slots = list(Slot.objects.filter(conference=conference).order_by("starts_at", "mentor_id"))
    hot = [slot for slot in slots if slot.capacity == 1][: args.hot_slots]
    speakers = [
        User.objects.create_user(f"speaker{number}@bench.summit.test", name=f"Speaker {number}")
        for number in range(args.clients)
    ]
    return hot, slots, speakers


def attempts(args, hot, pool, speaker, seed: int, start) -> tuple[Counter, list[float]]:
    """One client: its own connection, `args.attempts` calls of the real booking service."""
    from django.core.exceptions import ValidationError
    from django.db import connections

    from office_hours.services.bookings import booking_create

    rng = random.Random(seed)
    outcomes: Counter[str] = Counter()
    times: list[float] = []
    start.wait()
    try:
        for _ in range(args.attempts):
            slot = rng.choice(hot) if rng.random() < args.hot_share else rng.choice(pool)
            began = time.perf_counter()
            try:
                booking_create(slot=slot, speaker=speaker, note="Benchmark booking")
                outcomes["booked"] += 1
            except ValidationError as error:
                outcomes[error.error_list[0].code or "refused"] += 1
            times.append((time.perf_counter() - began) * 1000)
    finally:
        connections.close_all()
    return outcomes, times


def load(args, hot, pool, speakers):
    from django.db import connections

    outcomes: Counter[str] = Counter()
    latencies: list[float] = []
    if args.threads:
        start = threading.Barrier(len(speakers) + 1)
        results: list = []
        threads = [
            threading.Thread(target=lambda s, n: results.append(attempts(args, hot, pool, s, n, start)), args=(s, n))
            for n, s in enumerate(speakers)
        ]
        for thread in threads:
            thread.start()
        start.wait()
        began = time.perf_counter()
        for thread in threads:
            thread.join()
    else:
        # Forked after set-up: each child inherits the settings (the throwaway database's name among
        # them) and the barrier, and opens its own connection; none is open at the fork.
        connections.close_all()
        context = multiprocessing.get_context("fork")
        start = context.Barrier(len(speakers) + 1)
        queue = context.Queue()

        def child(speaker, n: int) -> None:
            queue.put(attempts(args, hot, pool, speaker, n, start))

        processes = [context.Process(target=child, args=(s, n)) for n, s in enumerate(speakers)]
        for process in processes:
            process.start()
        start.wait(timeout=120)
        began = time.perf_counter()
        results = [queue.get(timeout=600) for _ in processes]
        for process in processes:
            process.join()
    seconds = time.perf_counter() - began
    for found, times in results:
        outcomes.update(found)
        latencies.extend(times)
    return outcomes, sorted(latencies), seconds


def double_bookings() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        found = {}
        for label, sql in DOUBLE_BOOKING_QUERIES.items():
            cursor.execute(sql)
            found[label] = cursor.fetchone()[0]
    return found


def report(outcomes: Counter, latencies: list[float], seconds: float, doubles: dict[str, int]) -> None:
    attempts = sum(outcomes.values())
    p99 = latencies[max(0, int(len(latencies) * 0.99) - 1)]
    print()
    print(f"attempts: {attempts:,} in {seconds:.2f} s = {attempts / seconds:,.0f} attempts/s")
    print(f"bookings: {outcomes['booked']:,} = {outcomes['booked'] / seconds:,.0f} bookings/s")
    print("refusals: " + ", ".join(f"{code} {count:,}" for code, count in outcomes.most_common() if code != "booked"))
    print(
        f"latency per attempt: p50 {statistics.median(latencies):.1f} ms, p99 {p99:.1f} ms, max {latencies[-1]:.1f} ms"
    )
    for label, count in doubles.items():
        print(f"{'PASS' if count == 0 else 'FAIL'}  double bookings, {label}: {count}")


if __name__ == "__main__":
    main()
