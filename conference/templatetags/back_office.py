"""`{% back_office_nav %}`: the back office's sidebar for the page's conference (conference/back_office_nav.py)."""

from django import template

from conference.back_office_nav import back_office_nav

register = template.Library()


@register.inclusion_tag("conference/manage/_nav.html", takes_context=True)
def back_office_sidebar(context) -> dict:
    conference = context["conference"]
    match = getattr(context.get("request"), "resolver_match", None)
    return {"conference": conference, "groups": back_office_nav(conference.slug, match)}
