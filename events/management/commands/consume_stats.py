"""`manage.py consume_stats`: keep the stats read model (dashboard figures) up to date from Kafka."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from events import consumers, kafka


class Command(BaseCommand):
    help = "Consume Summit's topics into the stats read model (events per day, CFP statistics)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--group", default=consumers.STATS_GROUP, help="Kafka consumer group id.")
        parser.add_argument("--topic", action="append", dest="topics", help="Repeatable; default: every Summit topic.")
        parser.add_argument("--batch-size", type=int, default=500, help="Messages per database transaction.")
        parser.add_argument(
            "--until-caught-up", action="store_true", help="Exit once every partition is read to its end."
        )
        parser.add_argument("--max-seconds", type=float, help="Exit after this long in any case.")

    def handle(self, *args, group, topics, batch_size, until_caught_up, max_seconds, **options) -> None:
        if not kafka.is_configured():
            raise CommandError("KAFKA_BOOTSTRAP_SERVERS is empty.")
        report = consumers.consume_stats(
            group_id=group,
            topics=topics or (),
            batch_size=batch_size,
            until_caught_up=until_caught_up,
            max_seconds=max_seconds,
        )
        self.stdout.write(f"received {report.received}, new {report.applied}, skipped {report.skipped}")
