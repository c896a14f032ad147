#!/usr/bin/env python
"""Screenshots of every main page of each role (demo/pages.py) at desktop (1366×900) and phone
(390×844) size, into docs/screenshots/<role>-<page>-<size>.png, and their index docs/screenshots.md.

    .venv/bin/python scripts/screenshots.py

It needs nothing running: it builds the demo (`seed_demo`) in a fresh SQLite database in a temporary
directory, serves it on a free loopback port in this process, and drives Debian's Chromium through
Playwright. Each picture is the first screen of the page (the viewport), which keeps the files small
and shows what a person sees on arrival."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
INDEX = ROOT / "docs" / "screenshots.md"
CHROMIUM = "/usr/bin/chromium"
SIZES = {
    "desktop": {"viewport": {"width": 1366, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
ROLE_TITLES = {
    "anonymous": "Visitor (not signed in)",
    "speaker": "Speaker",
    "reviewer": "Reviewer",
    "mentor": "Mentor",
    "organiser": "Organiser (back office)",
}


def _embedded_settings(workdir: Path) -> None:
    # The embedded profile on a throwaway database: no broker, no Kafka, nothing of a running demo.
    for name in ("REDIS_URL", "CELERY_BROKER_URL", "KAFKA_BOOTSTRAP_SERVERS", "DJANGO_SETTINGS_MODULE"):
        os.environ.pop(name, None)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="summit.settings.base",
        DATABASE_URL=f"sqlite:///{workdir / 'screenshots.sqlite3'}",
        SLIDES_ROOT=str(workdir / "slides"),
        # Playwright's sync API runs an event loop in this thread; the ORM calls here are deliberate.
        DJANGO_ALLOW_ASYNC_UNSAFE="true",
    )
    sys.path.insert(0, str(ROOT))


def _session_cookies(email: str, base_url: str) -> list[dict]:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from accounts.middleware import SIGNED_IN_COOKIE

    client = Client()
    client.force_login(get_user_model().objects.get(email=email))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [
        {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url},
        {"name": SIGNED_IN_COOKIE, "value": "1", "url": base_url},
    ]


def _write_index(pages) -> None:
    lines = [
        "# Screenshots",
        "",
        "Every main page of each role in the demo (`make run`), on a desktop (1366×900) and a phone",
        "(390×844), each the first screen of the page. Retake them all with",
        "`.venv/bin/python scripts/screenshots.py` (it builds its own demo; nothing needs to run).",
        "",
    ]
    for role, title in ROLE_TITLES.items():
        mine = [page for page in pages if page.role == role]
        if not mine:
            continue
        lines += [f"## {title}", "", "| page | desktop | phone |", "|---|---|---|"]
        for page in mine:
            cells = [f"[`{page.path}`](screenshots/{page.role}-{page.name}-{size}.png)" for size in SIZES]
            lines.append(f"| {page.name.replace('-', ' ')} | {cells[0]} | {cells[1]} |")
        lines.append("")
    INDEX.write_text("\n".join(lines))


def main() -> None:
    with tempfile.TemporaryDirectory() as workdir:
        _embedded_settings(Path(workdir))
        import django

        django.setup()
        from io import StringIO

        from django.core.management import call_command
        from django.test.testcases import LiveServerThread, _StaticFilesHandler
        from playwright.sync_api import sync_playwright

        from demo.pages import main_pages

        call_command("migrate", verbosity=0)
        call_command("seed_demo", stdout=StringIO())
        server = LiveServerThread("127.0.0.1", _StaticFilesHandler, port=0)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        base_url = f"http://127.0.0.1:{server.port}"
        pages = main_pages()
        OUT.mkdir(parents=True, exist_ok=True)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
                for size, options in SIZES.items():
                    contexts = {}
                    for page_info in pages:
                        if page_info.role not in contexts:
                            context = browser.new_context(locale="en-GB", **options)
                            if page_info.email:
                                context.add_cookies(_session_cookies(page_info.email, base_url))
                            contexts[page_info.role] = context.new_page()
                        page = contexts[page_info.role]
                        page.goto(f"{base_url}{page_info.path}")
                        page.wait_for_load_state("networkidle")
                        target = OUT / f"{page_info.role}-{page_info.name}-{size}.png"
                        page.screenshot(path=str(target), full_page=False)
                        sys.stdout.write(f"{target.relative_to(ROOT)}\n")
                    for page in contexts.values():
                        page.context.close()
                browser.close()
        finally:
            server.terminate()
        _write_index(pages)
        sys.stdout.write(f"{INDEX.relative_to(ROOT)}\n")


if __name__ == "__main__":
    main()
