"""The back office's sidebar: its links grouped by the stage of a conference they serve, and which
of them the page being shown belongs to.

The links name other apps' URLs by their names only (strings, not imports), as the templates do, so
the app graph is unchanged. A page is marked by its view's name: the link's own page is the current
page (aria-current="page"); a page reached from it, such as one submission of the list, marks the
link as the current section (aria-current="true")."""

from dataclasses import dataclass, field

from django.urls import ResolverMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavLink:
    label: Promise
    view: str
    kind: str | None = None  # the catalogue's kind, the one URL argument besides the conference
    within: tuple[str, ...] = ()  # the views of the pages reached from this link's page

    def url(self, slug: str) -> str:
        return reverse(self.view, args=[slug] if self.kind is None else [slug, self.kind])

    def matches(self, match: ResolverMatch) -> str | None:
        """'page' when the match is this link's page, 'true' when it is a page within it, else None."""
        if self.kind is not None and match.kwargs.get("kind") != self.kind:
            return None
        if match.view_name == self.view:
            return "page"
        return "true" if match.view_name in self.within else None


@dataclass(frozen=True)
class NavGroup:
    label: Promise
    links: tuple[NavLink, ...] = field(default_factory=tuple)


CATALOGUE_PAGES = ("conference:catalogue-edit", "conference:catalogue-delete")

BACK_OFFICE_NAV = (
    NavGroup(
        _("Setup"),
        (
            NavLink(_("Overview"), "conference:dashboard"),
            NavLink(_("Settings"), "conference:edit"),
            NavLink(_("Identity"), "conference:identity"),
            NavLink(_("Tracks"), "conference:catalogue", "tracks", CATALOGUE_PAGES),
            NavLink(_("Rooms"), "conference:catalogue", "rooms", CATALOGUE_PAGES),
            NavLink(_("Submission types"), "conference:catalogue", "types", CATALOGUE_PAGES),
            NavLink(_("Levels"), "conference:catalogue", "levels", CATALOGUE_PAGES),
            NavLink(_("Team"), "conference:team", within=("conference:team-revoke",)),
        ),
    ),
    NavGroup(
        _("Call for papers"),
        (
            NavLink(
                _("Call settings"),
                "cfp-manage:settings",
                within=("cfp-manage:question-new", "cfp-manage:question", "cfp-manage:late-code-new"),
            ),
            NavLink(_("Submissions"), "cfp-manage:submissions", within=("cfp-manage:submission",)),
        ),
    ),
    NavGroup(
        _("Review"),
        (
            NavLink(
                _("Review setup"),
                "review-manage:setup",
                within=(
                    "review-manage:phase-new",
                    "review-manage:phase",
                    "review-manage:category-new",
                    "review-manage:category",
                ),
            ),
            NavLink(_("Assignments"), "review-manage:assignments", within=("review-manage:assignment-add",)),
            NavLink(
                _("Ranking and decisions"),
                "review-manage:ranking",
                within=("review-manage:decide", "review-manage:submission"),
            ),
        ),
    ),
    NavGroup(
        _("Schedule"),
        (
            NavLink(_("Schedule editor"), "schedule-manage:editor", within=("schedule-manage:day",)),
            NavLink(_("Published versions"), "schedule-manage:releases"),
            NavLink(
                _("Seats and check-in"),
                "schedule-manage:sessions",
                within=("schedule-manage:session", "schedule-manage:door"),
            ),
        ),
    ),
    NavGroup(
        _("Office hours"),
        (
            NavLink(_("Office hours"), "office_hours_manage:overview"),
            NavLink(_("Office hours settings"), "office_hours_manage:settings"),
        ),
    ),
    NavGroup(
        _("Slides"),
        (
            NavLink(
                _("Slides"),
                "slides-manage:dashboard",
                within=("slides-manage:settings", "slides-manage:talk", "slides-manage:reviewer-appoint"),
            ),
            NavLink(_("Slide review"), "slides:review-list", within=("slides:review-talk",)),
            NavLink(
                _("Slides publication"),
                "slides_publication:publication",
                within=("slides_publication:publication-set",),
            ),
            NavLink(_("Videos"), "slides_publication:videos", within=("slides_publication:videos-csv",)),
            NavLink(_("AV pack"), "slides_publication:av-pack"),
        ),
    ),
    NavGroup(
        _("Communication"),
        (
            NavLink(
                _("Speaker e-mails"),
                "review-manage:outbox",
                within=("review-manage:notification", "review-manage:batch", "review-manage:prepare"),
            ),
            NavLink(_("Outgoing e-mail"), "conference:outgoing-mail"),
        ),
    ),
    NavGroup(
        _("Events"),
        (
            NavLink(_("Event log"), "conference:events"),
            NavLink(_("Webhooks"), "webhooks:list", within=("webhooks:detail",)),
        ),
    ),
)


def back_office_nav(slug: str, match: ResolverMatch | None) -> list[dict]:
    """The sidebar's groups for one conference, each link with its URL and its aria-current value."""
    return [
        {
            "label": group.label,
            "links": [
                {"label": link.label, "url": link.url(slug), "current": link.matches(match) if match else None}
                for link in group.links
            ],
        }
        for group in BACK_OFFICE_NAV
    ]
