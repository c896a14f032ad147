"""The main pages of the demo, per role: what a newcomer opens first. The console-error browser test
(tests/demo/test_console.py) opens each of them, and `scripts/screenshots.py` photographs them."""

from dataclasses import dataclass

from demo.cfp import OPEN_CFP_SLUG
from demo.conference import DEMO_SLUG
from schedule.models import ScheduleSlot

SF, LONDON = DEMO_SLUG, OPEN_CFP_SLUG


@dataclass(frozen=True)
class MainPage:
    role: str  # "anonymous" or the part of the demo user's e-mail before "@summit.test"
    name: str  # a file name: letters, digits and dashes
    path: str

    @property
    def email(self) -> str | None:
        return None if self.role == "anonymous" else f"{self.role}@summit.test"


def main_pages() -> list[MainPage]:
    """Every main page of each role in the demo built by `seed_demo` (a talk page needs its code)."""
    talk = ScheduleSlot.objects.filter(conference__slug=SF, submission__isnull=False).select_related("submission")
    code = talk.order_by("starts_at", "pk").values_list("submission__code", flat=True).first()
    pages = [
        ("anonymous", "home", "/"),
        ("anonymous", "conference", f"/{SF}/"),
        ("anonymous", "schedule-grid", f"/{SF}/schedule/"),
        ("anonymous", "schedule-list", f"/{SF}/schedule/list/"),
        ("anonymous", "schedule-favourites", f"/{SF}/schedule/favourites/"),
        ("anonymous", "speakers", f"/{SF}/speakers/"),
        *([("anonymous", "talk", f"/{SF}/talks/{code}/")] if code else []),
        ("anonymous", "cfp", f"/{LONDON}/cfp/"),
        ("anonymous", "sign-in", "/accounts/login/"),
        ("anonymous", "sign-up", "/accounts/signup/"),
        ("speaker", "my-submissions", "/me/submissions/"),
        ("speaker", "new-submission", f"/{LONDON}/cfp/new/"),
        ("speaker", "profile", "/profile/"),
        ("speaker", "my-slides", "/me/slides/"),
        ("speaker", "office-hours", f"/{LONDON}/office-hours/"),
        ("speaker", "favourites", f"/{SF}/schedule/favourites/"),
        ("reviewer", "reviewing", f"/{LONDON}/reviewing/"),
        ("reviewer", "bids", f"/{LONDON}/reviewing/bids/"),
        ("mentor", "mentoring", f"/{LONDON}/mentoring/"),
        ("organiser", "dashboard", f"/manage/{SF}/"),
        ("organiser", "settings", f"/manage/{SF}/settings/"),
        ("organiser", "submissions", f"/manage/{SF}/submissions/"),
        ("organiser", "review-ranking", f"/manage/{SF}/review/ranking/"),
        ("organiser", "schedule-editor", f"/manage/{SF}/schedule/"),
        ("organiser", "schedule-releases", f"/manage/{SF}/schedule/releases/"),
        ("organiser", "slides", f"/manage/{SF}/slides/"),
        ("organiser", "events", f"/manage/{SF}/events/"),
    ]
    return [MainPage(role, name, path) for role, name, path in pages]
