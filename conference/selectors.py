"""Reads for conference pages and the permission layer."""

from collections import defaultdict

from django.db.models import Count, Prefetch, Q, QuerySet

from common.models import OutgoingMail
from conference.models import Conference, ConferenceRole, Track

ROLE_CACHE_ATTRIBUTE = "_summit_conference_roles"


def roles_by_conference(user) -> dict[int, frozenset[str]]:
    """Every role the user holds, by conference id; one query per user object, then cached on it."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, ROLE_CACHE_ATTRIBUTE, None)
    if cached is None:
        found: dict[int, set[str]] = defaultdict(set)
        for conference_id, role in ConferenceRole.objects.filter(user=user).values_list("conference_id", "role"):
            found[conference_id].add(role)
        cached = {conference_id: frozenset(roles) for conference_id, roles in found.items()}
        setattr(user, ROLE_CACHE_ATTRIBUTE, cached)
    return cached


def forget_roles(user) -> None:
    if hasattr(user, ROLE_CACHE_ATTRIBUTE):
        delattr(user, ROLE_CACHE_ATTRIBUTE)


def roles_in(user, conference: Conference) -> frozenset[str]:
    return roles_by_conference(user).get(conference.pk, frozenset())


def reviewer_track_ids(user, conference: Conference) -> frozenset[int] | None:
    """Tracks a reviewer is scoped to; None when they review every track (or are not a reviewer)."""
    track_ids = ConferenceRole.tracks.through.objects.filter(
        conferencerole__conference=conference,
        conferencerole__user=user,
        conferencerole__role=ConferenceRole.Role.REVIEWER,
    ).values_list("track_id", flat=True)
    found = frozenset(track_ids)
    return found or None


def public_conference_list() -> QuerySet[Conference]:
    return Conference.objects.filter(is_public=True).order_by("-start_date")


def conferences_of(user) -> list[tuple[Conference, list[str]]]:
    """The conferences a user has a role in, with those roles, for their home page and navigation."""
    roles = roles_by_conference(user)
    if not roles:
        return []
    conferences = Conference.objects.filter(pk__in=roles.keys()).order_by("-start_date")
    return [(conference, sorted(roles[conference.pk])) for conference in conferences]


def conference_for_backoffice(*, slug: str) -> Conference:
    return Conference.objects.prefetch_related("tracks", "rooms", "submission_types", "levels").get(slug=slug)


def conference_public_detail(*, slug: str) -> Conference:
    return Conference.objects.prefetch_related("tracks", "rooms", "submission_types", "levels").get(
        slug=slug, is_public=True
    )


def conference_identity(*, slug: str) -> Conference:
    return Conference.objects.only("slug", "primary_colour", "accent_colour", "identity_version").get(
        slug=slug, is_public=True
    )


def identity_version(*, slug: str) -> int | None:
    return Conference.objects.filter(slug=slug, is_public=True).values_list("identity_version", flat=True).first()


def team_list(*, conference: Conference) -> QuerySet[ConferenceRole]:
    return (
        ConferenceRole.objects.filter(conference=conference)
        .select_related("user")
        .prefetch_related(Prefetch("tracks", queryset=Track.objects.only("id", "name", "conference_id")))
        .order_by("role", "user__email")
    )


def role_counts(*, conference: Conference) -> dict[str, int]:
    rows = ConferenceRole.objects.filter(conference=conference).values("role").annotate(count=Count("id"))
    return {row["role"]: row["count"] for row in rows}


MAIL_LIST_LIMIT = 200


def outgoing_mail_for(*, conference: Conference, state: str = "") -> tuple[list, dict[str, int]]:
    """The conference's latest e-mails (decision e-mails excepted: the review outbox lists them) and
    how many are in each state; two queries whatever the numbers. "failing" is a queued mail whose
    last try failed: the mail server was down or asked to try later."""
    Status = OutgoingMail.Status
    mails = OutgoingMail.objects.filter(conference_slug=conference.slug)
    states = {
        "sent": Q(status=Status.SENT),
        "queued": Q(status__in=[Status.QUEUED, Status.SENDING], error=""),
        "failing": Q(status__in=[Status.QUEUED, Status.SENDING]) & ~Q(error=""),
        "failed": Q(status=Status.FAILED),
    }
    counts = mails.aggregate(**{name: Count("pk", filter=condition) for name, condition in states.items()})
    if state in states:
        mails = mails.filter(states[state])
    listed = list(
        mails.only("kind", "to", "subject", "status", "error", "attempts", "created_at", "sent_at", "next_attempt_at")[
            :MAIL_LIST_LIMIT
        ]
    )
    return listed, counts
