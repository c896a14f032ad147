"""The bad-input corpus at scale: 1,000 generated files through slides.pdf.check.check_pdf (not a unit test).

    .venv/bin/python bench/slides_corpus.py                  # 1,000 files
    .venv/bin/python bench/slides_corpus.py --files 200 --thumbnails

Draws the cases of tests/slides/pdf_corpus.py round after round, each round with its own seed, page
count (1-60) and photo weight (0-2 MB), until it has --files of them: valid decks, truncated, HTML /
ZIP / PNG renamed .pdf, polyglots, encrypted, JavaScript in its many hiding places, launch actions,
embedded files, page-count and decompression bombs, empty files, wrong MIME types. Every bad file
must be refused with its expected code and every good one accepted with the right SHA-256, size and
page count (with --thumbnails, its first page drawn too). Prints the counts per expected outcome,
the time per check, and any mismatch; exits 1 on a mismatch.
"""

import argparse
import hashlib
import os
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument("--thumbnails", action="store_true", help="also draw the first page of each good deck")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summit.settings.base")
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from slides.pdf.check import PdfRejected, check_pdf
    from slides.thumbnails import render_first_page
    from tests.slides.pdf_corpus import cases

    rng = random.Random(args.seed)
    outcomes: Counter = Counter()
    timings: dict[str, list[float]] = defaultdict(list)
    mismatches: list[str] = []
    generating = checking = checking_cpu = 0.0
    done = 0
    while done < args.files:
        start = time.perf_counter()
        batch = cases(
            rng.randrange(10**6), pages=rng.randint(1, 60), filler_bytes=rng.choice([0, 0, 200_000, 2_000_000])
        )
        rng.shuffle(batch)
        generating += time.perf_counter() - start
        for case in batch[: args.files - done]:
            done += 1
            upload = SimpleUploadedFile("deck.pdf", case.data, content_type=case.content_type)
            start, start_cpu = time.perf_counter(), time.process_time()
            try:
                checked = check_pdf(
                    upload, max_bytes=case.max_bytes, max_pages=case.max_pages, content_type=case.content_type
                )
                got = None
                if args.thumbnails:
                    render_first_page(upload)
            except PdfRejected as refusal:
                got, checked = refusal.code, None
            elapsed = time.perf_counter() - start
            checking += elapsed
            checking_cpu += time.process_time() - start_cpu
            expected = case.expected or "accepted"
            timings[expected].append(elapsed)
            if got != case.expected:
                mismatches.append(f"{case.name}: expected {expected}, got {got or 'accepted'}")
            elif checked and (
                checked.sha256 != hashlib.sha256(case.data).hexdigest()
                or checked.size_bytes != len(case.data)
                or checked.page_count != case.pages
            ):
                mismatches.append(f"{case.name}: accepted with wrong figures {checked}")
            else:
                outcomes[expected] += 1

    print(f"{'expected outcome':<20} {'files':>6} {'right':>6} {'median ms':>10} {'max ms':>8}")
    for expected in sorted(timings):
        values = timings[expected]
        print(
            f"{expected:<20} {len(values):>6} {outcomes[expected]:>6} "
            f"{statistics.median(values) * 1000:>10.1f} {max(values) * 1000:>8.1f}"
        )
    print(
        f"{done} files, {sum(outcomes.values())} as expected, {len(mismatches)} mismatches; "
        f"checking took {checking:.1f} s ({checking / done * 1000:.1f} ms a file; CPU {checking_cpu:.1f} s, "
        f"{checking_cpu / done * 1000:.1f} ms a file), generating {generating:.1f} s"
    )
    for line in mismatches[:50]:
        print("MISMATCH", line)
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
