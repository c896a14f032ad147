"""Who may do what in a conference. Views and the API ask `user.has_perm(name, obj)`; nothing else
checks roles. `obj` is a Conference or anything with a `.conference`."""

import rules

from conference.models import Conference, ConferenceRole
from conference.selectors import roles_in

Role = ConferenceRole.Role


def conference_of(obj) -> Conference | None:
    if isinstance(obj, Conference):
        return obj
    return getattr(obj, "conference", None)


def has_role(role: str):
    @rules.predicate(name=f"is_{role}")
    def predicate(user, obj) -> bool:
        conference = conference_of(obj)
        return conference is not None and role in roles_in(user, conference)

    return predicate


is_organiser = has_role(Role.ORGANISER)
is_reviewer = has_role(Role.REVIEWER)
is_mentor = has_role(Role.MENTOR)
is_attendee = has_role(Role.ATTENDEE)
is_site_admin = rules.is_superuser | rules.is_staff
# Attendees hold a role too, but only these work on the conference and see it before it is public.
TEAM_ROLES = frozenset({Role.ORGANISER, Role.REVIEWER, Role.MENTOR})


@rules.predicate
def is_team_member(user, obj) -> bool:
    conference = conference_of(obj)
    return conference is not None and bool(roles_in(user, conference) & TEAM_ROLES)


@rules.predicate
def is_public_conference(user, obj) -> bool:
    conference = conference_of(obj)
    return conference is not None and conference.is_public


rules.add_perm("conference.add_conference", is_site_admin)
rules.add_perm("conference.view_conference", is_public_conference | is_team_member | is_site_admin)
rules.add_perm("conference.change_conference", is_organiser | is_site_admin)
rules.add_perm("conference.view_backoffice", is_organiser | is_site_admin)
rules.add_perm("conference.manage_team", is_organiser | is_site_admin)
rules.add_perm("conference.view_events", is_organiser | is_site_admin)
rules.add_perm("conference.view_outgoing_mail", is_organiser | is_site_admin)
