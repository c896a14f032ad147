"""Benchmark of the AV team's pack: one room-day of 30 talks with 20 MB final decks, downloaded
through the real view (StreamingHttpResponse), timed, with the peak memory it took.

    .venv/bin/python bench/slides_avpack.py [--talks 30] [--deck-mb 20]

It works in a temporary directory: a throwaway SQLite database (migrated), a private slides storage
where the one generated deck is hard-linked under each talk (so 30 × 20 MB costs 20 MB of disk), and
prints one table: archive size, seconds, MB/s, and the peak of Python allocations (tracemalloc)
and of the process's resident memory while the ZIP streamed. The target: memory flat (a few MB)
whatever the number and size of the decks, since nothing is built in memory or on disk.
"""

import argparse
import datetime as dt
import hashlib
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def big_pdf(path: Path, megabytes: int) -> None:
    """A structurally valid one-page PDF carrying `megabytes` of incompressible stream data."""
    payload = os.urandom(megabytes * 1024 * 1024)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 720 405] /Resources << /XObject << /Im1 4 0 R >> >> >>",
        b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8"
        b" /Length %d >>\nstream\n" % len(payload) + payload + b"\nendstream",
    ]
    with path.open("wb") as out:
        out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(objects, start=1):
            offsets.append(out.tell())
            out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
        xref = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
        for offset in offsets:
            out.write(b"%010d 00000 n \n" % offset)
        out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))


def setup(workdir: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["SLIDES_ROOT"] = str(workdir / "slides")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summit.settings.base")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def arrange(workdir: Path, talks: int, deck_mb: int):
    """One conference, one room, `talks` talks on its first day, each with a final deck."""
    from django.conf import settings
    from django.utils import timezone

    from schedule.models import ScheduleSlot
    from slides.models import Kind, SlideVersion, TalkSlides
    from tests.factories import ConferenceFactory, ConferenceRoleFactory, RoomFactory, UserFactory
    from tests.factories.cfp import SubmissionFactory

    deck = workdir / "deck.pdf"
    big_pdf(deck, deck_mb)
    digest = hashlib.sha256(deck.read_bytes()).hexdigest()
    day = dt.date(2030, 3, 4)
    conference = ConferenceFactory(slug="av-bench", timezone="Europe/London", start_date=day, end_date=day)
    organiser = ConferenceRoleFactory(conference=conference, role="organiser", user=UserFactory()).user
    room = RoomFactory(conference=conference, name="Room 1", position=0)
    storage_root = Path(settings.STORAGES["slides"]["OPTIONS"]["location"])
    start = dt.datetime.combine(day, dt.time(8, 0), tzinfo=conference.tzinfo)
    for n in range(talks):
        submission = SubmissionFactory(
            conference=conference,
            title=f"Talk number {n}: streams/tables",
            state="confirmed",
            speakers=[UserFactory(name=f"Speaker {n}")],
        )
        starts_at = start + dt.timedelta(minutes=25 * n)
        ScheduleSlot.objects.create(
            conference=conference,
            room=room,
            submission=submission,
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(minutes=20),
        )
        talk = TalkSlides.objects.create(submission=submission, status="final_in")
        name = f"{conference.pk}/{submission.code}/{digest}.pdf"
        (storage_root / name).parent.mkdir(parents=True, exist_ok=True)
        os.link(deck, storage_root / name)
        SlideVersion.objects.create(
            talk=talk,
            number=1,
            kind=Kind.FINAL,
            file=name,
            sha256=digest,
            size_bytes=deck.stat().st_size,
            page_count=1,
            uploaded_at=timezone.now(),
        )
    return conference, room, day, organiser


def measure(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="avpack-bench-") as tmp:
        workdir = Path(tmp)
        setup(workdir)
        conference, room, day, organiser = arrange(workdir, args.talks, args.deck_mb)
        from django.test import Client

        client = Client()
        client.force_login(organiser)
        url = f"/manage/{conference.slug}/slides/av-pack/{room.pk}/{day.isoformat()}.zip"
        # Warm up (imports, URL resolver, templates), so only the pack is measured.
        client.get(f"/manage/{conference.slug}/slides/av-pack/")
        for _chunk in client.get(url).streaming_content:
            pass

        def download() -> int:
            return sum(len(chunk) for chunk in client.get(url).streaming_content)

        # Timed without tracemalloc (it slows allocation-heavy code), then measured with it.
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        began = time.perf_counter()
        size = download()
        seconds = time.perf_counter() - began
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        tracemalloc.start()
        download()
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        mb = size / 1024 / 1024
        print(f"AV pack: {args.talks} talks × {args.deck_mb} MB decks, one room-day")
        print(f"{'archive':>10} {'seconds':>8} {'MB/s':>7} {'peak alloc':>11} {'max RSS growth':>15}")
        print(
            f"{mb:>8.1f}MB {seconds:>8.2f} {mb / seconds:>7.0f} {peak / 1024 / 1024:>9.1f}MB "
            f"{(rss_after - rss_before) / 1024:>13.1f}MB (process max RSS {rss_after / 1024:.0f} MB)"
        )


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--talks", type=int, default=30)
    parser.add_argument("--deck-mb", type=int, default=20)
    return parser.parse_args(argv)


def run(argv: list[str] | None = None) -> None:
    """What bench/slides.py calls, with the arguments it did not recognise."""
    measure(parse(argv))


def main(argv: list[str] | None = None) -> None:
    run(argv)


if __name__ == "__main__":
    main()
