from conference.models import ConferenceRole
from conference.selectors import conferences_of


def navigation(request) -> dict:
    """The role-specific links in the header: one query for the user's roles, cached on the user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_conferences": []}
    Role = ConferenceRole.Role
    entries = []
    for conference, roles in conferences_of(user):
        entries.append(
            {
                "conference": conference,
                "roles": roles,
                "is_organiser": Role.ORGANISER in roles,
                "is_reviewer": Role.REVIEWER in roles,
                "is_mentor": Role.MENTOR in roles,
            }
        )
    return {"nav_conferences": entries}
