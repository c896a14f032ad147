"""E-mail texts are plain text, not HTML: a title like "Kafka's <fast> & loose" must reach the
reader as typed, not as `Kafka&#x27;s &lt;fast&gt; &amp; loose`."""

from django.template import Context
from django.template.loader import get_template


def render_text(template_name: str, context: dict) -> str:
    """Renders a template with autoescaping off, whatever the template says."""
    template = get_template(template_name)
    return template.template.render(Context(context, autoescape=False))


def render_subject(template_name: str, context: dict) -> str:
    """A subject is one line of plain text: no escaping, and newlines or runs of spaces (from the
    template's layout or a title) folded into single spaces, since a header cannot hold a newline."""
    return " ".join(render_text(template_name, context).split())
