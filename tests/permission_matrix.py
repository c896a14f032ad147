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
# Site-wide back-office pages (no conference): site administrators only.
SITE_ADMIN = _answers(403, anonymous=SIGN_IN, admin=200)
SITE_ADMIN_ACTION = _answers(403, anonymous=SIGN_IN, admin=405)
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


# Pages anyone may read (public programme, feeds and invitations whose secret token is the
# credential, public photos), and the ones behind sign-in alone.
PUBLIC = _answers(200)
SIGNED_IN = _answers(200, anonymous=SIGN_IN)
# A POST-only action on a public page anyone may see: the method is refused first, to everyone.
PUBLIC_ACTION = _answers(405)
# The programme's language switch sends everyone back to the page they came from.
LANGUAGE_SWITCH = _answers(302)
# A speaker's availability at a conference where they speak (the schedule's speakers' own page).
AVAILABILITY = _answers(403, anonymous=SIGN_IN, speaker=200, other_speaker=200, admin=200)
AVAILABILITY_ACTION = AVAILABILITY | {"speaker": 405, "other_speaker": 405, "admin": 405}
# A talk's slides before publication: its speakers, the track's reviewers (the conference's
# reviewers review slides unless the organisers turn that off) but not one with a conflict on the
# talk, its organisers, site admins; anyone else may not know the deck exists (404). The speakers'
# own page is theirs and the admins'. The review list is every reviewer's (the conflicted talk is
# not on it); a POST-only review action refuses the method once the list's permission holds.
DECK = _answers(404, anonymous=SIGN_IN, speaker=200, organiser=200, admin=200)
OWN_SLIDES = _answers(404, anonymous=SIGN_IN, speaker=200, admin=200)
SLIDE_REVIEW_LIST = _answers(403, anonymous=SIGN_IN, conflicted_reviewer=200, organiser=200, admin=200)
SLIDE_REVIEWING = SLIDE_REVIEW_LIST | {"conflicted_reviewer": 404}
SLIDE_REVIEWING_ACTION = _answers(403, anonymous=SIGN_IN, conflicted_reviewer=405, organiser=405, admin=405)

# The REST API (session-authenticated clients): anonymous callers get 401 where sign-in is
# needed, never a redirect; public reads are 200 to anyone.
NO_KEY = 401
API_SIGNED_IN = _answers(200, anonymous=NO_KEY)
API_ACTION = _answers(405, anonymous=NO_KEY)
API_OFFICE = _answers(403, anonymous=NO_KEY, organiser=200, admin=200)
API_OFFICE_ACTION = _answers(403, anonymous=NO_KEY, organiser=405, admin=405)
API_OWN_PROPOSAL = _answers(404, anonymous=NO_KEY, speaker=200, organiser=200, admin=200)
# The API's reviewing lists are the committee's and the organisers'; a conflicted proposal is 404.
API_REVIEWING = _answers(403, anonymous=NO_KEY, conflicted_reviewer=200, organiser=200, admin=200)
# The committee's proposals through the API: the reviewers' alone, as the HTML reviewing pages.
API_REVIEWERS = API_REVIEWING | {"organiser": 403}
API_DECK = DECK | {"anonymous": NO_KEY}
# A booking through the API: its speaker's, its slot's mentor's and the site administrators', as
# the HTML booking page (docs/architecture.md "Access": site administrators may know it exists).
API_BOOKING = _answers(404, anonymous=NO_KEY, speaker=200, mentor=200, admin=200)

# The Django admin: everyone but staff is sent to the admin's sign-in (Django's own rule, for
# signed-in people too); its unnamed `<object_id>/` URLs redirect to the change page for anyone,
# the change page then checks. The `view_on_site` shortcut and the catch-all are 404 for staff
# (a user has no public page; no such admin page).
ADMIN_PAGE = _answers(SIGN_IN, admin=200)
ADMIN_REDIRECT = _answers(302)
ADMIN_NOT_FOUND = _answers(SIGN_IN, admin=404)


@dataclass(frozen=True)
class Row:
    answers: dict[str, int]
    # URL argument → the data set's value for it (`slug` is the conference's unless given here).
    args: dict[str, str] = field(default_factory=dict)
    # For a URL that cannot be reversed (unnamed, or a catch-all): the path, formatted with the data set.
    path: str | None = None


def office(**args: str) -> Row:
    return Row(BACK_OFFICE, args)


def office_action(**args: str) -> Row:
    return Row(BACK_OFFICE_ACTION, args)


# URL name → its row. Argument values name data set entries (tests/test_permission_matrix.py).
EXPECTED: dict[str, Row] = {
    # conference
    "conference:dashboard": office(),
    "conference:edit": office(),
    "conference:identity": office(),
    "conference:team": office(),
    "conference:team-revoke": office_action(pk="attendee_role"),
    "conference:events": office(),
    "conference:outgoing-mail": office(),
    "conference:catalogue": office(kind="kind"),
    "conference:catalogue-edit": office(kind="kind", pk="track"),
    "conference:catalogue-delete": office_action(kind="kind", pk="track"),
    # webhooks: a conference's (its organisers) and the site-wide ones (site administrators)
    "webhooks:list": office(),
    "webhooks:detail": office(pk="webhook"),
    "webhooks:rotate": office_action(pk="webhook"),
    "webhooks:delete": office_action(pk="webhook"),
    "webhooks:resend": office_action(pk="webhook", delivery_pk="webhook_delivery"),
    "webhooks:site-detail": Row(SITE_ADMIN, {"pk": "site_webhook"}),
    "webhooks:site-rotate": Row(SITE_ADMIN_ACTION, {"pk": "site_webhook"}),
    "webhooks:site-delete": Row(SITE_ADMIN_ACTION, {"pk": "site_webhook"}),
    "webhooks:site-resend": Row(SITE_ADMIN_ACTION, {"pk": "site_webhook", "delivery_pk": "site_webhook_delivery"}),
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
    "schedule-manage:sessions": office(),
    "schedule-manage:session": office(code="talk"),
    "schedule-manage:session-export": office(code="talk"),
    "schedule-manage:door": office(code="talk"),
    "schedule-manage:door-checkin": office_action(code="talk", reservation="reservation"),
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

# Everything else with an object in it, site-wide: the public programme and its exports, the
# speakers' and reviewers' slides, accounts (a wrong e-mail confirmation or password reset key is a
# page saying so, 200), the REST API and the Django admin.
EXPECTED |= {
    "review-portal:answer": Row(SIGNED_IN_ACTION, {"pk": "clarification"}),
    "cfp:invitation": Row(SIGNED_IN, {"token": "invitation"}),
    "slides_public:deck": Row(PUBLIC, {"code": "published_talk"}),
    "schedule:unavailability": Row(AVAILABILITY),
    "schedule:unavailability-remove": Row(AVAILABILITY_ACTION, {"pk": "unavailability"}),
    "schedule:grid": Row(PUBLIC),
    "schedule:list": Row(PUBLIC),
    "schedule:favourites": Row(PUBLIC),
    "schedule:feed": Row(PUBLIC, {"token": "feed_token"}),
    "schedule:language": Row(LANGUAGE_SWITCH, {"code": "language"}),
    "schedule:print-programme": Row(PUBLIC),
    "schedule:print-door-signs": Row(PUBLIC),
    "schedule:day": Row(PUBLIC, {"day": "day"}),
    "schedule:export-xml": Row(PUBLIC),
    "schedule:export-json": Row(PUBLIC),
    "schedule:export-ics": Row(PUBLIC),
    "schedule:talk": Row(PUBLIC, {"code": "talk"}),
    "schedule:seat-labels": Row(PUBLIC),
    "schedule:rsvp": Row(PUBLIC, {"code": "talk"}),
    "schedule:rsvp-cancel": Row(PUBLIC_ACTION, {"code": "talk"}),
    "schedule:speakers": Row(PUBLIC),
    "schedule:speaker": Row(PUBLIC, {"code": "speaker_code"}),
    "schedule:now": Row(PUBLIC),
    "schedule:room-display": Row(PUBLIC, {"room": "room_slug"}),
    "schedule:manifest": Row(PUBLIC),
    "schedule:service-worker": Row(PUBLIC),
    "schedule:offline-list": Row(PUBLIC),
    "office_hours:mentor-feed": Row(PUBLIC, {"token": "mentor_feed_token"}),
    "slides:talk": Row(OWN_SLIDES, {"code": "talk"}),
    "slides:upload": Row(SIGNED_IN_ACTION, {"code": "talk"}),
    "slides:opt-out": Row(SIGNED_IN_ACTION, {"code": "talk"}),
    "slides:download": Row(DECK, {"code": "talk", "number": "version"}),
    "slides:thumbnail": Row(DECK, {"code": "talk", "number": "version"}),
    "slides:review-list": Row(SLIDE_REVIEW_LIST),
    "slides:review-talk": Row(SLIDE_REVIEWING, {"code": "talk"}),
    "slides:comment": Row(SLIDE_REVIEWING_ACTION, {"code": "talk", "number": "version"}),
    "slides:verdict": Row(SLIDE_REVIEWING_ACTION, {"code": "talk", "number": "version"}),
    "public:conference": Row(PUBLIC),
    "public:identity-css": Row(PUBLIC),
    "account_confirm_email": Row(PUBLIC, {"key": "wrong_key"}),
    "account_reset_password_from_key": Row(PUBLIC, {"uidb36": "uidb36", "key": "wrong_key"}),
    "accounts:api-token-revoke": Row(SIGNED_IN_ACTION, {"prefix": "api_token"}),
    "accounts:photo": Row(PUBLIC, {"name": "photo"}),
    # the API
    "api-root": Row(PUBLIC, path="/api/.json"),
    "submission-list": Row(API_SIGNED_IN),
    "submission-detail": Row(API_OWN_PROPOSAL, {"code": "submission"}),
    "submission-submit": Row(API_ACTION, {"code": "submission"}),
    "submission-withdraw": Row(API_ACTION, {"code": "submission"}),
    "review-submission-list": Row(API_REVIEWERS),
    "review-submission-detail": Row(API_REVIEWERS | {"conflicted_reviewer": 404}, {"code": "submission"}),
    "review-list": Row(API_REVIEWING),
    "ranking-list": Row(API_OFFICE),
    "decision-list": Row(API_OFFICE_ACTION),
    "pass-code-list": Row(API_OFFICE),
    "pass-code-detail": Row(API_OFFICE, {"code": "pass_code"}),
    "pass-code-redeem": Row(API_OFFICE_ACTION, {"code": "pass_code"}),
    "office-hours-slot-list": Row(API_SIGNED_IN),
    "office-hours-slot-detail": Row(API_SIGNED_IN, {"code": "slot"}),
    "office-hours-booking-list": Row(API_SIGNED_IN),
    "office-hours-booking-detail": Row(API_BOOKING, {"code": "booking"}),
    "office-hours-booking-cancel": Row(API_ACTION, {"code": "booking"}),
    "office-hours-booking-reschedule": Row(API_ACTION, {"code": "booking"}),
    "slides-talk-list": Row(API_SIGNED_IN),
    "slides-talk-detail": Row(API_DECK, {"code": "talk"}),
    "slides-version-list": Row(API_DECK, {"code": "talk"}),
    "slides-extension-list": Row(API_OFFICE, {"code": "talk"}),
    "slides-reminder-list": Row(API_OFFICE, {"code": "talk"}),
    "slides-version-detail": Row(API_DECK, {"code": "talk", "number": "version"}),
    "slides-version-download": Row(API_DECK, {"code": "talk", "number": "version"}),
    "slides-comment-list": Row(API_DECK, {"code": "talk", "number": "version"}),
    "slides-review-list": Row(API_DECK, {"code": "talk", "number": "version"}),
    "conference-list.<format>": Row(PUBLIC, {"format": "format"}),
    "conference-detail": Row(PUBLIC, {"slug": "slug"}),
    "conference-detail.<format>": Row(PUBLIC, {"slug": "slug", "format": "format"}),
    "webhook-list": Row(API_OFFICE),
    "webhook-detail": Row(API_OFFICE, {"pk": "webhook"}),
    "webhook-deliveries": Row(API_OFFICE, {"pk": "webhook"}),
    "webhook-rotate-secret": Row(API_OFFICE_ACTION, {"pk": "webhook"}),
    "webhook-resend": Row(API_OFFICE_ACTION, {"pk": "webhook", "delivery_id": "webhook_delivery"}),
    "conference-tracks-list": Row(PUBLIC),
    "conference-tracks-list.<format>": Row(PUBLIC, {"format": "format"}),
    "conference-tracks-detail": Row(PUBLIC, {"pk": "track"}),
    "conference-tracks-detail.<format>": Row(PUBLIC, {"pk": "track", "format": "format"}),
    "conference-rooms-list": Row(PUBLIC),
    "conference-rooms-list.<format>": Row(PUBLIC, {"format": "format"}),
    "conference-rooms-detail": Row(PUBLIC, {"pk": "room"}),
    "conference-rooms-detail.<format>": Row(PUBLIC, {"pk": "room", "format": "format"}),
    "conference-submission-types-list": Row(PUBLIC),
    "conference-submission-types-list.<format>": Row(PUBLIC, {"format": "format"}),
    "conference-submission-types-detail": Row(PUBLIC, {"pk": "submission_type"}),
    "conference-submission-types-detail.<format>": Row(PUBLIC, {"pk": "submission_type", "format": "format"}),
    "conference-levels-list": Row(PUBLIC),
    "conference-levels-list.<format>": Row(PUBLIC, {"format": "format"}),
    "conference-levels-detail": Row(PUBLIC, {"pk": "level"}),
    "conference-levels-detail.<format>": Row(PUBLIC, {"pk": "level", "format": "format"}),
    "schedule-api:release": Row(PUBLIC),
    "schedule-api:talks": Row(PUBLIC),
    "schedule-api:speakers": Row(PUBLIC),
    "schedule-api:slots": Row(API_OFFICE),
    "schedule-api:slot": Row(API_OFFICE_ACTION, {"pk": "talk_slot"}),
    "schedule-api:favourites": Row(API_SIGNED_IN),
    "schedule-api:feed-reset": Row(API_ACTION),
    "schedule-api:favourite": Row(API_ACTION, {"code": "talk"}),
    "schedule-api:rsvp": Row(API_ACTION, {"code": "talk"}),
    "schedule-api:checkin": Row(API_OFFICE_ACTION, {"code": "talk"}),
    "schedule-api:my-rsvps": Row(API_SIGNED_IN),
    "slides-publication-api:publication": Row(API_OFFICE),
    "slides-publication-api:publication-detail": Row(API_OFFICE_ACTION, {"code": "talk"}),
    "slides-publication-api:media": Row(PUBLIC),
    "slides-publication-api:video": Row(API_OFFICE_ACTION, {"code": "talk"}),
    # the Django admin
    "admin:view_on_site": Row(ADMIN_NOT_FOUND, {"content_type_id": "user_type", "object_id": "user_pk"}),
    "admin:auth_user_password_change": Row(ADMIN_PAGE, {"id": "user_pk"}),
    "admin:app_list": Row(ADMIN_PAGE, {"app_label": "app_label"}),
    "admin/(?P<url>.*)$": Row(ADMIN_NOT_FOUND, path="/admin/no-such-page/"),
}
# Each model the admin registers, with the data set's object of it: its change, history and delete
# pages, and its unnamed `<object_id>/` redirect, one row each.
ADMIN_OBJECTS = {
    ("auth", "group"): "group_pk",
    ("account", "emailaddress"): "address_pk",
    ("django_celery_beat", "periodictask"): "task_pk",
    ("django_celery_beat", "clockedschedule"): "clocked_pk",
    ("django_celery_beat", "crontabschedule"): "crontab_pk",
    ("django_celery_beat", "solarschedule"): "solar_pk",
    ("django_celery_beat", "intervalschedule"): "interval_pk",
    ("accounts", "user"): "user_pk",
    ("accounts", "speakerprofile"): "profile_pk",
}
for (app, model), value in ADMIN_OBJECTS.items():
    for page in ("change", "history", "delete"):
        EXPECTED[f"admin:{app}_{model}_{page}"] = Row(ADMIN_PAGE, {"object_id": value})
    EXPECTED[f"admin/{app}/{model}/<path:object_id>/"] = Row(ADMIN_REDIRECT, path=f"/admin/{app}/{model}/{{{value}}}/")
