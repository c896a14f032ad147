"""`manage.py webhooks run [--loop]`: fan out and deliver in this process.

Where no Celery worker runs (the embedded demo), this does what beat's "webhooks-sweep" and the
webhook workers do: `make run` starts it with --loop. `webhooks status` prints each endpoint's
backlog."""

import time

from django.core.management.base import BaseCommand

from webhooks import delivery, fanout
from webhooks.models import WebhookEndpoint
from webhooks.selectors import endpoints_of


class Command(BaseCommand):
    help = "Fan out committed events to webhook deliveries and send what is due (run), or show the backlog (status)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["run", "status"])
        parser.add_argument("--loop", action="store_true", help="Keep running, every --interval seconds.")
        parser.add_argument("--interval", type=float, default=2.0)

    def handle(self, *args, action: str, loop: bool, interval: float, **options):
        if action == "status":
            self._status()
            return
        while True:
            self._run_once()
            if not loop:
                return
            time.sleep(interval)

    def _run_once(self) -> None:
        result = fanout.fan_out()
        delivery.park_expired()
        for endpoint_id in delivery.due_endpoint_ids():
            run = delivery.deliver_endpoint(endpoint_id)
            if run.delivered or run.failed:
                self.stdout.write(f"endpoint {endpoint_id}: {run.delivered} delivered, {run.failed} failed")
        if result.deliveries:
            self.stdout.write(f"{result.events} events fanned out to {result.deliveries} deliveries")

    def _status(self) -> None:
        scopes = {endpoint.conference for endpoint in WebhookEndpoint.objects.select_related("conference")}
        for scope in sorted(scopes, key=lambda conference: conference.slug if conference else ""):
            for endpoint in endpoints_of(scope):
                where = scope.slug if scope else "every conference"
                self.stdout.write(
                    f"{endpoint.name} ({where}) {endpoint.url}: {endpoint.delivered_count} delivered, "
                    f"{endpoint.pending_count} waiting, {endpoint.parked_count} parked"
                    + (f", {endpoint.failures_in_a_row} failures in a row" if endpoint.failures_in_a_row else "")
                )
