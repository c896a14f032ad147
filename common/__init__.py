"""Pieces every domain app shares: access to a conference, view helpers, CSV, charts, form widgets,
task retry policy. `common` sits below every app and imports none of them."""
