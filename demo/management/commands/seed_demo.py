from django.core.management.base import BaseCommand

from demo.cfp import OPEN_CFP_SLUG
from demo.conference import DEMO_PASSWORD
from demo.seed import seed_demo


class Command(BaseCommand):
    help = (
        "Build the demo conferences (Kafka Summit San Francisco 2019; London 2027 with its call for papers open)"
        " and one user per role. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--size",
            choices=["small", "kafka-summit"],
            default="small",
            help="small: 120 speakers and 160 proposals in 2019; kafka-summit: the benchmark set (500 and 600, ...).",
        )

    def handle(self, *args, size: str, **options):
        result = seed_demo(size=size)
        conference = result["conference"]
        self.stdout.write(self.style.SUCCESS(f"Demo conference ready: {conference.name} (/{conference.slug}/)"))
        self.stdout.write(f"Call for papers open: Kafka Summit London 2027 (/{OPEN_CFP_SLUG}/cfp/)")
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for demo in result["users"]:
            role = "site admin" if demo.is_superuser else (demo.role or "speaker")
            self.stdout.write(f"  {role:<10} {demo.email}")
