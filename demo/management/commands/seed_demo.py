import time

from django.core.management.base import BaseCommand
from django.db import connection

from demo.cfp import OPEN_CFP_SLUG
from demo.conference import DEMO_PASSWORD, SIZES
from demo.seed import seed_demo


def refresh_planner_statistics() -> None:
    """ANALYZE after a bulk load: autovacuum's own ANALYZE comes minutes later, and until then the
    planner takes the new tables for empty (the 10x set's pages ran 10x slower). SQLite plans well
    without it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class Command(BaseCommand):
    help = (
        "Build the demo conferences (Kafka Summit San Francisco 2019; London 2027 with its call for papers open)"
        " and one user per role. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--size",
            choices=list(SIZES),
            default="small",
            help="small: 120 speakers and 160 proposals in 2019; kafka-summit: the benchmark set (500 and 600, ...);"
            " kafka-summit-10x: ten times that (6,000 proposals, about 1,100 talks in 20 rooms over 8 days).",
        )

    def handle(self, *args, size: str, **options):
        started = time.monotonic()
        result = seed_demo(size=size)
        refresh_planner_statistics()
        elapsed = time.monotonic() - started
        conference = result["conference"]
        self.stdout.write(self.style.SUCCESS(f"Demo conference ready: {conference.name} (/{conference.slug}/)"))
        self.stdout.write(f"Call for papers open: Kafka Summit London 2027 (/{OPEN_CFP_SLUG}/cfp/)")
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for demo in result["users"]:
            role = "site admin" if demo.is_superuser else (demo.role or "speaker")
            self.stdout.write(f"  {role:<10} {demo.email}")
        self.stdout.write(f"Built the {size} set in {elapsed:.1f} s (then ANALYZE on PostgreSQL).")
