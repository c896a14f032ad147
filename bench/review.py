"""Benchmark of the review committee's pages on the kafka-summit demo (600 proposals, 1,000 reviews).

    DATABASE_URL=sqlite:////tmp/summit.sqlite3 .venv/bin/python manage.py seed_demo --size kafka-summit
    DATABASE_URL=sqlite:////tmp/summit.sqlite3 .venv/bin/python bench/review.py

Renders each page a few times through Django's test client (no network) and prints, per page, the
SQL queries of one request and the median and worst time. Targets: every page under 1 s, and the
query count independent of the data size (the tests assert the exact counts)."""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TARGET_SECONDS = 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summit.settings.base")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from demo.conference import DEMO_SLUG

    User = get_user_model()
    reviewer = User.objects.get(email="reviewer5@bench.summit.test")
    organiser = User.objects.get(email="organiser@summit.test")
    pages = [
        (reviewer, f"/{DEMO_SLUG}/reviewing/", "reviewer dashboard (all tracks)"),
        (reviewer, f"/{DEMO_SLUG}/reviewing/bids/", "bidding (decided: empty)"),
        (organiser, f"/manage/{DEMO_SLUG}/review/ranking/", "ranking, first track"),
        (organiser, f"/manage/{DEMO_SLUG}/review/ranking/?track=all", "ranking, all 600 proposals"),
        (organiser, f"/manage/{DEMO_SLUG}/review/assignments/", "assignments"),
        (organiser, f"/manage/{DEMO_SLUG}/review/outbox/", "outbox, 600 e-mails"),
        (organiser, f"/api/conferences/{DEMO_SLUG}/reviews/?limit=100", "API reviews (100)"),
        (organiser, f"/api/conferences/{DEMO_SLUG}/ranking/", "API ranking"),
    ]
    print(f"{'page':<34} {'queries':>7} {'median ms':>10} {'max ms':>8}")
    failed = False
    for user, url, label in pages:
        client = Client()
        client.force_login(user)
        timings = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                timings.append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
        worst = max(timings)
        failed |= worst > TARGET_SECONDS
        print(f"{label:<34} {len(queries):>7} {statistics.median(timings) * 1000:>10.0f} {worst * 1000:>8.0f}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
