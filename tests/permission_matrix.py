"""The URL-level permission matrix's expectations (tests/test_permission_matrix.py): for every URL
pattern with an object in it, which answer each role gets to a GET.

The rules themselves are tested rule by rule (tests/<app>/test_permissions.py, enforced by
tests/test_permission_rules.py); this table checks that each URL is wired to the right rule, so a
new view cannot ship without a line here. A row is an expectation profile (who gets what) and the
URL's arguments, named after objects of the test module's shared data set.
"""

from dataclasses import dataclass, field

ROLES = (
    "anonymous",
    "attendee",
    "speaker",
    "other_speaker",
    "conflicted_reviewer",
    "mentor",
    "other_organiser",
    "organiser",
    "admin",
)
SIGN_IN = 302  # anonymous visitors are sent to sign in


def _answers(default: int, **by_role: int) -> dict[str, int]:
    return {role: by_role.get(role, default) for role in ROLES}


# The back office of a public conference: signed-in people without the organiser's role see the
# conference exists, so 403; site administrators pass.
BACK_OFFICE = _answers(403, anonymous=SIGN_IN, organiser=200, admin=200)
# The same for a URL that only takes POST: the permission is checked first, then the method (405).
BACK_OFFICE_ACTION = _answers(403, anonymous=SIGN_IN, organiser=405, admin=405)
# A speaker's own proposal: theirs to read, and the organisers'; anyone else may not know it exists.
OWN_PROPOSAL = _answers(404, anonymous=SIGN_IN, speaker=200, organiser=200, admin=200)
# A POST-only URL behind sign-in alone: the method is refused before the object is looked up, so
# a 405 tells nobody whether the object exists.
SIGNED_IN_ACTION = _answers(405, anonymous=SIGN_IN)
# The reviewers' pages (review.view_reviewing is the reviewer's role alone: an organiser who is not
# on the committee gets 403; a site administrator sees the dashboard). A proposal's review page
# also needs the personal permission to review it, which the superuser shortcut does not grant,
# and a reviewer with a conflict on it does not learn it exists: both 404.
REVIEWING = _answers(403, anonymous=SIGN_IN, conflicted_reviewer=200, admin=200)
REVIEWING_ACTION = _answers(403, anonymous=SIGN_IN, conflicted_reviewer=405, admin=405)
REVIEWING_CONFLICTED = REVIEWING | {"conflicted_reviewer": 404, "admin": 404}

MENTORING = _answers(403, anonymous=SIGN_IN, mentor=200, admin=200)
MENTORING_ACTION = _answers(403, anonymous=SIGN_IN, mentor=405, admin=405)


@dataclass(frozen=True)
class Row:
    answers: dict[str, int]
    # URL argument → the data set's value for it (`slug` is the conference's unless given here).
    args: dict[str, str] = field(default_factory=dict)


def office(**args: str) -> Row:
    return Row(BACK_OFFICE, args)


def office_action(**args: str) -> Row:
    return Row(BACK_OFFICE_ACTION, args)


# URL name → its row. Argument values name data set entries (tests/test_permission_matrix.py).
EXPECTED: dict[str, Row] = {
    # conference
    "conference:dashboard": office(),
    "conference:edit": office(),
    "conference:team": office(),
    "conference:team-revoke": office_action(pk="attendee_role"),
    "conference:events": office(),
    "conference:catalogue": office(kind="kind"),
    "conference:catalogue-edit": office(kind="kind", pk="track"),
    "conference:catalogue-delete": office_action(kind="kind", pk="track"),
    # cfp
    "cfp-manage:submissions": office(),
    "cfp-manage:export": office(),
    "cfp-manage:submission": office(code="submission"),
    "cfp-manage:settings": office(),
    "cfp-manage:question-new": office(),
    "cfp-manage:question": office(pk="question"),
    "cfp-manage:late-code-new": office(),
    # review
    "review-manage:setup": office(),
    "review-manage:phase-new": office(),
    "review-manage:phase": office(pk="phase"),
    "review-manage:category-new": office(),
    "review-manage:category": office(pk="category"),
    "review-manage:assignments": office(),
    "review-manage:assign-automatically": office_action(),
    "review-manage:assignment-add": office_action(code="submission"),
    "review-manage:assignment-remove": office_action(pk="assignment"),
    "review-manage:ranking": office(),
    "review-manage:decide": office_action(),
    "review-manage:submission": office(code="submission"),
    "review-manage:outbox": office(),
    "review-manage:prepare": office_action(),
    "review-manage:send": office_action(),
    "review-manage:notification": office(pk="notification"),
    "review-manage:batch": office(pk="batch"),
    "review-manage:codes": office(),
    # schedule
    "schedule-manage:editor": office(),
    "schedule-manage:place": office_action(),
    "schedule-manage:block": office_action(),
    "schedule-manage:remove": office_action(pk="schedule_slot"),
    "schedule-manage:releases": office(),
    "schedule-manage:day": office(day="day"),
    # office hours
    "office_hours_manage:overview": office(),
    "office_hours_manage:settings": office(),
    # slides
    "slides-manage:dashboard": office(),
    "slides-manage:settings": office(),
    "slides-manage:reviewer-appoint": office_action(),
    "slides-manage:reviewer-remove": office_action(pk="slide_reviewer"),
    "slides-manage:talk": office(code="talk"),
    "slides_publication:publication": office(),
    "slides_publication:publication-set": office_action(code="talk"),
    "slides_publication:videos": office(),
    "slides_publication:videos-csv": office(),
    "slides_publication:video-remove": office_action(code="talk"),
    "slides_publication:av-pack": office(),
    "slides_publication:av-pack-download": office(room="room", day="day"),
    # the speaker portal and the call for papers
    "cfp:submission": Row(OWN_PROPOSAL, {"code": "submission"}),
    "cfp:withdraw": Row(SIGNED_IN_ACTION, {"code": "submission"}),
    "cfp:invite": Row(SIGNED_IN_ACTION, {"code": "submission"}),
    "cfp:landing": Row(_answers(200)),
    "cfp:create": Row(_answers(200, anonymous=SIGN_IN)),
    "review-portal:respond": Row(SIGNED_IN_ACTION, {"code": "submission"}),
    # the reviewers' side
    "reviewing:home": Row(REVIEWING),
    "reviewing:bids": Row(REVIEWING),
    "reviewing:bid": Row(REVIEWING_ACTION, {"code": "submission"}),
    "reviewing:conflict": Row(REVIEWING_ACTION, {"code": "submission"}),
    "reviewing:submission": Row(REVIEWING_CONFLICTED, {"code": "submission"}),
    "reviewing:ask": Row(REVIEWING_ACTION, {"code": "submission"}),
    # office hours: a speaker's bookings are theirs (404 to anyone else); the mentoring pages are the
    # mentors' (403 to anyone without the role, whoever's booking it is); site administrators pass
    "office_hours:slots": Row(_answers(200, anonymous=SIGN_IN)),
    "office_hours:mine": Row(_answers(200, anonymous=SIGN_IN)),
    "office_hours:book": Row(_answers(200, anonymous=SIGN_IN), {"code": "slot"}),
    "office_hours:booking": Row(_answers(404, anonymous=SIGN_IN, speaker=200, admin=200), {"code": "booking"}),
    "office_hours:booking-ics": Row(_answers(404, anonymous=SIGN_IN, speaker=200, admin=200), {"code": "booking"}),
    "office_hours:cancel": Row(SIGNED_IN_ACTION, {"code": "booking"}),
    "office_hours:reschedule": Row(SIGNED_IN_ACTION, {"code": "booking"}),
    "office_hours:feedback": Row(SIGNED_IN_ACTION, {"code": "booking"}),
    "office_hours:recording": Row(SIGNED_IN_ACTION, {"code": "booking"}),
    "office_hours:mentor-home": Row(MENTORING),
    "office_hours:slot-new": Row(MENTORING),
    "office_hours:slot-cancel": Row(MENTORING_ACTION, {"code": "slot"}),
    "office_hours:mentor-booking": Row(MENTORING, {"code": "booking"}),
    "office_hours:shared-submission": Row(MENTORING, {"code": "booking"}),
    "office_hours:feed-revoke": Row(MENTORING_ACTION),
}
# The parts of the URL space the table covers so far; the walk fails for any URL with an object
# in it under these prefixes that has no row.
COVERED_PREFIXES = (
    "manage/<slug:slug>/",
    "me/submissions/",
    "me/decisions/",
    "<slug:slug>/cfp/",
    "<slug:slug>/reviewing/",
    "<slug:slug>/office-hours/",
    "<slug:slug>/mentoring/",
)
