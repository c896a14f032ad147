"""Who manages webhooks: a conference's organisers for its events; site administrators for every
conference's (an endpoint with no conference) as well as any one conference's."""

import rules

from conference.permissions import is_organiser, is_site_admin

rules.add_perm("webhooks.manage_webhooks", is_organiser | is_site_admin)
rules.add_perm("webhooks.manage_site_webhooks", is_site_admin)
